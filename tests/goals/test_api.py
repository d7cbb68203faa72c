import pytest
from rest_framework.test import APIClient

from goals.api.serializers import GoalProgressItemSerializer, GoalSerializer
from matching.models import MemberRole
from organizations.services.api_keys import api_key_create
from tests.factories import MembershipFactory, UserFactory
from tests.goals.factories import (
    GoalCheckInFactory,
    GoalFactory,
    GoalPlanFactory,
    MilestoneFactory,
    linked_pair,
    member_partner,
)

TEXT_KEYS = {"title", "description", "success_measure", "category"}


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _plans(org) -> str:
    return f"/api/v1/o/{org.slug}/goal-plans/"


@pytest.fixture
def full_plan(mentee_plan, goal):
    MilestoneFactory(goal=goal, title="Shadow a budget review")
    GoalCheckInFactory(goal=goal, progress=30, comment="Slow start")
    return mentee_plan


def test_the_owner_reads_their_plan_with_its_words(org, mentee, full_plan, mentee_member):
    [plan] = _api(mentee).get(_plans(org)).json()["results"]
    assert plan["access"] == "owner"
    assert plan["owner"] == {"member": mentee_member.pk, "name": "Mia Mentee", "role": "mentee"}
    [goal] = plan["goals"]
    assert goal["title"] == "Lead the Q3 pricing review"
    assert goal["milestones"][0]["title"] == "Shadow a budget review"
    assert goal["check_ins"][0] == {
        "id": goal["check_ins"][0]["id"],
        "date": goal["check_ins"][0]["date"],
        "progress": 30,
        "comment": "Slow start",
    }
    assert plan["progress"]["goals_on_track"] == 1 and plan["progress"]["milestones_total"] == 1


def test_the_partner_reads_both_plans_of_the_pair(org, mentor, full_plan, mentor_member):
    GoalPlanFactory(member=mentor_member)
    plans = _api(mentor).get(_plans(org)).json()["results"]
    assert sorted(p["access"] for p in plans) == ["owner", "partner"]
    partner_view = next(p for p in plans if p["access"] == "partner")
    assert partner_view["goals"][0]["success_measure"] == full_plan.goals.get().success_measure


def test_managers_and_admins_get_numbers_and_dates_never_words(org, manager, admin, full_plan):
    for user in (manager, admin):
        [plan] = _api(user).get(_plans(org)).json()["results"]
        assert plan["access"] == "manager"
        [goal] = plan["goals"]
        assert set(goal) == {"id", "target_date", "status", "milestones", "check_ins"}
        assert set(goal["milestones"][0]) == {"id", "due_date", "completed_at"}
        assert set(goal["check_ins"][0]) == {"id", "date", "progress"}
        assert plan["progress"]["goals_total"] == 1


def test_the_manager_shape_is_an_allowlist_of_the_content_shape():
    """Manager-visible goal fields are only ids, dates, statuses and numbers."""
    assert set(GoalProgressItemSerializer.Meta.fields) == {
        "id",
        "target_date",
        "status",
        "milestones",
        "check_ins",
    }
    assert set(GoalSerializer.Meta.fields) >= TEXT_KEYS


def test_hr_and_other_members_see_no_plans(org, hr_analyst, senior_leader, full_plan):
    for user in (hr_analyst, senior_leader):
        assert _api(user).get(_plans(org)).json()["results"] == []
        assert _api(user).get(f"{_plans(org)}{full_plan.pk}/").status_code == 404


def test_an_hr_api_key_sees_no_plans_but_cohort_aggregates(org, hr_analyst, full_plan):
    _, raw = api_key_create(organization=org, actor=hr_analyst, name="Workday", scopes=["programs.read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert client.get(_plans(org)).json()["results"] == []
    [row] = client.get(f"/api/v1/o/{org.slug}/goal-summary/").json()
    assert (row["suppressed"], row["people"], row["progress"]) == (True, None, None)


def test_cohort_aggregates_show_figures_for_a_large_enough_group(
    org, pair, hr_analyst, full_plan, mentor_member
):
    org.min_group_size = 2
    org.save()
    GoalPlanFactory(member=mentor_member)
    [row] = _api(hr_analyst).get(f"/api/v1/o/{org.slug}/goal-summary/").json()
    assert row["cohort"] == pair.cohort_id
    assert (row["suppressed"], row["people"], row["progress"]["goals_total"]) == (False, 2, 1)
    assert "Lead the Q3 pricing review" not in str(row)


def test_members_cannot_read_cohort_aggregates(org, mentee):
    assert _api(mentee).get(f"/api/v1/o/{org.slug}/goal-summary/").status_code == 403


def test_another_pair_in_the_cohort_gets_404_on_the_plan(org, pair, full_plan):
    other = MembershipFactory(organization=org, user=UserFactory()).user
    linked_pair(org, cohort=pair.cohort, mentor=UserFactory(), mentee=other)
    assert _api(other).get(f"{_plans(org)}{full_plan.pk}/").status_code == 404
    assert [p["access"] for p in _api(other).get(_plans(org)).json()["results"]] == []


def test_a_member_accountability_partner_reads_the_plan(org, full_plan):
    ally = MembershipFactory(organization=org, user=UserFactory()).user
    member_partner(full_plan, ally)
    data = _api(ally).get(f"{_plans(org)}{full_plan.pk}/").json()
    assert data["access"] == "accountability_partner"
    assert data["goals"][0]["title"] == "Lead the Q3 pricing review"


def test_another_organizations_plan_is_404(org, other_org, outsider, full_plan):
    assert _api(outsider).get(f"/api/v1/o/{other_org.slug}/goal-plans/{full_plan.pk}/").status_code == 404
    assert _api(outsider).get(f"/api/v1/o/{other_org.slug}/goal-plans/").json()["results"] == []
    assert _api(outsider).get(_plans(org)).status_code == 404


def test_plans_filter_by_cohort_pair_and_role(org, pair, manager, full_plan, mentor_member):
    GoalPlanFactory(member=mentor_member)
    other = linked_pair(org, mentor=UserFactory(), mentee=UserFactory())
    GoalPlanFactory(member=other.members.get(role=MemberRole.MENTEE))
    client = _api(manager)

    def ids(**params):
        return sorted(p["id"] for p in client.get(_plans(org), params).json()["results"])

    assert len(ids()) == 3
    assert ids(cohort=pair.cohort_id) == ids(pair=pair.pk)
    assert len(ids(pair=pair.pk)) == 2
    assert ids(pair=pair.pk, role="mentee") == [full_plan.pk]
    assert client.get(_plans(org), {"role": "boss"}).status_code == 400


def test_the_plan_list_takes_a_fixed_number_of_queries(org, pair, manager, django_assert_max_num_queries):
    for _ in range(6):
        other = linked_pair(org, cohort=pair.cohort, mentor=UserFactory(), mentee=UserFactory())
        for member in other.members.all():
            plan = GoalPlanFactory(member=member)
            for goal in GoalFactory.create_batch(2, plan=plan):
                MilestoneFactory.create_batch(2, goal=goal)
                GoalCheckInFactory(goal=goal)
    client = _api(manager)
    with django_assert_max_num_queries(12):
        response = client.get(_plans(org))
    assert response.json()["count"] == 12


def test_a_members_plan_list_takes_a_fixed_number_of_queries(
    org, mentee, full_plan, mentor_member, django_assert_max_num_queries
):
    for goal in GoalFactory.create_batch(4, plan=GoalPlanFactory(member=mentor_member)):
        MilestoneFactory.create_batch(3, goal=goal)
    client = _api(mentee)
    with django_assert_max_num_queries(12):
        response = client.get(_plans(org))
    assert response.json()["count"] == 2
