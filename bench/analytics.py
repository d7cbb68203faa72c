"""Analytics benchmark: ``make bench-analytics`` (see bench/README.md).

A synthetic organization of 100,000 employees with three years of roster history (monthly
loads: hires, voluntary and involuntary leavers, promotions, internal moves) and 10,000
participants in 20 cohorts starting over those three years, with their pairs, meetings and
learning sessions. It is stored in a throwaway database (a SQLite file by default, or a fresh
PostgreSQL database when ``DATABASE_URL`` names a server — see ``bench/matching.py``), then:

- ``refresh``: ``facts_refresh`` for the organization, twice: cold (comparison groups drawn)
  and warm (kept). Goal ≤ 5 s on PostgreSQL.
- the attrition **endpoint**, ``GET /api/v1/o/<org>/analytics/attrition/`` through Django's test
  client with an API key (the whole request: authentication, throttling with raised rates, the
  filter form, the selector, serialization, JSON), p50/p95 over 50 requests after 3 untimed
  ones: one department (``department=…``, rotating) and all departments (``by=department``),
  with the queries each request costs for a spread of filters;
- the selector alone (``attrition_series``), the same two ways;
- a raw SQL read of the same figures straight from the roster rows (``raw_sql_path``: every
  line, department as of each day counted), one department and all departments, after
  checking that it and the selector agree on every figure the selector shows.

The last line is ``key=value`` pairs: ``refresh_s``, the endpoint's ``p95_ms_one`` and
``p95_ms_all``, ``ratio_all`` (the endpoint's p95 for all departments ÷ the raw SQL's) and
``queries`` (the most any endpoint request cost), among others (bench/README.md).
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
ENDPOINT_GOAL_MS = 50.0


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


# --- What is timed ---------------------------------------------------------------------------

# The attrition answer per line, as both sides compute it: participants and comparison of every
# started cohort (pooled), non-participants, and everyone (= non-participants + participants of
# any cohort, who are counted for that sum only).
RAW_LINES = ("participants", "comparison", "non_participants", "everyone")
COUNTS = ("headcount_start", "headcount_end", "hires", "separations", "voluntary", "involuntary")


def raw_sql_path(organization, months: list[datetime.date]) -> Callable:
    """The twelve months' attrition figures read straight from the roster rows, one SQL query:
    per month, department and line, the headcounts on the last day of the month before and of
    the month, hires, and separations (all, voluntary, involuntary), with each person's
    department as of the day counted (the latest history snapshot on or before it; before the
    first, the first), and the lines as the analytics define them (cohort groups from their
    cohort's start month; someone is a non-participant until the month their first cohort
    starts). Returns a callable taking a department (None: all, with the breakdown) that returns
    {(line, department or None, month): counts} and computes the monthly rates in Python.

    Cohort starts are read as UTC dates: the bench's organization keeps its calendar in UTC."""
    from django.db import connection

    from analytics.definitions import month_end, monthly_turnover, previous_month_end

    postgres = connection.vendor == "postgresql"

    def day(value: datetime.date | str) -> str:
        # A date literal both databases compare with their date columns (SQLite keeps ISO text).
        text = value if isinstance(value, str) else value.isoformat()
        return f"DATE '{text}'" if postgres else f"'{text}'"

    month_rows = ", ".join(f"({day(previous_month_end(m))}, {day(m)}, {day(month_end(m))})" for m in months)
    org = int(organization.pk)
    overlaps = "s.valid_from <= m.closing AND s.valid_to > m.opening"  # the span meets the month
    sql = f"""
        WITH m(opening, first_day, closing) AS (VALUES {month_rows}),
        starts AS MATERIALIZED (
            SELECT p.employee_id, DATE(c.activated_at) AS start
            FROM cohorts_participant p JOIN cohorts_cohort c ON c.id = p.cohort_id
            WHERE p.organization_id = {org} AND c.activated_at IS NOT NULL
              AND (p.withdrawn_at IS NULL OR DATE(p.withdrawn_at) >= DATE(c.activated_at))
        ),
        -- Each history snapshot's span [valid_from, valid_to), the first one open to the past;
        -- people without history keep their roster row.
        snapshot_spans AS MATERIALIZED (
            SELECT h.employee_id, h.department,
                   CASE WHEN ROW_NUMBER() OVER w = 1 THEN {day("0001-01-01")} ELSE h.effective_date END
                       AS valid_from,
                   COALESCE(LEAD(h.effective_date) OVER w, {day("9999-12-31")}) AS valid_to
            FROM organizations_employeehistory h
            WHERE h.organization_id = {org}
            WINDOW w AS (PARTITION BY h.employee_id ORDER BY h.effective_date, h.id)
            UNION ALL
            SELECT e.id, e.department, {day("0001-01-01")}, {day("9999-12-31")}
            FROM organizations_employee e
            WHERE e.organization_id = {org} AND NOT EXISTS (
                SELECT 1 FROM organizations_employeehistory h WHERE h.employee_id = e.id)
        ),
        -- The same, with the day each person's first cohort started: a window over spans and
        -- starts together (an outer join to first starts, SQLite answers by scanning per span).
        spans AS MATERIALIZED (
            SELECT employee_id, department, valid_from, valid_to, first_start
            FROM (
                SELECT employee_id, department, valid_from, valid_to, is_span,
                       MIN(start) OVER (PARTITION BY employee_id) AS first_start
                FROM (
                    SELECT employee_id, department, valid_from, valid_to, NULL AS start, 1 AS is_span
                    FROM snapshot_spans
                    UNION ALL
                    SELECT employee_id, NULL, NULL, NULL, start, 0 FROM starts
                ) both_kinds
            ) with_first
            WHERE is_span = 1 {{department}}
        ),
        cohort_members AS MATERIALIZED (
            SELECT employee_id, 'participants' AS line, start AS since FROM starts
            UNION ALL
            SELECT cm.employee_id, 'comparison', DATE(c.activated_at)
            FROM analytics_comparisonmember cm
            JOIN analytics_comparisongroup g ON g.id = cm.group_id
            JOIN cohorts_cohort c ON c.id = g.cohort_id
            WHERE cm.organization_id = {org} AND c.activated_at IS NOT NULL
        ),
        counted AS (
            -- Everyone, as a non-participant or a participant of any cohort that month.
            SELECT s.employee_id, s.department, s.valid_from, s.valid_to, m.opening, m.first_day, m.closing,
                   CASE WHEN s.first_start IS NOT NULL AND s.first_start <= m.closing THEN 'participant_any'
                        ELSE 'non_participants' END AS line
            FROM spans s CROSS JOIN m
            WHERE {overlaps}
            UNION ALL
            -- Each cohort's participants and comparison group, from the cohort's start month.
            SELECT s.employee_id, s.department, s.valid_from, s.valid_to, m.opening, m.first_day, m.closing,
                   k.line
            FROM cohort_members k JOIN spans s ON s.employee_id = k.employee_id CROSS JOIN m
            WHERE k.since <= m.closing AND {overlaps}
        )
        SELECT c.first_day, c.department, c.line,
               SUM(CASE WHEN e.hire_date <= c.opening
                         AND (e.termination_date IS NULL OR e.termination_date > c.opening)
                         AND c.valid_from <= c.opening AND c.opening < c.valid_to THEN 1 ELSE 0 END),
               SUM(CASE WHEN e.hire_date <= c.closing
                         AND (e.termination_date IS NULL OR e.termination_date > c.closing)
                         AND c.valid_from <= c.closing AND c.closing < c.valid_to THEN 1 ELSE 0 END),
               SUM(CASE WHEN e.hire_date BETWEEN c.first_day AND c.closing
                         AND c.valid_from <= e.hire_date AND e.hire_date < c.valid_to THEN 1 ELSE 0 END),
               SUM(CASE WHEN e.termination_date BETWEEN c.first_day AND c.closing
                         AND c.valid_from <= e.termination_date AND e.termination_date < c.valid_to
                         THEN 1 ELSE 0 END),
               SUM(CASE WHEN e.termination_date BETWEEN c.first_day AND c.closing
                         AND e.termination_type = 'voluntary'
                         AND c.valid_from <= e.termination_date AND e.termination_date < c.valid_to
                         THEN 1 ELSE 0 END),
               SUM(CASE WHEN e.termination_date BETWEEN c.first_day AND c.closing
                         AND e.termination_type = 'involuntary'
                         AND c.valid_from <= e.termination_date AND e.termination_date < c.valid_to
                         THEN 1 ELSE 0 END)
        FROM counted c JOIN organizations_employee e ON e.id = c.employee_id
        GROUP BY c.first_day, c.department, c.line
    """
    index = {m.isoformat(): m for m in months}

    def read(department: str | None) -> dict:
        query = sql.replace("{department}", "AND department = %s" if department else "")
        with connection.cursor() as cursor:
            cursor.execute(query, [department] if department else [])
            rows = cursor.fetchall()
        figures: dict = {}
        for first_day, dept, line, *counts in rows:
            month = first_day if isinstance(first_day, datetime.date) else index[str(first_day)[:10]]
            lines = ("everyone", "non_participants") if line == "non_participants" else (line,)
            if line == "participant_any":
                lines = ("everyone",)
            for name in lines:
                for segment in (None, dept) if department is None else (None,):
                    total = figures.setdefault((name, segment, month), [0] * len(COUNTS))
                    for i, value in enumerate(counts):
                        total[i] += int(value or 0)
        for total in figures.values():
            start, end, _, separations, voluntary, involuntary = total[:6]
            total += [
                monthly_turnover(separations=n, headcount_start=start, headcount_end=end)
                for n in (separations, voluntary, involuntary)
            ]
        return figures

    return read


def raw_figures_agree(raw: dict, series) -> tuple[int, list]:
    """Compare the raw SQL's counts with the selector's wherever the selector shows figures."""
    from analytics.suppression import is_suppressed

    compared, differences = 0, []
    for line in series.lines:
        for month in line.months:
            if is_suppressed(month.headcount_start):
                continue
            mine = [
                month.headcount_start,
                month.headcount_end,
                month.hires,
                month.separations,
                month.voluntary_separations,
                month.involuntary_separations,
            ]
            theirs = raw.get((line.group, line.segment, month.month), [0] * len(COUNTS))[:6]
            compared += 1
            if mine != theirs:
                differences.append((line.group, line.segment, month.month, mine, theirs))
    return compared, differences


def endpoint_path(organization) -> tuple[Callable, Callable]:
    """``GET /api/v1/o/<org>/analytics/attrition/`` through Django's test client, the whole
    stack: middleware, API-key authentication, permission and scope checks, throttling (rates
    raised so 100 calls a second pass), the filter form, the selector, serialization and JSON.
    Returns (call, params) where ``call(department)`` asks for one department, or with None for
    all departments with the breakdown (``by=department``)."""
    from django.test import Client
    from rest_framework.throttling import SimpleRateThrottle

    from organizations.models import User
    from organizations.services.api_keys import api_key_create

    SimpleRateThrottle.THROTTLE_RATES = {
        **SimpleRateThrottle.THROTTLE_RATES,
        "caller": "1000000/min",
        "analytics": "1000000/min",
    }
    actor = User.objects.create_user(email="bench-admin@bench.example")
    _, raw_key = api_key_create(organization=organization, actor=actor, name="Bench HR system")
    client = Client(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    url = f"/api/v1/o/{organization.slug}/analytics/attrition/"

    def params(department: str | None) -> dict:
        return {"department": department} if department else {"by": "department"}

    def call(department: str | None):
        response = client.get(url, params(department))
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:300]!r}")
        return response

    return call, lambda extra: client.get(url, extra)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def time_path(call: Callable, departments: list, calls: int, warm_up: int = 3) -> tuple[float, float]:
    """p50 and p95 in ms over ``calls`` calls, departments in turn, after a few untimed calls
    (a server that has answered before: imports done, URL patterns compiled)."""
    for n in range(warm_up):
        call(departments[n % len(departments)])
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


def analyze() -> None:
    """PostgreSQL: gather planner statistics, as autovacuum does on a live database soon after
    a bulk load (fresh tables and freshly rewritten facts have none)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(where: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from analytics.models import MonthlyFact, MonthlyRollupFact
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
    analyze()
    print(f"Analytics benchmark — database {where}")
    print(
        f"  data     {EMPLOYEES:,} employees, {history_rows:,} history rows since {first_load}, "
        f"{participants:,} participants in {COHORTS} cohorts, {pairs:,} pairs, {meetings:,} meetings "
        f"(stored in {time.perf_counter() - setup:.0f} s, not timed)"
    )
    postgres = connection.vendor == "postgresql"

    with organization_scope(organization):
        started = time.perf_counter()
        refresh = facts_refresh(organization=organization, as_of=as_of)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        facts_refresh(organization=organization, as_of=as_of)
        warm = time.perf_counter() - started
        rows = MonthlyFact.objects.filter(organization=organization).count()
        rollup_rows = MonthlyRollupFact.objects.filter(organization=organization).count()
        print(
            f"  refresh  {cold:7.3f} s cold (comparison groups drawn), {warm:.3f} s warm; "
            f"{rows:,} monthly fact rows, {rollup_rows:,} rollup rows; goal ≤ {REFRESH_GOAL_S:g} s on "
            "PostgreSQL" + (f": {met_goal(cold <= REFRESH_GOAL_S)}" if postgres else " (this is SQLite)")
        )
        # Right after a refresh the rewritten facts have no planner statistics until autovacuum
        # analyzes them (about a minute on a live database): the endpoint is timed then too.
        departments = list(refresh.departments)
        endpoint, endpoint_with = endpoint_path(organization)
        fresh_one = time_path(endpoint, departments, CALLS)
        fresh_all = time_path(endpoint, [None], CALLS)
        print(
            f"  endpoint right after the refresh, facts not analyzed yet: one department p95 "
            f"{fresh_one[1]:.1f} ms, all departments p95 {fresh_all[1]:.1f} ms ({CALLS} calls each)"
        )
    analyze()

    with organization_scope(organization):
        series = attrition_series(organization=organization, by="department")
        months = [m.month for m in series.line("everyone").months]
        raw = raw_sql_path(organization, months)
        compared, differences = raw_figures_agree(raw(None), series)
        one_compared, one_differences = raw_figures_agree(
            raw(departments[0]),
            attrition_series(organization=organization, filters=AnalyticsFilter(department=departments[0])),
        )
        differences += one_differences
        print(
            f"  check    raw SQL and selector agree on {compared + one_compared:,} shown month figures"
            + (f"; {len(differences)} DIFFER, e.g. {differences[:2]}" if differences else "")
        )
        paths = {
            "endpoint": endpoint,
            "selector_one": lambda department: attrition_series(
                organization=organization, filters=AnalyticsFilter(department=department)
            ),
            "selector_all": lambda department: attrition_series(organization=organization, by="department"),
            "raw_sql": raw,
        }

        # Queries per request, for a spread of filters. An API key's last use is recorded at
        # most once a minute: a request first, untimed, so none of these records it.
        endpoint(None)
        cohort = refresh.cohorts[0]
        variants = {
            "one department": {"department": departments[0]},
            "all departments": {"by": "department"},
            "no filter": {},
            "level and role": {"level": refresh.levels[0], "role": "mentor", "by": "level"},
            "department and level": {"department": departments[1], "level": refresh.levels[1]},
            "program and cohort": {"program": cohort["program_id"], "cohort": cohort["id"]},
            "period": {"start": months[0].strftime("%Y-%m"), "end": months[5].strftime("%Y-%m")},
        }
        queries = {}
        for name, params in variants.items():
            with CaptureQueriesContext(connection) as captured:
                response = endpoint_with(params)
            assert response.status_code == 200, (name, response.content[:300])
            queries[name] = len(captured)

        one = time_path(paths["endpoint"], departments, CALLS)
        every = time_path(paths["endpoint"], [None], CALLS)
        selector_one = time_path(paths["selector_one"], departments, CALLS)
        selector_all = time_path(paths["selector_all"], [None], CALLS)
        raw_one = time_path(paths["raw_sql"], departments, RAW_CALLS, warm_up=1)
        raw_all = time_path(paths["raw_sql"], [None], RAW_CALLS, warm_up=1)
        for label, (p50, p95), calls in (
            ("endpoint one department", one, CALLS),
            ("endpoint all departments", every, CALLS),
            ("selector one department", selector_one, CALLS),
            ("selector all departments", selector_all, CALLS),
            ("raw SQL one department", raw_one, RAW_CALLS),
            ("raw SQL all departments", raw_all, RAW_CALLS),
        ):
            print(f"  {label:<25} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  ({calls} calls)")
        print(
            "  queries  per endpoint request: "
            + ", ".join(f"{name} {count}" for name, count in queries.items())
            + (" (the same whatever the filters)" if len(set(queries.values())) == 1 else " (NOT constant)")
        )
    ratio_all = every[1] / raw_all[1] if raw_all[1] else float("nan")
    ratio_one = one[1] / raw_one[1] if raw_one[1] else float("nan")
    within = every[1] <= ENDPOINT_GOAL_MS
    print(
        f"  goals    endpoint all departments p95 ≤ {ENDPOINT_GOAL_MS:g} ms: {met_goal(within)}; "
        f"≤ 2 × raw SQL: {met_goal(ratio_all <= 2 and ratio_one <= 2)}"
    )
    print(
        f"refresh_s={cold:.3f} refresh_warm_s={warm:.3f} p50_ms_one={one[0]:.1f} p95_ms_one={one[1]:.1f} "
        f"p50_ms_all={every[0]:.1f} p95_ms_all={every[1]:.1f} selector_p95_ms_one={selector_one[1]:.1f} "
        f"selector_p95_ms_all={selector_all[1]:.1f} raw_p95_ms_one={raw_one[1]:.1f} "
        f"raw_p95_ms_all={raw_all[1]:.1f} ratio_one={ratio_one:.3f} ratio_all={ratio_all:.3f} "
        f"queries={max(queries.values())} p95_ms_all_unanalyzed={fresh_all[1]:.1f}",
        flush=True,
    )
    return 0


def met_goal(ok: bool) -> str:
    return "met" if ok else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
