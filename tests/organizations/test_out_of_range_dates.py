"""``manage.py find_out_of_range_dates``: every person-entered date stored outside its range is
listed (rows from before the services bounded them), and nothing else is."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from goals.models import Goal, GoalCheckIn, Milestone
from matching.models import MatchSettings
from organizations.models import Employee, EmployeeHistory, RosterLoad
from programs.models import Program, ProgramPhase
from sessions.models import ActionItem, LearningSession, Meeting
from tests.cohorts.factories import CohortFactory, ParticipantFactory
from tests.factories import EmployeeFactory
from tests.goals.factories import GoalCheckInFactory, GoalFactory, GoalPlanFactory, MilestoneFactory
from tests.matching.factories import MatchSettingsFactory, PairFactory, PairMemberFactory
from tests.programs.factories import ProgramPhaseFactory
from tests.services import require_postgresql
from tests.sessions.factories import (
    ActionItemFactory,
    LearningSessionFactory,
    MeetingFactory,
    program_year_around_today,
)

YEAR_ONE = datetime.date(1, 1, 1)
END_OF_TIME = datetime.date(9999, 12, 31)


def run(*args) -> tuple[str, str]:
    out = StringIO()
    try:
        call_command("find_out_of_range_dates", *args, stdout=out, stderr=StringIO())
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), ""


@pytest.fixture
def year(org):
    """One of everything with a person-entered date, each within its range."""
    start, end = program_year_around_today()
    cohort = CohortFactory(program__organization=org, program__start_date=start, program__end_date=end)
    pair = PairFactory(cohort=cohort)
    member = PairMemberFactory(pair=pair, participant=ParticipantFactory(cohort=cohort))
    meeting = MeetingFactory(pair=pair)
    goal = GoalFactory(plan=GoalPlanFactory(member=member))
    employee = EmployeeFactory(organization=org, termination_date=timezone.localdate())
    load = RosterLoad.objects.create(
        organization=org, source="upload", status="applied", effective_date=timezone.localdate()
    )
    return {
        Program: cohort.program,
        ProgramPhase: ProgramPhaseFactory(program=cohort.program),
        MatchSettings: MatchSettingsFactory(program=cohort.program, ranking_deadline=timezone.now()),
        Meeting: meeting,
        LearningSession: LearningSessionFactory(cohort=cohort),
        ActionItem: ActionItemFactory(meeting=meeting, owner=member, due_on=timezone.localdate()),
        Goal: goal,
        Milestone: MilestoneFactory(goal=goal),
        GoalCheckIn: GoalCheckInFactory(goal=goal),
        Employee: employee,
        RosterLoad: load,
        EmployeeHistory: EmployeeHistory.objects.create(
            organization=org,
            employee=employee,
            roster_load=load,
            effective_date=load.effective_date,
            department="Engineering",
            level=2,
            termination_date=employee.termination_date,
        ),
    }


def test_dates_within_their_ranges_are_not_reported(org, year):
    out, error = run()

    assert error == ""
    assert "Every stored date is within its range." in out


PERSON_ENTERED_DATES = [
    (Program, "start_date"),
    (Program, "end_date"),
    (Program, "target_by"),
    (Program, "applications_open_at"),
    (Program, "applications_close_at"),
    (ProgramPhase, "date"),
    (MatchSettings, "ranking_deadline"),
    (Meeting, "starts_at"),
    (LearningSession, "starts_at"),
    (ActionItem, "due_on"),
    (Goal, "target_date"),
    (Milestone, "due_date"),
    (GoalCheckIn, "date"),
    (Employee, "hire_date"),
    (Employee, "termination_date"),
    (RosterLoad, "effective_date"),
    (EmployeeHistory, "effective_date"),
    (EmployeeHistory, "termination_date"),
]


@pytest.mark.parametrize(("model", "field"), PERSON_ENTERED_DATES)
@pytest.mark.parametrize("day", [YEAR_ONE, END_OF_TIME], ids=["year-one", "end-of-time"])
def test_every_person_entered_date_at_either_end_of_time_is_reported(org, year, model, field, day):
    row = year[model]
    value = day
    if model._meta.get_field(field).get_internal_type() == "DateTimeField":
        # UTC, the one zone SQLite can store year 1 in (PostgreSQL: see the test below).
        value = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    model.objects.filter(pk=row.pk).update(**{field: value})

    out, error = run()

    assert f"acme: {model._meta.label} {row.pk} {field} = '{day.year:04d}-" in out
    assert error.endswith("out of range.")


def test_a_meeting_outside_its_programs_year_is_reported_with_the_range(org, year):
    meeting = year[Meeting]
    program = year[Program]
    early = datetime.datetime.combine(
        program.start_date - datetime.timedelta(days=200), datetime.time(9), tzinfo=datetime.UTC
    )
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=early)

    out, error = run()

    assert f"mentoring_sessions.Meeting {meeting.pk} starts_at" in out
    assert "give or take three months" in out
    assert error == "1 stored date is out of range."


def test_only_the_named_organization_is_searched(org, other_org, year):
    Meeting.objects.filter(pk=year[Meeting].pk).update(
        starts_at=datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)
    )

    assert run("--org", "globex") == ("Every stored date is within its range.\n", "")
    assert run("--org", "acme")[1] == "1 stored date is out of range."


def test_an_unknown_organization_is_refused(db):
    assert run("--org", "nope")[1] == "No organization with the slug 'nope'"


@pytest.mark.services
def test_a_meeting_postgresql_stored_as_1_bc_is_found_without_reading_it_as_a_date(org, year):
    """0001-01-01 00:10 in Amsterdam is 1 BC in UTC: PostgreSQL stores it, Django cannot read it."""
    require_postgresql()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE mentoring_sessions_meeting SET starts_at = %s WHERE id = %s",
            ["0001-01-01 00:10+00:19:32", year[Meeting].pk],
        )

    out, error = run()

    assert f"mentoring_sessions.Meeting {year[Meeting].pk} starts_at = '0001-12-31 23:50:28+00 BC'" in out
    assert error == "1 stored date is out of range."
