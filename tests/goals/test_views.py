import datetime
import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from goals import selectors, services
from goals.models import AccountabilityPartner, Goal, GoalCheckIn, Milestone, PartnerKind
from matching.models import MemberRole
from tests.factories import MembershipFactory, UserFactory
from tests.goals.factories import (
    GoalCheckInFactory,
    GoalFactory,
    GoalPlanFactory,
    MilestoneFactory,
    in_days,
    linked_pair,
    member_partner,
    outside_partner,
)


def _url(name: str, org, **kwargs) -> str:
    return reverse(f"goals:{name}", kwargs={"org_slug": org.slug, **kwargs})


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def milestone(goal):
    return MilestoneFactory(goal=goal, title="Shadow a budget review", due_date=in_days(30))


# The plan page


def test_a_first_time_mentee_is_told_what_a_goal_plan_is(org, mentee, mentee_member, client_for):
    response = client_for(mentee).get(_url("plan", org, member_pk=mentee_member.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "What is a goal plan?" in content
    assert "Good measures of success" in content
    assert "Write your first goal" in content
    assert "Marco Mentor" in content  # the default accountability partner is named


def test_the_owner_sees_goals_milestones_and_check_ins_with_controls(
    org, mentee, mentee_member, goal, milestone, client_for
):
    GoalCheckInFactory(goal=goal, progress=40, comment="Kick-off went well")
    content = client_for(mentee).get(_url("plan", org, member_pk=mentee_member.pk)).content.decode()
    assert "Your goal plan" in content
    for text in ("Lead the Q3 pricing review", "Shadow a budget review", "Kick-off went well", "On track"):
        assert text in content
    assert 'style="width: 40%"' in content
    assert _url("milestone_complete", org, milestone_pk=milestone.pk) in content
    assert _url("goal_edit", org, goal_pk=goal.pk) in content
    assert "What is a goal plan?" not in content


def test_the_partner_reads_the_plan_without_controls(org, mentor, mentee_member, goal, milestone, client_for):
    response = client_for(mentor).get(_url("plan", org, member_pk=mentee_member.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Mia Mentee's goal plan" in content
    assert "as their mentor" in content
    assert "Lead the Q3 pricing review" in content
    assert "Mark done" not in content
    assert _url("goal_edit", org, goal_pk=goal.pk) not in content
    assert _url("goal_create", org, member_pk=mentee_member.pk) not in content


def test_an_overdue_milestone_is_flagged(org, mentee, mentee_member, goal, client_for):
    MilestoneFactory(goal=goal, due_date=in_days(-2))
    content = client_for(mentee).get(_url("plan", org, member_pk=mentee_member.pk)).content.decode()
    assert "badge-bad" in content and "Overdue" in content


@pytest.mark.parametrize("who", ["manager", "admin", "hr_analyst", "senior_leader"])
def test_people_outside_the_pair_get_404_on_the_plan(request, org, mentee_member, goal, client_for, who):
    response = client_for(request.getfixturevalue(who)).get(_url("plan", org, member_pk=mentee_member.pk))
    assert response.status_code == 404
    assert b"Lead the Q3 pricing review" not in response.content


def test_another_pair_in_the_cohort_gets_404_on_every_plan_page(
    org, pair, mentee_member, goal, milestone, client_for
):
    other = MembershipFactory(organization=org, user=UserFactory()).user
    linked_pair(org, cohort=pair.cohort, mentor=UserFactory(), mentee=other, mentee_name="Ola Other")
    client = client_for(other)
    pages = [
        ("get", _url("plan", org, member_pk=mentee_member.pk)),
        ("get", _url("goal_create", org, member_pk=mentee_member.pk)),
        ("get", _url("partner", org, member_pk=mentee_member.pk)),
        ("get", _url("goal_edit", org, goal_pk=goal.pk)),
        ("get", _url("milestone_create", org, goal_pk=goal.pk)),
        ("get", _url("check_in_create", org, goal_pk=goal.pk)),
        ("post", _url("goal_delete", org, goal_pk=goal.pk)),
        ("post", _url("milestone_complete", org, milestone_pk=milestone.pk)),
        ("post", _url("milestone_reopen", org, milestone_pk=milestone.pk)),
        ("post", _url("milestone_delete", org, milestone_pk=milestone.pk)),
        ("post", _url("partner_link_revoke", org, member_pk=mentee_member.pk)),
        ("post", _url("partner_link_renew", org, member_pk=mentee_member.pk)),
    ]
    for method, url in pages:
        assert getattr(client, method)(url).status_code == 404, url
    assert Goal.objects.filter(pk=goal.pk).exists()
    assert Milestone.objects.get(pk=milestone.pk).completed_at is None


def test_the_plan_page_takes_a_fixed_number_of_queries(
    org, mentee, mentee_member, mentee_plan, client_for, django_assert_max_num_queries
):
    for _ in range(6):
        goal = GoalFactory(plan=mentee_plan)
        MilestoneFactory.create_batch(3, goal=goal)
        GoalCheckInFactory.create_batch(4, goal=goal)
    client = client_for(mentee)
    with django_assert_max_num_queries(16):  # 15, and the navigation's unread messages count
        response = client.get(_url("plan", org, member_pk=mentee_member.pk))
    assert response.status_code == 200
    assert response.content.decode().count('class="goal-card') == 6


# Writing


def test_the_owner_adds_a_goal(org, mentee, mentee_member, client_for):
    response = client_for(mentee).post(
        _url("goal_create", org, member_pk=mentee_member.pk),
        {
            "title": "Present to the council",
            "category": "leadership",
            "description": "",
            "success_measure": "The council asks a follow-up question I can answer.",
            "target_date": in_days(60).isoformat(),
            "status": "not_started",
        },
    )
    goal = Goal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("plan", org, member_pk=mentee_member.pk) + f"#goal-{goal.pk}"
    assert goal.plan.member == mentee_member


def test_a_goal_in_the_past_comes_back_with_the_message_and_nothing_saved(
    org, mentee, mentee_member, client_for
):
    response = client_for(mentee).post(
        _url("goal_create", org, member_pk=mentee_member.pk),
        {
            "title": "Too late",
            "category": "skill",
            "success_measure": "x",
            "target_date": in_days(-5).isoformat(),
            "status": "not_started",
        },
    )
    assert response.status_code == 400
    assert "is in the past; choose today or later" in response.content.decode()
    assert not Goal.objects.exists()


def test_the_partner_is_refused_every_write_with_403(org, mentor, mentee_member, goal, milestone, client_for):
    client = client_for(mentor)
    for method, url in [
        ("get", _url("goal_create", org, member_pk=mentee_member.pk)),
        ("get", _url("goal_edit", org, goal_pk=goal.pk)),
        ("post", _url("goal_edit", org, goal_pk=goal.pk)),
        ("get", _url("partner", org, member_pk=mentee_member.pk)),
        ("post", _url("goal_delete", org, goal_pk=goal.pk)),
        ("post", _url("milestone_complete", org, milestone_pk=milestone.pk)),
        ("post", _url("check_in_create", org, goal_pk=goal.pk)),
    ]:
        assert getattr(client, method)(url).status_code == 403, url
    assert Milestone.objects.get(pk=milestone.pk).completed_at is None


def test_the_owner_edits_a_goal_and_a_milestone_date_conflict_is_explained(
    org, mentee, goal, milestone, client_for
):
    client = client_for(mentee)
    url = _url("goal_edit", org, goal_pk=goal.pk)
    assert 'value="Lead the Q3 pricing review"' in client.get(url).content.decode()
    data = {
        "title": "Lead the pricing review",
        "category": "leadership",
        "success_measure": "Adopted",
        "target_date": in_days(10).isoformat(),
        "status": "at_risk",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "“Shadow a budget review” is due on" in response.content.decode()
    response = client.post(url, {**data, "target_date": in_days(40).isoformat()})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.status) == ("Lead the pricing review", "at_risk")


def test_a_milestone_after_the_goal_is_refused_on_its_own_page(org, mentee, goal, client_for):
    response = client_for(mentee).post(
        _url("milestone_create", org, goal_pk=goal.pk),
        {"title": "Too late", "due_date": (goal.target_date + datetime.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400
    assert "after the goal&#x27;s target date" in response.content.decode()
    assert not Milestone.objects.exists()


def test_completing_a_milestone_with_htmx_swaps_the_row(org, mentee, milestone, client_for):
    response = client_for(mentee).post(
        _url("milestone_complete", org, milestone_pk=milestone.pk), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.strip().startswith(f'<li id="milestone-{milestone.pk}" class="milestone-done">')
    assert "A win — well done!" in content
    assert 'id="plan-summary" hx-swap-oob="true"' in content and "1 / 1" in content
    assert _url("milestone_reopen", org, milestone_pk=milestone.pk) in content
    milestone.refresh_from_db()
    assert milestone.completed_by == mentee


def test_completing_a_milestone_without_htmx_goes_back_and_celebrates(org, mentee, milestone, client_for):
    response = client_for(mentee).post(
        _url("milestone_complete", org, milestone_pk=milestone.pk), follow=True
    )
    assert "That's a win!" in " ".join(_messages(response))
    assert (
        client_for(mentee).get(_url("milestone_complete", org, milestone_pk=milestone.pk)).status_code == 405
    )


def test_reopening_and_deleting_a_milestone(org, mentee, milestone, client_for):
    client = client_for(mentee)
    services.milestone_complete(milestone=milestone, actor=mentee)
    client.post(_url("milestone_reopen", org, milestone_pk=milestone.pk), HTTP_HX_REQUEST="true")
    milestone.refresh_from_db()
    assert milestone.completed_at is None
    response = client.post(_url("milestone_delete", org, milestone_pk=milestone.pk), HTTP_HX_REQUEST="true")
    assert (response.status_code, response.content) == (200, b"")
    assert not Milestone.objects.exists()


def test_the_owner_checks_in_and_out_of_range_progress_is_refused(org, mentee, goal, client_for):
    client = client_for(mentee)
    url = _url("check_in_create", org, goal_pk=goal.pk)
    today = timezone.localdate().isoformat()
    response = client.post(url, {"date": today, "progress": 130, "status": "on_track", "comment": "x"})
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 100." in response.content.decode()
    assert not GoalCheckIn.objects.exists()
    response = client.post(url, {"date": today, "progress": 70, "status": "done", "comment": "Nearly"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "done"
    assert GoalCheckIn.objects.get().progress == 70


def test_the_owner_removes_a_goal(org, mentee, goal, client_for):
    assert client_for(mentee).post(_url("goal_delete", org, goal_pk=goal.pk)).status_code == 302
    assert not Goal.objects.exists()


# The accountability partner


def test_the_owner_names_a_colleague_who_then_reads_the_plan(org, mentee, mentee_member, goal, client_for):
    colleague = MembershipFactory(organization=org, user=UserFactory(full_name="Ada Ally")).user
    plan_url = _url("plan", org, member_pk=mentee_member.pk)
    assert client_for(colleague).get(plan_url).status_code == 404
    response = client_for(mentee).post(
        _url("partner", org, member_pk=mentee_member.pk), {"kind": "member", "user": colleague.pk}
    )
    assert response.status_code == 302
    response = client_for(colleague).get(plan_url)
    assert response.status_code == 200
    assert "You are Mia Mentee's accountability partner" in response.content.decode()
    assert "Lead the Q3 pricing review" in response.content.decode()


def test_a_colleague_from_another_organization_cannot_be_chosen(
    org, outsider, mentee, mentee_member, client_for
):
    response = client_for(mentee).post(
        _url("partner", org, member_pk=mentee_member.pk), {"kind": "member", "user": outsider.pk}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not AccountabilityPartner.objects.filter(kind=PartnerKind.MEMBER).exists()


def test_an_outside_partner_gets_a_link_shown_once_and_emailed(
    org, mentee, mentee_member, goal, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(mentee).post(
            _url("partner", org, member_pk=mentee_member.pk),
            {"kind": "outside", "name": "Olivia Outside", "email": "olivia@elsewhere.test"},
        )
    assert response.status_code == 200
    link = re.search(r'value="(http[^"]+/goals/shared/[^"]+/)"', response.content.decode()).group(1)
    assert link in mail.outbox[0].body
    assert "this is the only time it is shown" in response.content.decode()
    assert (
        "Olivia Outside"
        in client_for(mentee).get(_url("plan", org, member_pk=mentee_member.pk)).content.decode()
    )


def test_the_owner_revokes_and_renews_the_outside_link(org, mentee, mentee_member, mentee_plan, client_for):
    partner = outside_partner(mentee_plan, raw_token="first-token")
    client = client_for(mentee)
    response = client.post(_url("partner_link_revoke", org, member_pk=mentee_member.pk), follow=True)
    assert "no longer works" in " ".join(_messages(response))
    partner.refresh_from_db()
    assert partner.link_status == "revoked"
    response = client.post(_url("partner_link_renew", org, member_pk=mentee_member.pk))
    assert response.status_code == 200
    assert "/goals/shared/" in response.content.decode()
    partner.refresh_from_db()
    assert partner.link_status == "active"
    assert client.get("/goals/shared/first-token/").status_code == 404


# The outside partner's page


def test_the_outside_partner_reads_the_plan_through_the_link(mentee_plan, goal, milestone, client):
    outside_partner(mentee_plan, raw_token="good-token")
    GoalCheckInFactory(goal=goal, comment="Slow week")
    response = client.get("/goals/shared/good-token/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Hello Olivia Outside." in content
    for text in (
        "Mia Mentee's goal plan",
        "Lead the Q3 pricing review",
        "Shadow a budget review",
        "Slow week",
    ):
        assert text in content
    assert "Mark done" not in content and "Edit goal" not in content
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_expired_link_says_so_clearly(mentee_plan, goal, client):
    partner = outside_partner(mentee_plan, raw_token="old-token")
    AccountabilityPartner.objects.filter(pk=partner.pk).update(
        link_expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    response = client.get("/goals/shared/old-token/")
    assert response.status_code == 410
    content = response.content.decode()
    assert "This link has expired" in content
    assert "ask them to send you a new one" in content
    assert "Lead the Q3 pricing review" not in content


def test_a_revoked_or_replaced_link_says_so(mentee, mentee_member, mentee_plan, goal, client):
    outside_partner(mentee_plan, raw_token="revoked-token")
    services.accountability_link_revoke(member=mentee_member, actor=mentee)
    assert "This link was revoked" in client.get("/goals/shared/revoked-token/").content.decode()
    services.accountability_partner_set(member=mentee_member, actor=mentee, kind=PartnerKind.PAIR_PARTNER)
    response = client.get("/goals/shared/revoked-token/")
    assert response.status_code == 410
    assert "has chosen a different accountability partner" in response.content.decode()


def test_an_unknown_link_is_a_404(db, client):
    response = client.get("/goals/shared/no-such-token/")
    assert response.status_code == 404
    assert "We don't know this link" in response.content.decode()


# Home, the manager's numbers, and the pair space partial


def test_home_lists_the_persons_plans_and_partners_plans(
    org, mentee, mentee_member, mentor_member, goal, client_for
):
    content = client_for(mentee).get(_url("home", org)).content.decode()
    assert "Your goal plans" in content and "Your partners' plans" in content
    assert _url("plan", org, member_pk=mentee_member.pk) in content
    assert _url("plan", org, member_pk=mentor_member.pk) in content
    assert "Lead the Q3 pricing review" not in content  # the home page shows numbers only


def test_home_explains_goal_plans_to_someone_not_yet_paired(org, senior_leader, client_for):
    content = client_for(senior_leader).get(_url("home", org)).content.decode()
    assert "You have no goal plan yet" in content
    assert "Goal progress by cohort" not in content


def test_managers_see_goal_numbers_by_cohort_never_the_words(org, pair, manager, goal, milestone, client_for):
    GoalCheckInFactory(goal=goal, comment="Private thoughts")
    client = client_for(manager)
    assert (
        _url("cohort_progress", org, cohort_pk=pair.cohort_id)
        in client.get(_url("home", org)).content.decode()
    )
    response = client.get(_url("cohort_progress", org, cohort_pk=pair.cohort_id))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Mia Mentee" in content and "1 on track" in content and "0 of 1 (0%)" in content
    for private in (
        "Lead the Q3 pricing review",
        "Shadow a budget review",
        "Private thoughts",
        goal.success_measure,
    ):
        assert private not in content


def test_cohort_progress_page_takes_a_fixed_number_of_queries(
    org, pair, manager, client_for, django_assert_max_num_queries
):
    for _ in range(5):
        other = linked_pair(org, cohort=pair.cohort, mentor=UserFactory(), mentee=UserFactory())
        GoalFactory.create_batch(2, plan=GoalPlanFactory(member=other.members.get(role=MemberRole.MENTEE)))
    client = client_for(manager)
    with django_assert_max_num_queries(14):
        response = client.get(_url("cohort_progress", org, cohort_pk=pair.cohort_id))
    assert response.content.decode().count("<tr>") == 13


def test_the_pair_goals_partial_shows_plans_and_wins_for_the_pair(org, pair, mentor, mentee, goal, milestone):
    services.milestone_complete(milestone=milestone, actor=mentee)
    request = RequestFactory().get("/")
    request.user = mentor
    html = render_to_string(
        "goals/_pair_goals.html",
        {"pair_goals": selectors.pair_goals(pair, mentor), "organization": org},
        request=request,
    )
    assert "Recent wins" in html
    assert "Shadow a budget review" in html and "Mia Mentee" in html
    assert "Your goals" in html and "Mia Mentee's goals" in html
    html = render_to_string(
        "goals/_pair_goals.html",
        {"pair_goals": selectors.pair_goals(pair, UserFactory()), "organization": org},
    )
    assert "Shadow a budget review" not in html
    assert "read only by the pair" in html


def test_a_member_accountability_partner_finds_the_plan_on_home(org, mentee_plan, client_for):
    colleague = MembershipFactory(organization=org, user=UserFactory()).user
    member_partner(mentee_plan, colleague)
    content = client_for(colleague).get(_url("home", org)).content.decode()
    assert "You are accountability partner for" in content
    assert "Mia Mentee" in content


def test_after_the_pair_ends_the_owner_reads_their_plan_without_controls(
    org, pair, mentee, mentor, mentee_member, goal, client_for
):
    pair.status = "ended"
    pair.save()
    response = client_for(mentee).get(_url("plan", org, member_pk=mentee_member.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert "kept as it was, read-only" in content and "Lead the Q3 pricing review" in content
    assert _url("goal_edit", org, goal_pk=goal.pk) not in content
    assert client_for(mentee).get(_url("goal_edit", org, goal_pk=goal.pk)).status_code == 403
    assert client_for(mentor).get(_url("plan", org, member_pk=mentee_member.pk)).status_code == 404
