"""Analytics benchmark: ``make bench-analytics`` (see bench/README.md).

A synthetic organization of 100,000 employees with three years of roster history (monthly
loads: hires, voluntary and involuntary leavers, promotions, internal moves) and 10,000
participants in 20 cohorts starting over those three years, with their pairs, meetings and
learning sessions. It is stored in a throwaway database (a SQLite file by default, or a fresh
PostgreSQL database when ``DATABASE_URL`` names a server — see ``bench/matching.py``), then:

- ``refresh``: ``facts_refresh`` for the organization, twice: cold (comparison groups drawn)
  and warm (kept). Goal ≤ 5 s on PostgreSQL.
- the attrition selector path (``attrition_series``), p50/p95 over ≥ 50 calls: for one
  department (rotating) and for all departments (``by="department"``), with queries per call;
- next to it, a raw SQL read of the same figures (month-end headcounts and separations for the
  twelve months) straight from the roster rows, one department and all departments;
- any path registered with ``register_path`` (the HTTP endpoint plugs in there).

The last line: ``refresh_s=… p95_ms_one=… p95_ms_all=… ratio_all=… queries=…`` where
``ratio_all`` is the selector's p95 for all departments ÷ the raw SQL's.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.matching import throwaway_database  # noqa: E402  (one way to make a throwaway database)

EMPLOYEES = 100_000
COHORTS = 20
MENTEES_PER_COHORT, MENTORS_PER_COHORT = 350, 150  # 10,000 participants
DEPARTMENTS = (
    "Engineering",
    "Sales",
    "Operations",
    "Finance",
    "Marketing",
    "Customer Success",
    "Product",
    "People",
    "Legal",
    "Data",
    "Security",
    "Procurement",
)
CALLS = 50
RAW_CALLS = 20
REFRESH_GOAL_S = 5.0

# Extra timed paths: name → factory(organization, departments) → callable(department | None).
# ``department`` None means all departments. The HTTP endpoint registers itself here.
_EXTRA_PATHS: dict[str, Callable] = {}


def register_path(name: str, factory: Callable) -> None:
    """Time another way of reading the same figures, e.g. the API endpoint through a test client."""
    _EXTRA_PATHS[name] = factory


def build_roster(organization, as_of: datetime.date, rng: np.random.Generator):
    """Store 100,000 employees and their monthly-load history; return arrays for the cohorts."""
    from organizations.models import Employee, EmployeeHistory
    from organizations.months import add_months

    first_load = add_months(as_of.replace(day=1), -36)
    base = np.datetime64(first_load, "D")
    days_in_window = (np.datetime64(as_of, "D") - base).astype(int)
    weights = 1 / (1 + np.arange(len(DEPARTMENTS))) ** 0.8
    department = rng.choice(len(DEPARTMENTS), EMPLOYEES, p=weights / weights.sum())
    level_weights = 0.72 ** np.arange(10)
    level = rng.choice(10, EMPLOYEES, p=level_weights / level_weights.sum()) + 1
    hired_before = rng.random(EMPLOYEES) < 0.7
    hire = np.where(
        hired_before, -rng.integers(1, 10 * 365, EMPLOYEES), rng.integers(0, days_in_window, EMPLOYEES)
    )
    followed_from = np.maximum(hire, 0)
    leaves_after = rng.exponential(365 / 0.15, EMPLOYEES).astype(int) + 1
    term = followed_from + leaves_after
    left = term <= days_in_window
    kind = rng.choice(np.array(["voluntary", "involuntary", ""]), EMPLOYEES, p=[0.7, 0.25, 0.05])
    rating = rng.choice([2, 3, 3, 3, 4, 5], EMPLOYEES)

    def day(offset: int) -> datetime.date:
        return first_load + datetime.timedelta(days=int(offset))

    employees, history = [], []
    final_department, final_level = department.copy(), level.copy()
    for i in range(EMPLOYEES):
        end = int(term[i]) if left[i] else int(days_in_window)
        span_years = max(end - int(followed_from[i]), 0) / 365
        changes = []
        for change, rate in (("promotion", 0.12), ("move", 0.05)):
            for _ in range(rng.poisson(rate * span_years)):
                offset = int(rng.integers(int(followed_from[i]), max(end, int(followed_from[i]) + 1)))
                changes.append((day(offset).replace(day=1), change))  # monthly roster loads
        dep, lvl = int(department[i]), int(level[i])
        rows = [(day(followed_from[i]), dep, lvl, None, "")]
        for when, change in sorted(changes):
            if when <= rows[-1][0]:
                continue
            if change == "promotion":
                lvl = min(lvl + 1, 10)
            else:
                dep = int((dep + 1 + rng.integers(0, len(DEPARTMENTS) - 1)) % len(DEPARTMENTS))
            rows.append((when, dep, lvl, None, ""))
        if left[i]:
            rows.append((day(term[i]), dep, lvl, day(term[i]), str(kind[i])))
        final_department[i], final_level[i] = dep, lvl
        employees.append(
            Employee(
                id=i + 1,
                organization=organization,
                external_id=f"B{i:06d}",
                name=f"Person {i}",
                email=f"person{i}@bench.example",
                department=DEPARTMENTS[dep],
                level=lvl,
                location="London",
                hire_date=day(hire[i]),
                performance_rating=int(rating[i]),
                termination_date=day(term[i]) if left[i] else None,
                termination_type=str(kind[i]) if left[i] else "",
            )
        )
        history += [
            EmployeeHistory(
                organization=organization,
                employee_id=i + 1,
                effective_date=when,
                department=DEPARTMENTS[d],
                level=lv,
                termination_date=t,
                termination_type=k,
            )
            for when, d, lv, t, k in rows
        ]
    Employee.objects.bulk_create(employees, batch_size=2000)
    EmployeeHistory.objects.bulk_create(history, batch_size=2000)
    hire_dates = base + hire
    term_dates = np.where(left, base + term, np.datetime64("NaT"))
    return first_load, hire_dates, term_dates, final_level, len(history)


def build_cohorts(organization, first_load, hire_dates, term_dates, level, rng):
    """20 cohorts over the three years, 350 mentees and 150 mentors each, pairs and meetings."""
    from django.utils import timezone

    from cohorts.models import Cohort, CohortStatus, Participant
    from matching.models import Pair, PairMember
    from organizations.months import add_months
    from programs.eligibility import default_rules
    from programs.models import Application, ApplicationStatus, EligibilityRule, Program, ProgramStatus
    from sessions.models import Attendance, LearningSession, Meeting, MeetingStatus

    today = timezone.now()
    taken = np.zeros(EMPLOYEES, dtype=bool)
    applications, cohort_people = [], []
    for i in range(COHORTS):
        start = add_months(first_load, 1 + (i * 33) // COHORTS)
        program = Program.objects.create(
            organization=organization,
            name=f"Cohort {i + 1}",
            start_date=start,
            end_date=add_months(start, 12),
            status=ProgramStatus.ACTIVE,
            mentee_limit=MENTEES_PER_COHORT,
            mentor_limit=MENTORS_PER_COHORT,
            target_baseline=18,
            target_value=12,
        )
        EligibilityRule.objects.bulk_create(
            [
                EligibilityRule(organization=organization, program=program, applies_to=r, kind=k, value=v)
                for r, k, v in default_rules(organization)
            ]
        )
        cohort = Cohort.objects.create(
            organization=organization,
            program=program,
            name=f"Class {i + 1}",
            mentee_limit=MENTEES_PER_COHORT,
            mentor_limit=MENTORS_PER_COHORT,
            status=CohortStatus.ACTIVE,
            activated_at=datetime.datetime.combine(start, datetime.time(9), tzinfo=datetime.UTC),
        )
        day = np.datetime64(start, "D")
        present = (hire_dates <= day - 365) & ~(term_dates <= day) & ~taken
        mentees = rng.choice(np.flatnonzero(present & (level <= 6)), MENTEES_PER_COHORT, replace=False)
        mentors = rng.choice(
            np.flatnonzero(present & (level >= 5) & ~np.isin(np.arange(EMPLOYEES), mentees)),
            MENTORS_PER_COHORT,
            replace=False,
        )
        taken[mentees] = taken[mentors] = True
        for people, role in ((mentees, "mentee"), (mentors, "mentor")):
            applications += [
                Application(
                    organization=organization,
                    program=program,
                    employee_id=int(p) + 1,
                    role=role,
                    motivation="Benchmark",
                    status=ApplicationStatus.ACCEPTED,
                    evaluated_on=start,
                )
                for p in people
            ]
        cohort_people.append((cohort, start, mentees, mentors))
    applications = Application.objects.bulk_create(applications, batch_size=2000)
    by_employee = {(a.program_id, a.employee_id): a for a in applications}
    participants = Participant.objects.bulk_create(
        [
            Participant(
                organization=organization,
                cohort=cohort,
                application_id=a.pk,
                employee_id=a.employee_id,
                role=a.role,
            )
            for cohort, _, mentees, mentors in cohort_people
            for p in [*mentees, *mentors]
            for a in [by_employee[(cohort.program_id, int(p) + 1)]]
        ],
        batch_size=2000,
    )
    participant_of = {(p.cohort_id, p.employee_id): p.pk for p in participants}
    pairs, members, meetings, sessions = [], [], [], []
    for cohort, start, mentees, mentors in cohort_people:
        published = datetime.datetime.combine(start, datetime.time(9), tzinfo=datetime.UTC)
        for n, mentee in enumerate(mentees):
            pairs.append(Pair(organization=organization, cohort=cohort, published_at=published))
            members.append(
                (len(pairs) - 1, cohort.pk, int(mentors[n % len(mentors)]) + 1, "mentor", published)
            )
            members.append((len(pairs) - 1, cohort.pk, int(mentee) + 1, "mentee", published))
        for s in range(6):
            sessions.append(
                LearningSession(
                    organization=organization,
                    cohort=cohort,
                    title=f"Session {s}",
                    starts_at=published + datetime.timedelta(days=30 * s + 7),
                    duration_minutes=90,
                )
            )
    pairs = Pair.objects.bulk_create(pairs, batch_size=2000)
    PairMember.objects.bulk_create(
        [
            PairMember(
                organization=organization,
                pair_id=pairs[i].pk,
                participant_id=participant_of[(c, e)],
                role=role,
                joined_at=when,
            )
            for i, c, e, role, when in members
        ],
        batch_size=2000,
    )
    for pair in pairs:
        for month in range(int(rng.integers(3, 13))):
            when = pair.published_at + datetime.timedelta(days=30 * month + int(rng.integers(0, 25)))
            if when < today:
                meetings.append(
                    Meeting(
                        organization=organization,
                        pair_id=pair.pk,
                        starts_at=when,
                        duration_minutes=60,
                        status=MeetingStatus.HAPPENED,
                    )
                )
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    sessions = LearningSession.objects.bulk_create(sessions, batch_size=2000)
    attendance = []
    for session in sessions:
        cohort_participants = [p for p in participants if p.cohort_id == session.cohort_id]
        chosen = rng.choice(len(cohort_participants), len(cohort_participants) // 2, replace=False)
        attendance += [
            Attendance(
                organization=organization,
                session_id=session.pk,
                participant_id=cohort_participants[c].pk,
                source="manager",
            )
            for c in chosen
        ]
    Attendance.objects.bulk_create(attendance, batch_size=2000)
    return len(participants), len(pairs), len(meetings)


def raw_sql_path(organization, months):
    """The same twelve months' figures read straight from the roster rows with one SQL query:
    month-end headcounts and separations per department (the roster's current department)."""
    from django.db import connection

    from analytics.definitions import month_end, monthly_turnover, previous_month_end

    placeholder = "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"
    values = ", ".join(f"({placeholder}, {placeholder}, {placeholder})" for _ in months)
    params = []
    for month in months:
        params += [previous_month_end(month).isoformat(), month.isoformat(), month_end(month).isoformat()]
    table = "organizations_employee"
    sql = f"""
        WITH m(opening, first_day, closing) AS (VALUES {values})
        SELECT e.department, m.first_day,
          SUM(CASE WHEN e.hire_date <= m.opening
                    AND (e.termination_date IS NULL OR e.termination_date > m.opening) THEN 1 ELSE 0 END),
          SUM(CASE WHEN e.hire_date <= m.closing
                    AND (e.termination_date IS NULL OR e.termination_date > m.closing) THEN 1 ELSE 0 END),
          SUM(CASE WHEN e.termination_date BETWEEN m.first_day AND m.closing THEN 1 ELSE 0 END)
        FROM {table} e CROSS JOIN m
        WHERE e.organization_id = %s {{department}}
        GROUP BY e.department, m.first_day
    """

    def read(department: str | None):
        query = sql.replace("{department}", "AND e.department = %s" if department else "")
        with connection.cursor() as cursor:
            cursor.execute(query, [*params, organization.pk] + ([department] if department else []))
            rows = cursor.fetchall()
        return [monthly_turnover(separations=s, headcount_start=a, headcount_end=b) for _, _, a, b, s in rows]

    return read


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def time_path(call: Callable, departments: list, calls: int) -> tuple[float, float]:
    samples = []
    for n in range(calls):
        department = departments[n % len(departments)]
        started = time.perf_counter()
        call(department)
        samples.append(time.perf_counter() - started)
    return percentiles(samples)


def main() -> int:
    with throwaway_database() as where:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.DEBUG = False
        call_command("migrate", verbosity=0)
        return measure(where)


def measure(where: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from analytics.selectors import AnalyticsFilter, attrition_series
    from analytics.services.refresh import facts_refresh
    from organizations.clock import organization_today
    from organizations.models import Organization
    from organizations.tenancy import organization_scope

    rng = np.random.default_rng(7)
    organization = Organization.objects.create(name="Bench Corp", slug="bench-analytics", timezone="UTC")
    as_of = organization_today(organization)
    setup = time.perf_counter()
    with organization_scope(organization):
        first_load, hires, terms, level, history_rows = build_roster(organization, as_of, rng)
        participants, pairs, meetings = build_cohorts(organization, first_load, hires, terms, level, rng)
    if connection.vendor == "postgresql":
        # Fresh tables have no planner statistics until autovacuum gets to them; a live
        # database has them, so gather them before timing anything.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Analytics benchmark — database {where}")
    print(
        f"  data     {EMPLOYEES:,} employees, {history_rows:,} history rows since {first_load}, "
        f"{participants:,} participants in {COHORTS} cohorts, {pairs:,} pairs, {meetings:,} meetings "
        f"(stored in {time.perf_counter() - setup:.0f} s, not timed)"
    )

    with organization_scope(organization):
        started = time.perf_counter()
        refresh = facts_refresh(organization=organization, as_of=as_of)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        facts_refresh(organization=organization, as_of=as_of)
        warm = time.perf_counter() - started
        from analytics.models import MonthlyFact

        rows = MonthlyFact.objects.filter(organization=organization).count()
        met = {True: "met", False: "MISSED"}
        print(
            f"  refresh  {cold:7.3f} s cold (comparison groups drawn), {warm:.3f} s warm; "
            f"{rows:,} monthly fact rows; goal ≤ {REFRESH_GOAL_S:g} s on PostgreSQL"
            + (
                f": {met[cold <= REFRESH_GOAL_S]}"
                if connection.vendor == "postgresql"
                else " (this is SQLite)"
            )
        )

        departments = list(refresh.departments)
        months = attrition_series(organization=organization).line("everyone").months
        month_list = [m.month for m in months]
        paths = {
            "selector": lambda department: attrition_series(
                organization=organization, filters=AnalyticsFilter(department=department)
            ),
            "selector_all": lambda department: attrition_series(organization=organization, by="department"),
            "raw_sql": raw_sql_path(organization, month_list),
        }
        for name, factory in _EXTRA_PATHS.items():
            paths[name] = factory(organization, departments)

        queries = 0
        for call, department in ((paths["selector"], departments[0]), (paths["selector_all"], None)):
            with CaptureQueriesContext(connection) as captured:
                call(department)
            queries = max(queries, len(captured))

        one = time_path(paths["selector"], departments, CALLS)
        every = time_path(paths["selector_all"], [None], CALLS)
        raw_one = time_path(paths["raw_sql"], departments, RAW_CALLS)
        raw_all = time_path(paths["raw_sql"], [None], RAW_CALLS)
        for label, (p50, p95), calls in (
            ("selector one department", one, CALLS),
            ("selector all departments", every, CALLS),
            ("raw SQL one department", raw_one, RAW_CALLS),
            ("raw SQL all departments", raw_all, RAW_CALLS),
        ):
            print(f"  {label:<25} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  ({calls} calls)")
        for name in _EXTRA_PATHS:
            extra_one = time_path(paths[name], departments, CALLS)
            extra_all = time_path(paths[name], [None], CALLS)
            print(f"  {name:<25} one p95 {extra_one[1]:8.1f} ms, all p95 {extra_all[1]:8.1f} ms")
        print(f"  queries  {queries} per selector call, whatever the filters")
    ratio_all = every[1] / raw_all[1] if raw_all[1] else float("nan")
    print(
        f"refresh_s={cold:.3f} p95_ms_one={one[1]:.1f} p95_ms_all={every[1]:.1f} "
        f"ratio_all={ratio_all:.3f} queries={queries}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
