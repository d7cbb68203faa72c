"""The mentoring API: content for the pair, metadata for managers and HR, filters, pair health."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from organizations.clock import local_date
from organizations.services.api_keys import api_key_create
from sessions.models import MeetingStatus, SessionMaterial
from tests.factories import UserFactory
from tests.frozen_time import clock_from
from tests.sessions.factories import (
    ActionItemFactory,
    AttendanceFactory,
    LearningSessionFactory,
    MeetingFactory,
    PrivateNoteFactory,
    pair_of,
)

NOW = timezone.now()
clock = clock_from(NOW)  # the tests' clock starts at NOW: the data and the pages agree on the day


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def base(org) -> str:
    return f"/api/v1/o/{org.slug}"


def test_the_pair_lists_its_meetings_with_content_and_never_private_notes(
    org, pair, other_pair, mentee, mentor_member
):
    meeting = MeetingFactory(pair=pair, topics="Salary talks", shared_notes="Practise the ask")
    ActionItemFactory(meeting=meeting, owner=mentor_member, text="Send the template")
    PrivateNoteFactory(meeting=meeting, author=mentee, text="PRIVATE")
    MeetingFactory(pair=other_pair, topics="Not yours")
    response = api(mentee).get(f"{base(org)}/meetings/")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["id"] == meeting.pk
    assert row["content"]["topics"] == "Salary talks"
    assert row["content"]["action_items"][0]["text"] == "Send the template"
    assert "PRIVATE" not in response.content.decode()


def test_managers_and_hr_see_every_meeting_as_metadata_only(org, pair, other_pair, manager, hr_analyst):
    MeetingFactory(pair=pair, topics="SECRET-TOPIC", shared_notes="SECRET-NOTES", location="SECRET-PLACE")
    MeetingFactory(pair=other_pair)
    for user in (manager, hr_analyst):
        response = api(user).get(f"{base(org)}/meetings/")
        rows = response.json()["results"]
        assert len(rows) == 2
        assert {row["content"] for row in rows} == {None}
        assert set(rows[0]) == {
            "id",
            "pair",
            "cohort",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "format",
            "status",
            "content",
        }
        assert "SECRET" not in response.content.decode()


def test_an_api_key_reads_meeting_metadata(org, pair, hr_analyst):
    MeetingFactory(pair=pair, topics="SECRET-TOPIC")
    _, raw = api_key_create(organization=org, actor=hr_analyst, name="Workday", scopes=["programs.read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    response = client.get(f"{base(org)}/meetings/")
    assert response.status_code == 200
    assert response.json()["results"][0]["content"] is None
    assert "SECRET" not in response.content.decode()


def test_a_manager_in_a_pair_gets_content_for_that_pair_only(org, cohort, pair, manager):
    own = pair_of(manager, UserFactory(), cohort)
    MeetingFactory(pair=own, topics="My own meeting")
    MeetingFactory(pair=pair, topics="Theirs")
    rows = {row["pair"]: row for row in api(manager).get(f"{base(org)}/meetings/").json()["results"]}
    assert rows[own.pk]["content"]["topics"] == "My own meeting"
    assert rows[pair.pk]["content"] is None


def test_meetings_filter_by_status_and_pair(org, pair, other_pair, manager):
    MeetingFactory(pair=pair, status=MeetingStatus.CANCELLED)
    MeetingFactory(pair=pair, status=MeetingStatus.HAPPENED)
    MeetingFactory(pair=other_pair, status=MeetingStatus.HAPPENED)
    rows = (
        api(manager).get(f"{base(org)}/meetings/", {"status": "happened", "pair": pair.pk}).json()["results"]
    )
    assert [(r["pair"], r["status"]) for r in rows] == [(pair.pk, "happened")]


def test_a_meeting_of_another_pair_is_a_404_for_a_member(org, pair, other_pair, mentee):
    meeting = MeetingFactory(pair=other_pair)
    assert api(mentee).get(f"{base(org)}/meetings/{meeting.pk}/").status_code == 404


def test_members_see_their_cohorts_sessions_for_their_role(org, cohort, pair, mentee, manager):
    everyone = LearningSessionFactory(cohort=cohort, title="For all")
    LearningSessionFactory(cohort=cohort, audience="mentors", title="Mentors only")
    LearningSessionFactory(cohort__program__organization=org, title="Another cohort")
    SessionMaterial.objects.create(
        organization=org, session=everyone, title="Reading", link="https://example.com/r"
    )
    rows = api(mentee).get(f"{base(org)}/learning-sessions/").json()["results"]
    assert [r["title"] for r in rows] == ["For all"]
    assert rows[0]["materials"] == [
        {
            "id": everyone.materials.get().pk,
            "title": "Reading",
            "kind": "link",
            "url": "https://example.com/r",
            "size": 0,
            "content_type": "",
            "created_at": rows[0]["materials"][0]["created_at"],
        }
    ]
    assert len(api(manager).get(f"{base(org)}/learning-sessions/").json()["results"]) == 3


def test_attendance_is_for_managers_and_hr(org, cohort, pair, mentee_member, hr_analyst, mentee):
    session = LearningSessionFactory(cohort=cohort)
    AttendanceFactory(session=session, participant=mentee_member.participant)
    rows = api(hr_analyst).get(f"{base(org)}/session-attendance/", {"session": session.pk}).json()["results"]
    assert [(r["participant"], r["role"], r["source"]) for r in rows] == [
        (mentee_member.participant_id, "mentee", "manager")
    ]
    assert api(mentee).get(f"{base(org)}/session-attendance/").status_code == 403
    detail = api(hr_analyst).get(f"{base(org)}/learning-sessions/{session.pk}/").json()
    assert detail["attended"] == 1


def test_pair_health_lists_each_active_pair_with_its_numbers(org, cohort, pair, other_pair, manager, mentee):
    MeetingFactory(pair=pair, starts_at=NOW - datetime.timedelta(days=2))
    response = api(manager).get(f"{base(org)}/pair-health/", {"cohort": cohort.pk})
    rows = {row["pair"]: row for row in response.json()["results"]}
    assert rows[pair.pk]["meetings_held"] == 1
    assert rows[pair.pk]["health"] == "healthy" and rows[pair.pk]["health_reasons"] == []
    assert {p["role"] for p in rows[pair.pk]["people"]} == {"mentor", "mentee"}
    detail = api(manager).get(f"{base(org)}/pair-health/{pair.pk}/").json()
    assert detail["pair"] == pair.pk and detail["last_meeting_on"]
    assert api(mentee).get(f"{base(org)}/pair-health/").status_code == 403


def test_pair_health_says_not_started_before_the_first_meeting_is_due(org, cohort, pair, other_pair, manager):
    MeetingFactory(pair=pair, starts_at=NOW - datetime.timedelta(days=2))  # met before it was due
    rows = {row["pair"]: row for row in api(manager).get(f"{base(org)}/pair-health/").json()["results"]}
    today = local_date(timezone.now(), org)
    fresh = rows[other_pair.pk]  # published just now, never met
    assert (fresh["health"], fresh["health_reasons"], fresh["meetings_expected"]) == ("not_started", [], 0)
    assert fresh["first_meeting_expected_by"] == (today + datetime.timedelta(days=14)).isoformat()
    early = rows[pair.pk]  # published ten days ago
    assert (early["health"], early["meetings_held"], early["meetings_expected"]) == ("healthy", 1, 0)
    assert early["first_meeting_expected_by"] == (today + datetime.timedelta(days=4)).isoformat()


def test_the_schema_lists_every_health_value(org, manager):
    from sessions.health import HealthStatus

    schema = api(manager).get("/api/v1/schema/", {"format": "json"}).json()
    health = schema["components"]["schemas"]["PairHealth"]["properties"]["health"]
    enum = schema["components"]["schemas"][health["allOf"][0]["$ref"].rsplit("/", 1)[1]]["enum"]
    assert enum == ["not_started", "healthy", "at_risk", "stalled"] == HealthStatus.values
    assert "first_meeting_expected_by" in schema["components"]["schemas"]["PairHealth"]["required"]


def test_pair_health_refuses_a_cohort_that_is_not_a_number(org, manager):
    response = api(manager).get(f"{base(org)}/pair-health/", {"cohort": "abc"})
    assert response.status_code == 400
    assert response.json() == {"cohort": ["Give a cohort id (a whole number)."]}


def test_pair_health_of_another_organizations_pair_is_a_404(org, other_org, pair, outsider):
    assert api(outsider).get(f"/api/v1/o/{other_org.slug}/pair-health/{pair.pk}/").status_code == 404


def test_the_meeting_list_does_not_query_per_meeting(org, pair, mentee, mentor_member):
    client = api(mentee)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{base(org)}/meetings/").status_code == 200
        return len(queries)

    MeetingFactory(pair=pair)
    baseline = count()
    for _ in range(5):
        ActionItemFactory(meeting=MeetingFactory(pair=pair), owner=mentor_member)
    assert count() == baseline


def test_pair_health_does_not_query_per_pair(org, cohort, manager):
    client = api(manager)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{base(org)}/pair-health/").status_code == 200
        return len(queries)

    pair_of(UserFactory(), UserFactory(), cohort)
    count()  # the new pair's stored facts are computed on this read
    baseline = count()
    for _ in range(4):
        pair_of(UserFactory(), UserFactory(), cohort)
    count()  # and the four new pairs' on this one
    assert count() == baseline
