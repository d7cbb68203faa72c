"""Leadership Bridge 2025: last year's class, from its application window to its close.

It started about fourteen months ago and ended two months ago (when Leadership Bridge 2026
began). Its events run between the monthly roster loads (``seed_demo``), so each happens
against the roster as it stood that day: colleagues apply and the eligibility rules judge them
on their tenure and rating then; the class is chosen from people still at Acme on its first
day; matching sees the departments, levels and reporting lines of the time. Then a year of
mentoring (``demo/mentoring/``): meetings, goal plans, learning sessions, check-ins. When the
roster history says someone in the class left Acme, their partner asks for a rematch and the
manager withdraws them; the promotions and leavers that analytics reports for the class are
the roster's own.

The program's purpose is retention: 12-month voluntary attrition of participants, from 15 %
to 10 %. Whether the class got there is for the retention dashboard to say.
"""

import datetime
import random

from cohorts.services import cohort_activate
from demo.accounts import member_account
from demo.context import DemoContext
from demo.matching import match_settings_for
from demo.mentoring.cohort import CohortYear, cohort_counts
from demo.mentoring.rhythms import FADING, STALLED
from demo.profiles import profile_fields, profile_save
from demo.programs import accept_all, apply_as, bridge_start, choose_class, open_program, spread
from demo.timeline import Timeline, working_day
from demo.workforce import RosterHistory, RosterRow
from demo.workforce.simulation import MEETS_EXPECTATIONS
from organizations.clock import organization_today
from organizations.models import Employee
from organizations.months import add_months
from programs.models import ApplicantRole, Program

PAST = "Leadership Bridge 2025"
CLASS_LIMITS = {ApplicantRole.MENTEE: 14, ApplicantRole.MENTOR: 11}
APPLICANTS = {ApplicantRole.MENTEE: 18, ApplicantRole.MENTOR: 13}
TOO_NEW_APPLICANTS = 2
MIN_TENURE_MONTHS = 13  # a month's margin over the program's rule


def past_start(today: datetime.date) -> datetime.date:
    """A year before Leadership Bridge 2026 started."""
    return add_months(bridge_start(today), -12)


def schedule_past_cohort(context: DemoContext, history: RosterHistory, timeline: Timeline) -> None:
    """Put Leadership Bridge 2025's year on ``timeline``, to run between the roster loads."""
    organization = context.organization
    manager = context.accounts["manager"]
    start = past_start(organization_today(organization))
    opened = start - datetime.timedelta(days=100)
    applied = opened + datetime.timedelta(days=2)
    applicants = _applicants(history, applied=applied, start=start, exclude=context.persona_ids)
    rng = random.Random(f"{organization.slug}-{PAST}")
    state: dict = {}

    def open_past() -> None:
        state["program"] = open_program(
            organization,
            manager,
            PAST,
            start,
            baseline=15,
            target=10,
            limits=(CLASS_LIMITS[ApplicantRole.MENTEE], CLASS_LIMITS[ApplicantRole.MENTOR]),
        )

    def apply(row: RosterRow, role: str, index: int) -> None:
        employee = Employee.objects.get(external_id=row.external_id)
        apply_as(state["program"], member_account(employee, context.password), role, index)

    def activate() -> None:
        cohort = cohort_activate(cohort=state["cohort"], actor=manager)
        leaving = {
            employee_id: history_leaving[external_id]
            for employee_id, external_id in Employee.objects.filter(
                participations__cohort=cohort
            ).values_list("pk", "external_id")
            if external_id in history_leaving
        }
        _follow_the_year(context, cohort, timeline, rng, leaving)

    history_leaving = {
        person.external_id: person.termination_date
        for person in history.people
        if person.termination_date is not None and person.termination_date >= start
    }
    timeline.add(timeline.at(opened, 9), open_past)
    for n, (row, role) in enumerate(applicants):
        moment = timeline.at(applied + datetime.timedelta(days=n // 5), 9 + n % 5 * 2, 30)
        timeline.add(moment, lambda row=row, role=role, n=n: apply(row, role, n))
    timeline.add(
        timeline.at(opened + datetime.timedelta(days=14), 11), lambda: accept_all(state["program"], manager)
    )
    timeline.add(
        timeline.at(start - datetime.timedelta(days=20), 10),
        lambda: state.update(cohort=choose_class(state["program"], manager, CLASS_LIMITS)),
    )
    timeline.add(timeline.at(start, 9), activate)


def _follow_the_year(context: DemoContext, cohort, timeline: Timeline, rng: random.Random, leaving) -> None:
    """Everything after the start, scheduled on the first day of the program."""
    manager = context.accounts["manager"]
    start = cohort.program.start_date
    year = CohortYear(context=context, cohort=cohort, timeline=timeline, rng=rng, leaving=leaving)
    year.follow_leavers()
    timeline.add(
        timeline.at(start + datetime.timedelta(days=1), 9, 30),
        lambda: match_settings_for(cohort.program, manager),
    )
    people = list(
        cohort.participants.select_related("employee__user", "application").order_by(
            "role", "application__created_at", "id"
        )
    )
    for role in (ApplicantRole.MENTEE, ApplicantRole.MENTOR):
        for index, participant in enumerate(p for p in people if p.role == role):
            leaves = leaving.get(participant.employee_id)
            day = start + datetime.timedelta(days=1 + index % 8)
            if leaves is not None and leaves <= day + datetime.timedelta(days=3):
                continue  # on their way out: they never filled it in
            timeline.add(
                timeline.at(day, 17 + index % 5, 20),
                lambda participant=participant, index=index: profile_save(
                    participant, manager, **profile_fields(participant, index)
                ),
            )
    year.session("kickoff", working_day(start + datetime.timedelta(days=7)))
    year.match(
        run_at=timeline.at(start + datetime.timedelta(days=12), 15),
        publish_at=timeline.at(working_day(start + datetime.timedelta(days=13)), 10),
        troubled=(STALLED, STALLED, FADING),
    )
    year.session("mentors", working_day(start + datetime.timedelta(days=35)), hour=16)
    # Mid-month, clear of the holidays that fall on the first of some months.
    year.session("feedback", working_day(add_months(start, 3) + datetime.timedelta(days=14)))
    year.session("midyear", working_day(add_months(start, 6) + datetime.timedelta(days=9)), hour=12)
    year.session("careers", working_day(add_months(start, 9) + datetime.timedelta(days=9)))
    year.complete(timeline.at(cohort.program.end_date, 17))


def past_cohort_summary() -> str:
    program = Program.objects.filter(name=PAST).select_related("organization").first()
    if program is None or not program.cohorts.exists():
        return f"{PAST}: not seeded (the roster was loaded by an earlier seed; start from a fresh database)."
    cohort = program.cohorts.get()
    counts = cohort_counts(cohort)
    return (
        f"{PAST}: {program.start_date:%d %b %Y} to {program.end_date:%d %b %Y}, "
        f"{cohort.participants.count()} in the class, {counts['pairs']} pairs "
        f"({counts['runs']} match runs), {counts['meetings']} meetings, {counts['goals']} goals, "
        f"{counts['checkins']} check-in answers, {counts['sessions']} learning sessions; "
        f"{program.get_status_display().lower()}."
    )


def _applicants(
    history: RosterHistory, *, applied: datetime.date, start: datetime.date, exclude: frozenset[str]
) -> list[tuple[RosterRow, str]]:
    """Who applies, from the roster as exported on the application day: people with a good
    year behind them who are still at Acme when the program starts (whoever left before its
    first day dropped out before the class was chosen), and a couple too new to be eligible."""
    then = _snapshot_on(history, applied)
    at_start = {row.external_id for row in _snapshot_on(history, start).rows if row.termination_date is None}
    tenured = add_months(applied, -MIN_TENURE_MONTHS)
    staying = [
        row
        for row in sorted(then.rows, key=lambda r: r.external_id)
        if row.termination_date is None and row.external_id in at_start and row.external_id not in exclude
    ]
    mentees = spread(
        r
        for r in staying
        if r.level <= 3 and r.hire_date <= tenured and (r.performance_rating or 0) >= MEETS_EXPECTATIONS
    )
    mentors = spread(r for r in staying if 4 <= r.level <= 5 and r.hire_date <= tenured)
    too_new = [r for r in staying if r.hire_date > add_months(applied, -6)]
    return (
        [(r, ApplicantRole.MENTEE) for r in mentees[: APPLICANTS[ApplicantRole.MENTEE]]]
        + [(r, ApplicantRole.MENTOR) for r in mentors[: APPLICANTS[ApplicantRole.MENTOR]]]
        + [(r, ApplicantRole.MENTEE) for r in too_new[:TOO_NEW_APPLICANTS]]
    )


def _snapshot_on(history: RosterHistory, day: datetime.date):
    """The roster file in force on ``day``: the last one dated on or before it."""
    return [s for s in history.snapshots if s.effective_date <= day][-1]
