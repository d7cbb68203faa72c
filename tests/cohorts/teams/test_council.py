import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from icalendar import Calendar

from cohorts.teams.models import CouncilSeat
from cohorts.teams.services.council import (
    council_set,
    criteria_for,
    criteria_set,
    presentation_schedule,
    review_save,
)
from organizations.roles import Role
from tests.cohorts.teams.factories import BusinessChallengeFactory, team_for
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def team(cohort, mentee_participant):
    return team_for(BusinessChallengeFactory(cohort=cohort), mentee_participant)


@pytest.fixture
def second_leader(org):
    return MembershipFactory(
        organization=org, role=Role.SENIOR_LEADER, user=UserFactory(email="cfo@acme.test")
    ).user


@pytest.fixture
def council(cohort, manager, senior_leader, second_leader, leader_row):
    council_set(actor=manager, cohort=cohort, user_ids=[senior_leader.pk, second_leader.pk])
    return [senior_leader, second_leader]


def _all(cohort, score):
    return {c.pk: score for c in criteria_for(cohort)}


def test_only_senior_leaders_sit_on_the_council(cohort, manager, mentee, senior_leader):
    with pytest.raises(ValidationError):
        council_set(actor=manager, cohort=cohort, user_ids=[mentee.pk])
    with pytest.raises(ValidationError):
        council_set(actor=manager, cohort=cohort, user_ids=["abc"])
    with pytest.raises(PermissionDenied):
        council_set(actor=senior_leader, cohort=cohort, user_ids=[senior_leader.pk])
    assert not CouncilSeat.objects.exists()


def test_the_criteria_are_an_editable_list(cohort, manager):
    assert len(criteria_for(cohort)) == 4
    criteria = criteria_set(actor=manager, cohort=cohort, names=["Impact", " Feasibility ", ""])
    assert [c.name for c in criteria] == ["Impact", "Feasibility"]
    for bad in ([], ["x" * 200], ["A", "a"], [str(n) for n in range(11)]):
        with pytest.raises(ValidationError):
            criteria_set(actor=manager, cohort=cohort, names=bad)


def test_a_council_member_scores_every_criterion_from_1_to_5(cohort, team, council):
    leader = council[0]
    with pytest.raises(ValidationError, match="every criterion"):
        review_save(actor=leader, team=team, scores={criteria_for(cohort)[0].pk: 4})
    with pytest.raises(ValidationError, match="from 1 to 5"):
        review_save(actor=leader, team=team, scores=_all(cohort, 6))
    with pytest.raises(ValidationError):
        review_save(actor=leader, team=team, scores=_all(cohort, "high"))
    with pytest.raises(ValidationError):
        review_save(actor=leader, team=team, scores=_all(cohort, 4), comment="x" * 10_000)
    review = review_save(actor=leader, team=team, scores=_all(cohort, 4), comment="Clear.")
    assert review.submitted_at is not None and review.scores.count() == 4


def test_a_council_member_cannot_score_a_team_they_sponsor(cohort, council, mentee_participant, leader_row):
    sponsored = team_for(BusinessChallengeFactory(cohort=cohort, sponsor=leader_row))
    with pytest.raises(ValidationError, match="sponsor"):
        review_save(actor=council[0], team=sponsored, scores=_all(cohort, 3))


def test_someone_off_the_council_cannot_score(cohort, team, manager):
    with pytest.raises(PermissionDenied):
        review_save(actor=manager, team=team, scores=_all(cohort, 3))


def test_scores_stay_hidden_from_other_council_members_until_they_submit_their_own(
    org, cohort, team, council, client_for
):
    review_save(actor=council[0], team=team, scores=_all(cohort, 2), comment="MARK-COMMENT-ONE")
    results = reverse("teams:results", kwargs={"org_slug": org.slug, "pk": cohort.pk})
    body = client_for(council[1]).get(results).content.decode()
    assert "MARK-COMMENT-ONE" not in body and "Scores are hidden until you submit your own" in body
    assert (council[1].full_name or council[1].email) in body  # named as not scored yet
    review_save(actor=council[1], team=team, scores=_all(cohort, 4))
    body = client_for(council[1]).get(results).content.decode()
    assert "MARK-COMMENT-ONE" in body and "3.0" in body and "Every council member has scored" in body


def test_the_score_sheet_page_submits_scores(org, cohort, team, council, client_for):
    url = reverse("teams:review", kwargs={"org_slug": org.slug, "pk": team.pk})
    client = client_for(council[1])
    assert client.get(url).status_code == 200
    data = {f"criterion_{c.pk}": "5" for c in criteria_for(cohort)} | {"comment": "Ship it"}
    response = client.post(url, data)
    assert response.status_code == 302 and "/results/" in response["Location"]
    assert client.post(url, {"criterion_abc": "9"}).status_code == 200


def test_a_presentation_slot_gives_a_calendar_file(org, cohort, team, manager, council, client_for):
    starts = datetime.datetime(2027, 6, 1, 9, 0, tzinfo=datetime.UTC)
    presentation = presentation_schedule(
        actor=manager, team=team, starts_at=starts, minutes=30, location="Board room"
    )
    with pytest.raises(ValidationError):
        presentation_schedule(
            actor=manager, team=team, starts_at=datetime.datetime(1, 1, 1, tzinfo=datetime.UTC), minutes=30
        )
    response = client_for(council[0]).get(
        reverse("teams:presentation_ics", kwargs={"org_slug": org.slug, "pk": presentation.pk})
    )
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event["location"] == "Board room" and event.decoded("dtstart") == starts


def test_year_one_and_garbage_slots_are_refused_without_a_500(org, team, manager, client_for):
    url = reverse("teams:presentation", kwargs={"org_slug": org.slug, "pk": team.pk})
    prefix = f"team{team.pk}"
    for starts in ("0001-01-01T00:00", "9999-12-31T23:59", "soon"):
        response = client_for(manager).post(url, {f"{prefix}-starts_at": starts, f"{prefix}-minutes": "30"})
        assert response.status_code == 302


def test_hr_reads_aggregated_council_results_without_comments(org, cohort, team, council, hr_analyst):
    from rest_framework.test import APIClient

    review_save(actor=council[0], team=team, scores=_all(cohort, 2), comment="MARK-SECRET")
    review_save(actor=council[1], team=team, scores=_all(cohort, 5))
    api = APIClient()
    api.force_authenticate(hr_analyst)
    response = api.get(f"/api/v1/o/{org.slug}/council-results/")
    assert "MARK-SECRET" not in response.content.decode()
    row = response.json()["results"][0]
    assert row["criteria"][0] == {
        "criterion": "Insight into the problem",
        "mean": 3.5,
        "spread": 3,
        "scored": 2,
    }


def test_a_council_member_sees_presentations_to_score_on_their_overview(
    org, cohort, team, council, client_for
):
    from cohorts.teams.models import ProjectTeam

    sponsored = ProjectTeam.objects.get(pk=team.pk)
    review_save(actor=council[1], team=team, scores=_all(cohort, 3))
    body = (
        client_for(council[0])
        .get(reverse("teams:leader_overview", kwargs={"org_slug": org.slug}))
        .content.decode()
    )
    assert "Presentations to score" in body and sponsored.challenge.title in body and ">Score<" in body
    overview = client_for(council[0]).get(reverse("dashboard", kwargs={"org_slug": org.slug}))
    assert "Your council duties" in overview.content.decode()


def test_the_results_page_reads_every_team_in_a_fixed_number_of_queries(
    org, cohort, team, council, manager, client_for
):
    """Each team's results as ``team_result`` gives them, on a page whose queries do not grow
    with the teams (one set of reads per team before: 21 queries for three teams)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cohorts.teams.results import cohort_results, team_result, teams_results
    from cohorts.teams.selectors import team_list

    results = reverse("teams:results", kwargs={"org_slug": org.slug, "pk": cohort.pk})
    client = client_for(manager)

    def queries() -> int:
        client.get(results)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(results).status_code == 200
        return len(captured)

    review_save(actor=council[0], team=team, scores=_all(cohort, 2), comment="Sharp.")
    one = queries()
    for score in (3, 5):
        another = team_for(BusinessChallengeFactory(cohort=cohort))
        review_save(actor=council[1], team=another, scores=_all(cohort, score), comment="")
        review_save(actor=council[0], team=another, scores=_all(cohort, 1), comment="Thin.")
    assert queries() == one
    teams = list(team_list().filter(cohort=cohort))
    rows = cohort_results(teams, criteria_for(cohort), user=manager, manages=True)
    assert [row.result for row in rows] == [team_result(t, criteria_for(cohort)) for t in teams]
    assert teams_results(teams) == [row.result for row in rows]  # the API's list
    assert [[review.comment for review in row.comments] for row in rows] == [["Sharp."], ["Thin."], ["Thin."]]
    seen_by_second = cohort_results(teams, criteria_for(cohort), user=council[1], manages=False)
    assert [row.visible for row in seen_by_second] == [False, True, True]
