"""Roster benchmark: ``make bench`` (or ``python bench/roster.py``; see bench/README.md).

A synthetic roster file of 10,000 or 100,000 people (a manager tree eight wide, twelve
departments, ten levels, one leaver in twenty) is loaded into a throwaway database, in one of
two modes:

- ``fresh``: into an empty roster: every row is created, with its manager and history row;
- ``update``: over the same roster loaded before the clock starts (by a child process, so this
  process's peak memory is the update's alone), with every row changed: name, department,
  level, location, manager and rating, so every row is rewritten and dated in the history.

The load is ``organizations.roster.loads.roster_import`` (the command line's path; the
background task runs the same validation and writes), timed end to end (including the commit)
and per stage through its progress callback: ``reading`` (decode, split and check every row),
``comparing`` (read the roster, check managers and loops, decide what each row does),
``staging`` (new ids drawn, the changed rows into a temporary table: COPY on PostgreSQL),
``employees`` (INSERT … ON CONFLICT, managers included), ``history`` (INSERT … SELECT), ``links``
(members linked by email, the load's record and filter choices, commit). The analytics
refresh a load triggers after commit is not part of it (listeners paused).

Then the roster list, through Django's test client, once the tables are vacuumed and analyzed
(as autovacuum does within a minute of a load): the page (signed in as an HR analyst) and the
API list (with an API key), 50 timed requests each after 3 untimed ones, rotating over pages
1-20; filtered (department, level, active) and searched variants too. Each run prints one
``key=value`` line.

Each (size, mode) runs in its own process with its own database: a SQLite file in a temporary
folder, or a new ``<name>_bench_<pid>`` database when ``DATABASE_URL`` names PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on sys.path, where bench/matching.py would
# hide the matching app: put the project root first instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.matching import throwaway_database  # noqa: E402

SIZES = (10_000, 100_000)
MODES = ("fresh", "update")
GOAL_S = 30.0  # 100,000 rows on PostgreSQL, either mode
PEAK_GOAL_MB = 1_000
LIST_GOAL_MS = 100.0
CALLS = 50
STAGES = ("reading", "comparing", "staging", "employees", "history", "links")

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
CITIES = ("London", "Lisbon", "Berlin", "Warsaw", "Dubai", "Bangalore", "Singapore", "New York", "Chicago")
FIRST = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim", "Hedy")
LAST = (
    "Lovelace",
    "Hopper",
    "Turing",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Allen",
    "Thompson",
    "Perlman",
    "Lamarr",
)
HEADER = (
    "external_id,name,email,department,level,location,manager_id,hire_date,"
    "performance_rating,termination_date,termination_type"
)


def roster_file(rows: int, *, changed: bool) -> bytes:
    """The synthetic roster; ``changed`` moves every person (see the module)."""
    shift = 1 if changed else 0
    suffix = " Jr" if changed else ""
    width = 7 if changed else 8  # another manager for everyone but the first few
    start = datetime.date(2000, 1, 1)
    lines = [HEADER]
    for n in range(rows):
        hired = start + datetime.timedelta(days=(n * 37) % 8000)
        leaver = n % 20 == 0 and n
        lines.append(
            ",".join(
                (
                    f"R{n:07d}",
                    f"{FIRST[(n * 7) % len(FIRST)]} {LAST[(n * 13) % len(LAST)]} {n}{suffix}",
                    f"person{n}@bench.example",
                    DEPARTMENTS[(n * 31 + shift) % len(DEPARTMENTS)],
                    str(1 + (n * 17 + shift) % 10),
                    CITIES[(n + shift) % len(CITIES)],
                    f"R{(n - 1) // width:07d}" if n else "",
                    hired.isoformat(),
                    str(1 + (n + shift) % 5),
                    (hired + datetime.timedelta(days=400)).isoformat() if leaver else "",
                    ("voluntary" if n % 40 else "involuntary") if leaver else "",
                )
            )
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


class StageClock:
    """The progress callback: when each stage was first heard of."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.started.setdefault(stage, time.perf_counter())

    def durations(self, began: float, ended: float) -> dict[str, float]:
        marks = sorted((at, stage) for stage, at in self.started.items())
        out = {}
        for position, (at, stage) in enumerate(marks):
            following = marks[position + 1][0] if position + 1 < len(marks) else ended
            out[stage] = following - at
        out["reading"] = out.get("reading", 0.0) + (marks[0][0] - began if marks else 0.0)
        return out


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log: the bench measures the app
    settings.SECURE_SSL_REDIRECT = False


def _organization():
    from organizations.models import Organization

    return Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench Corp"})[0]


def _load(rows: int, *, changed: bool, progress=None):
    from organizations.models import RosterLoad
    from organizations.roster.listeners import roster_listeners_paused
    from organizations.roster.loads import roster_import
    from organizations.tenancy import organization_scope

    organization = _organization()
    content = roster_file(rows, changed=changed)
    with organization_scope(organization), roster_listeners_paused():
        kwargs = {"progress": progress} if progress else {}
        return roster_import(
            organization=organization,
            actor=None,
            content=content,
            filename=f"bench-{rows}.csv",
            source=RosterLoad.Source.COMMAND,
            effective_date=datetime.date.today(),
            **kwargs,
        )


def prepare(rows: int) -> None:
    """The untimed first load an update is measured against (run in a child process)."""
    _setup_django()
    _load(rows, changed=False)


def measure(rows: int, mode: str) -> None:
    with throwaway_database() as where:
        _setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        _organization()
        if mode == "update":
            subprocess.run([sys.executable, __file__, "--prepare", str(rows)], check=True, env=os.environ)
        _measure(rows, mode, where)


def _measure(rows: int, mode: str, where: str) -> None:
    from django.db import connection

    from organizations.models import Employee, EmployeeHistory
    from organizations.tenancy import organization_scope

    clock = StageClock()
    began = time.perf_counter()
    load = _load(rows, changed=mode == "update", progress=clock)
    ended = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total_s = ended - began
    stages = clock.durations(began, ended)

    organization = _organization()
    with organization_scope(organization):
        expected = (rows, 0) if mode == "fresh" else (0, rows)
        if (load.created_count, load.updated_count) != expected:
            raise SystemExit(
                f"expected created/updated {expected}, got {load.created_count}/{load.updated_count}"
            )
        history = EmployeeHistory.objects.filter(roster_load=load).count()
        managed = Employee.objects.filter(manager__isnull=False).count()
        if history != rows or managed != rows - 1:
            raise SystemExit(
                f"expected {rows} history rows and {rows - 1} managers, got {history}, {managed}"
            )
        with connection.cursor() as cursor:
            # What autovacuum does within a minute of a load on PostgreSQL (planner statistics,
            # the visibility map that lets a count read the index alone); SQLite's statistics.
            cursor.execute(
                "VACUUM ANALYZE organizations_employee" if connection.vendor == "postgresql" else "ANALYZE"
            )
        timings = list_timings(organization)

    figures = {
        "rows": rows,
        "mode": mode,
        "db": connection.vendor,
        "total_s": f"{total_s:.2f}",
        "peak_mb": f"{peak_mb:.0f}",
        **{f"{stage}_s": f"{stages.get(stage, 0.0):.2f}" for stage in STAGES},
        **{key: f"{value:.1f}" if isinstance(value, float) else value for key, value in timings.items()},
    }
    met = {True: "met", False: "MISSED"}
    print(f"{rows:,} rows, {mode} ({'every row new' if mode == 'fresh' else 'every row changed'}), {where}")
    for stage in STAGES:
        print(f"  {stage:<10} {stages.get(stage, 0.0):7.2f} s")
    goal = (
        f"goal ≤ {GOAL_S:g} s on PostgreSQL at 100,000: {met[total_s <= GOAL_S]}" if rows == 100_000 else ""
    )
    print(f"  total      {total_s:7.2f} s  {goal}")
    print(f"  peak       {peak_mb:7.0f} MB goal < {PEAK_GOAL_MB:,} MB: {met[peak_mb < PEAK_GOAL_MB]}")
    worst = max(timings["list_p95_ms"], timings["api_list_p95_ms"])
    print(
        f"  list p95   page {timings['list_p95_ms']:.1f} ms, API {timings['api_list_p95_ms']:.1f} ms "
        f"(goal ≤ {LIST_GOAL_MS:g} ms: {met[worst <= LIST_GOAL_MS]}); filtered page "
        f"{timings['list_filtered_p95_ms']:.1f} ms, API {timings['api_filtered_p95_ms']:.1f} ms; "
        f"search page {timings['list_search_p95_ms']:.1f} ms; {timings['list_queries']} queries a page"
    )
    print(" ".join(f"{key}={value}" for key, value in figures.items()), flush=True)


def list_timings(organization) -> dict:
    """p95 in ms of the roster page and the API list (see the module), and the page's queries."""
    from django.db import connection
    from django.test import Client
    from rest_framework.throttling import SimpleRateThrottle

    from organizations.models import Membership, User
    from organizations.roles import Role
    from organizations.services.api_keys import api_key_create

    SimpleRateThrottle.THROTTLE_RATES = {
        **SimpleRateThrottle.THROTTLE_RATES,
        "caller": "1000000/min",
    }
    analyst = User.objects.create_user(email="bench-hr@bench.example")
    Membership.objects.create(organization=organization, user=analyst, role=Role.HR_ANALYST)
    page_client = Client()
    page_client.force_login(analyst)
    _, raw_key = api_key_create(
        organization=organization, actor=analyst, name="Bench HR system", scopes=["roster.read"]
    )
    api_client = Client(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    page_url = f"/o/{organization.slug}/roster/"
    api_url = f"/api/v1/o/{organization.slug}/employees/"

    def p95(client, url, params) -> float:
        for n in range(3):
            _get(client, url, params(n))
        samples = []
        for n in range(CALLS):
            started = time.perf_counter()
            _get(client, url, params(n))
            samples.append(time.perf_counter() - started)
        ordered = sorted(samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000

    def filtered(n: int) -> dict:
        return {"department": DEPARTMENTS[n % len(DEPARTMENTS)], "level": 1 + n % 10}

    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):  # survives the request's connection handling
        _get(page_client, page_url, {"page": 3})
    return {
        "list_p95_ms": p95(page_client, page_url, lambda n: {"page": 1 + n % 20}),
        "api_list_p95_ms": p95(api_client, api_url, lambda n: {"page": 1 + n % 20}),
        "list_filtered_p95_ms": p95(page_client, page_url, lambda n: {**filtered(n), "status": "active"}),
        "api_filtered_p95_ms": p95(api_client, api_url, lambda n: {**filtered(n), "active": "true"}),
        "list_search_p95_ms": p95(page_client, page_url, lambda n: {"q": LAST[n % len(LAST)]}),
        "list_queries": len(statements),
    }


def _get(client, url: str, params: dict):
    response = client.get(url, params)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    return response


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, help="one size (default: 10,000 and 100,000)")
    parser.add_argument("--mode", choices=MODES, help="one mode (default: fresh, then update)")
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare)
        return 0
    if args.rows and args.mode:
        measure(args.rows, args.mode)
        return 0
    for rows in [args.rows] if args.rows else SIZES:
        for mode in [args.mode] if args.mode else MODES:
            done = subprocess.run(
                [sys.executable, __file__, "--rows", str(rows), "--mode", mode], check=False
            )
            if done.returncode:
                return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
