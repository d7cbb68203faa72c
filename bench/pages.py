"""Page benchmark: ``make bench-pages`` (see bench/README.md; issue 17 item 5).

A large organization — **2,000 one-to-one pairs with a year of activity** (meetings every two
weeks with action items, check-ins every eight weeks, goal plans with goals, milestones and
monthly goal check-ins, learning sessions with attendance), the roster behind it, the draft
match run the pairs came from, and the retention analytics refreshed — is stored in a throwaway
PostgreSQL database (``<name>_bench_<pid>`` on the server ``DATABASE_URL`` names, dropped
afterwards), then served by **gunicorn with 3 workers** (as the production image runs it) on a
free port, and each page is asked for over HTTP, with keep-alive connections, signed in as the
person who uses it:

- ``/healthz`` (one ``SELECT 1``: the floor every page is compared with);
- the mentee's pair space; the cohort overview; the matching run (2,000 proposed pairs); the
  roster list; the pair-health API (``/api/v1/o/<org>/pair-health/``, the program manager's
  session: API keys carry the HR analyst's role, which does not read pair health); the retention
  dashboard; the analytics API (``/api/v1/o/<org>/analytics/retention/``, an API key).

After a warm-up (a few requests on new connections, spread over the workers), each page is
timed at **1 client** (``CALLS_1`` requests one after another) and at **4 clients** (four
threads, ``CALLS_4`` each, at once); a phase stops early after ``PHASE_S`` seconds (with at
least ``MIN_CALLS`` requests per client) so that slow pages keep the run short. p50 and p95 of
the response times in milliseconds; the table says how many requests each figure rests on.

Every page is timed twice, each time by a gunicorn of its own: **as served** (the page cache on,
as in production: a page reopened by the same person comes from the cache until the
organization's data changes) and **drawn every time** (``PAGE_CACHE_SECONDS=0``: the first visit
after a change). The requests carry a CSRF cookie, as a browser's do.

Goal (issue 17): every page's p95 at 1 client ≤ 5 × ``/healthz``'s and ≤ 60 ms. The last line
is ``key=value`` pairs: ``worst_ratio`` (the largest page p95 ÷ ``/healthz`` p95, at 1 client),
``worst_p95_ms``, ``worst_page``, then each page's ``<page>_p95_ms`` (1 client) and
``<page>_p95_ms_4`` (4 clients), and ``healthz_p95_ms``: the pages as served. The same figures
drawn every time follow with a ``drawn_`` prefix.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.matching import throwaway_database  # noqa: E402

MENTEES, MENTORS, CAPACITY = 2_000, 800, 3
CALLS_1 = 100  # a p95 of 30 requests is the second slowest: one hiccup decides it
CALLS_4 = 40  # per client
PHASE_S = 15.0  # a phase stops early after this long (at least MIN_CALLS each): the run stays short
MIN_CALLS = 8
WARMUP = 4  # per page, on new connections: the workers have answered it before it is timed
WORKERS = 3
GOAL_RATIO = 5.0
GOAL_MS = 60.0
DAY = datetime.timedelta(days=1)
# A browser's CSRF cookie (any page with a form sets one): the page cache keys on it.
CSRF_COOKIE = "b3nch" * 6 + "ok"
# Per path, how many answers came from the page cache (X-Page-Cache: hit), were drawn (miss) or
# are not cached at all (-).
CACHE_ANSWERS: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)


def say(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# --- The organization ------------------------------------------------------------------------


def seed() -> dict:
    """Store the organization; return who signs in where and the pages' paths."""
    from django.db import transaction
    from django.utils import timezone

    from bench.matching import store_cohort
    from bench.synthetic import synthetic_cohort
    from organizations.models import Membership, User
    from organizations.roles import Role
    from organizations.tenancy import organization_scope

    synthetic = synthetic_cohort(MENTEES, MENTORS, capacity=CAPACITY)
    with transaction.atomic():
        cohort = store_cohort(synthetic)
    organization = cohort.organization
    now = timezone.now()
    with organization_scope(organization), transaction.atomic():
        program = cohort.program
        program.start_date = (now - 340 * DAY).date()
        program.end_date = program.start_date + 365 * DAY
        program.save(update_fields=["start_date", "end_date"])
        run = _match_run(cohort)
        pairs = _pairs(cohort, run, published_at=now - 335 * DAY)
        counts = _year(organization, cohort, pairs, now=now)
        manager = User.objects.create_user(email="manager@bench.example", full_name="Pat Manager")
        Membership.objects.create(organization=organization, user=manager, role=Role.PROGRAM_MANAGER)
        admin = User.objects.create_user(email="admin@bench.example", full_name="Alex Admin")
        Membership.objects.create(organization=organization, user=admin, role=Role.ADMIN)
        mentee_pair, mentee = _mentee_user(pairs[0])
    say(
        f"  stored   {len(pairs):,} pairs, "
        + ", ".join(f"{n:,} {what}" for what, n in counts.items())
        + f", draft match run of {MENTEES:,} × {MENTORS:,}"
    )
    with organization_scope(organization):
        _refresh_analytics(organization)
        key = _api_key(organization, admin)
    slug = organization.slug
    return {
        "organization": organization,
        "users": {"manager": manager, "admin": admin, "mentee": mentee},
        "api_key": key,
        "pages": [
            ("healthz", None, "/healthz"),
            ("pair_space", "mentee", f"/o/{slug}/mentoring/pairs/{mentee_pair.pk}/"),
            ("cohort_overview", "manager", f"/o/{slug}/mentoring/cohorts/{cohort.pk}/"),
            ("matching_run", "manager", _reverse("matching:run", slug, run)),
            ("roster", "admin", f"/o/{slug}/roster/"),
            # Managers' numbers: the program manager's session (API keys carry the HR role).
            ("api_pair_health", "manager", f"/api/v1/o/{slug}/pair-health/"),
            ("retention_dashboard", "admin", f"/o/{slug}/analytics/"),
            ("analytics_api", "api", f"/api/v1/o/{slug}/analytics/retention/"),
        ],
    }


def _reverse(name: str, slug: str, run) -> str:
    from django.urls import reverse

    from matching.models import MatchRun

    assert isinstance(run, MatchRun)
    return reverse(name, kwargs={"org_slug": slug, "pk": run.pk})


def _match_run(cohort):
    """The cohort matched as a manager would (the engine, then the run saved as a draft)."""
    from matching.explain import explain_pairs
    from matching.features import build_features
    from matching.inputs import cohort_inputs
    from matching.scoring import score_matrix
    from matching.services.runs import computed_pairs, run_save
    from matching.solver import solve

    inputs = cohort_inputs(cohort)
    features = build_features(
        inputs.mentee_profiles,
        inputs.mentor_profiles,
        manager_of=inputs.manager_of,
        passion_framework=inputs.passion_framework,
    )
    scores = score_matrix(features, inputs.rules)
    optimal = solve(scores, inputs.constraints)
    explanations = explain_pairs(scores, optimal.mentee_index, optimal.mentor_index)
    return run_save(inputs, computed_pairs(inputs, optimal, explanations), actor=None)


def _pairs(cohort, run, *, published_at):
    """The run's pairs, published ``published_at`` (bulk: publishing would also send emails)."""
    from matching.models import MemberRole, Pair, PairMember, ProposedPair

    proposed = list(ProposedPair.objects.filter(run=run).order_by("pk").values_list("mentee_id", "mentor_id"))
    pairs = Pair.objects.bulk_create(
        [
            Pair(organization=cohort.organization, cohort=cohort, published_at=published_at, match_run=run)
            for _ in proposed
        ],
        batch_size=2000,
    )
    PairMember.objects.bulk_create(
        [
            PairMember(
                organization=cohort.organization,
                pair=pair,
                participant_id=who,
                role=role,
                joined_at=published_at,
            )
            for pair, (mentee, mentor) in zip(pairs, proposed, strict=True)
            for who, role in ((mentor, MemberRole.MENTOR), (mentee, MemberRole.MENTEE))
        ],
        batch_size=4000,
    )
    return pairs


def _year(organization, cohort, pairs, *, now) -> dict[str, int]:
    """A year of the pairs' activity, bulk-inserted (what the app would have stored)."""
    import random

    from goals.models import Goal, GoalCheckIn, GoalPlan, Milestone
    from matching.models import MemberRole, PairMember
    from sessions.models import ActionItem, Attendance, CheckIn, LearningSession, Meeting, MeetingStatus

    rng = random.Random(7)
    members: dict[int, dict[str, PairMember]] = {}
    for member in PairMember.objects.filter(pair__cohort=cohort):
        members.setdefault(member.pair_id, {})[member.role] = member
    org = {"organization": organization}
    meetings, checkins, plans = [], [], []
    for pair in pairs:
        # Every two weeks or so, some skipped; the next one booked.
        when = pair.published_at + rng.randint(5, 12) * DAY
        while when < now:
            if rng.random() < 0.85:
                meetings.append(
                    Meeting(
                        **org, pair=pair, starts_at=when, duration_minutes=60, status=MeetingStatus.HAPPENED
                    )
                )
            when += rng.randint(12, 18) * DAY
        meetings.append(
            Meeting(**org, pair=pair, starts_at=now + rng.randint(1, 14) * DAY, duration_minutes=60)
        )
        for round_, weeks in enumerate(range(6, 48, 8), start=1):
            due = (pair.published_at + weeks * 7 * DAY).date()
            for member in members[pair.pk].values():
                answered = rng.random() < 0.8
                checkins.append(
                    CheckIn(
                        **org,
                        pair=pair,
                        member=member,
                        round=round_,
                        due_on=due,
                        answered_at=datetime.datetime.combine(due, datetime.time(12), tzinfo=datetime.UTC)
                        if answered
                        else None,
                        usefulness=rng.randint(2, 5) if answered else None,
                        met_as_planned=rng.random() < 0.8 if answered else None,
                        would_continue=rng.random() < 0.9 if answered else None,
                    )
                )
        plans.append(GoalPlan(**org, member=members[pair.pk][MemberRole.MENTEE]))
    meetings = Meeting.objects.bulk_create(meetings, batch_size=4000)
    ActionItem.objects.bulk_create(
        [
            ActionItem(
                **org,
                meeting=meeting,
                text="Write down what to try before the next meeting",
                owner=members[meeting.pair_id][MemberRole.MENTEE],
                due_on=meeting.starts_at.date() + 14 * DAY,
                done=meeting.starts_at < now - 30 * DAY,
            )
            for meeting in meetings
            if meeting.status == MeetingStatus.HAPPENED and meeting.pk % 3 == 0
        ],
        batch_size=4000,
    )
    CheckIn.objects.bulk_create(checkins, batch_size=4000)
    plans = GoalPlan.objects.bulk_create(plans, batch_size=4000)
    goals = Goal.objects.bulk_create(
        [
            Goal(
                **org,
                plan=plan,
                title=f"Goal {n + 1}",
                success_measure="Agreed with my mentor",
                target_date=(now + (60 + 30 * n) * DAY).date(),
                status=rng.choice(["on_track", "on_track", "at_risk", "not_started", "achieved"]),
                order=n,
            )
            for plan in plans
            for n in range(3)
        ],
        batch_size=4000,
    )
    start = pairs[0].published_at
    milestones, goal_checkins = [], []
    for goal in goals:
        for n in range(3):
            due = (start + (60 + 100 * n + rng.randint(0, 30)) * DAY).date()
            done = due < now.date() and rng.random() < 0.8
            milestones.append(
                Milestone(
                    **org,
                    goal=goal,
                    title=f"Step {n + 1}",
                    due_date=due,
                    completed_at=datetime.datetime.combine(due, datetime.time(12), tzinfo=datetime.UTC)
                    if done
                    else None,
                )
            )
        for month in range(11):
            goal_checkins.append(
                GoalCheckIn(
                    **org,
                    goal=goal,
                    date=(start + (30 * month + 20) * DAY).date(),
                    progress=min(100, 9 * month),
                )
            )
    Milestone.objects.bulk_create(milestones, batch_size=4000)
    GoalCheckIn.objects.bulk_create(goal_checkins, batch_size=4000)
    sessions = LearningSession.objects.bulk_create(
        [
            LearningSession(
                **org,
                cohort=cohort,
                title=f"Session {n + 1}",
                starts_at=start + (20 + 45 * n) * DAY,
                duration_minutes=90,
            )
            for n in range(8)
        ]
    )
    participants = sorted({m.participant_id for by_role in members.values() for m in by_role.values()})
    attendance = [
        Attendance(**org, session=session, participant_id=p, source="manager")
        for session in sessions
        if session.starts_at < now
        for p in participants
        if rng.random() < 0.6
    ]
    Attendance.objects.bulk_create(attendance, batch_size=4000)
    return {
        "meetings": len(meetings),
        "check-ins": len(checkins),
        "goals": len(goals),
        "milestones": len(milestones),
        "goal check-ins": len(goal_checkins),
        "attendances": len(attendance),
    }


def _mentee_user(pair):
    """A sign-in for the first pair's mentee (as if they had accepted an invitation)."""
    from matching.models import MemberRole, PairMember
    from organizations.models import Membership, User
    from organizations.roles import Role

    member = PairMember.objects.select_related("participant__employee").get(pair=pair, role=MemberRole.MENTEE)
    employee = member.participant.employee
    user = User.objects.create_user(email=employee.email, full_name=employee.name)
    Membership.objects.create(organization=pair.organization, user=user, role=Role.MEMBER)
    employee.user = user
    employee.save(update_fields=["user"])
    return pair, user


def _refresh_analytics(organization) -> None:
    from analytics.services.refresh import facts_refresh
    from organizations.clock import organization_today

    started = time.perf_counter()
    facts_refresh(organization=organization, as_of=organization_today(organization))
    say(f"  analytics refreshed in {time.perf_counter() - started:.1f} s")


def _api_key(organization, admin) -> str:
    from organizations.services.api_keys import api_key_create

    _, raw_key = api_key_create(organization=organization, actor=admin, name="Bench HR system")
    return raw_key


def session_cookie(user) -> str:
    """A signed-in session for ``user``, as the sign-in page leaves one (stored in the database)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def analyze() -> None:
    """Statistics for the planner and the tables vacuumed (autovacuum would otherwise visit the
    freshly filled tables while pages are timed), then the seeding's writes flushed to disk (a
    checkpoint and the kernel's dirty pages) before anything is timed: otherwise their write-back
    lands in the first page measured (``/healthz``: p95 163-171 ms against a p50 of 1.2 ms, twice
    in a row)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute("CHECKPOINT")
    os.sync()


# --- Serving and asking ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int, *, page_cache: bool) -> subprocess.Popen:
    env = {
        **os.environ,
        # Drawn: every page drawn for every request, as on the first visit after a change.
        **({} if page_cache else {"PAGE_CACHE_SECONDS": "0"}),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.pages_wsgi:application",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start-up (exit {server.returncode})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                # Every worker's first requests load what Django loads lazily (hundreds of ms):
                # spread some over the workers before anything is timed, or /healthz, timed
                # first, carries them and the ratios flatter the pages.
                for _ in range(10 * WORKERS):
                    Asker(port, {}).get("/healthz")
                return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


class Asker:
    """One keep-alive connection, as a browser or an HR system keeps one."""

    def __init__(self, port: int, headers: dict[str, str]):
        self.port = port
        self.headers = {"Host": "127.0.0.1", **headers}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, path: str) -> float:
        started = time.perf_counter()
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise SystemExit(f"GET {path} answered {response.status}: {body[:300]!r}")
        CACHE_ANSWERS[path][response.getheader("X-Page-Cache") or "-"] += 1
        return elapsed


def percentiles(times: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return statistics.median(times), cuts[94]


def measure_page(port: int, path: str, headers: dict[str, str]) -> dict[str, tuple[float, float]]:
    one = Asker(port, headers)
    for _ in range(WARMUP):
        Asker(port, headers).get(path)  # new connections: spread over the workers
    single = _timed(one, path, CALLS_1)
    results: list[list[float]] = [[] for _ in range(4)]

    def client(n: int) -> None:
        try:
            results[n] = _timed(Asker(port, headers), path, CALLS_4)
        except OSError as error:  # a request slower than the client's timeout
            say(f"  GET {path}: a client gave up at 4 clients ({error!r})")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    concurrent = [t for r in results for t in r]
    if not concurrent:
        raise SystemExit(f"GET {path}: every client gave up at 4 clients")
    return {"1": percentiles(single), "4": percentiles(concurrent), "calls": (len(single), len(concurrent))}


def _timed(asker: Asker, path: str, calls: int) -> list[float]:
    """Up to ``calls`` requests one after another, stopping after ``PHASE_S`` (``MIN_CALLS`` at least)."""
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < calls and (len(times) < MIN_CALLS or time.perf_counter() - started < PHASE_S):
        times.append(asker.get(path))
    return times


def measure_served(world: dict, cookies: dict[str, str], *, page_cache: bool) -> dict[str, dict]:
    """Every page's figures from one gunicorn, with the page cache on (as served) or off (drawn)."""
    say(f"  timing the pages {'as served' if page_cache else 'drawn every time (PAGE_CACHE_SECONDS=0)'}")
    port = free_port()
    server = serve(port, page_cache=page_cache)
    try:
        figures = {}
        for name, who, path in world["pages"]:
            if who is None:
                headers = {}
            elif who == "api":
                headers = {"Authorization": f"Api-Key {world['api_key']}"}
            else:
                headers = {"Cookie": f"sessionid={cookies[who]}; csrftoken={CSRF_COOKIE}"}
            CACHE_ANSWERS.pop(path, None)
            figures[name] = measure_page(port, path, headers)
            figures[name]["cache"] = dict(CACHE_ANSWERS[path])
    finally:
        stop(server)
    return figures


def table(title: str, figures: dict[str, dict], health: float) -> tuple[float, tuple[str, float, float]]:
    """Print one run's figures; return the worst ratio and the worst page (name, ratio, p95)."""
    say(
        f"\n  {title}\n  {'page':<21} {'1 client p50':>13} {'p95':>9} {'4 clients p50':>14} {'p95':>9} "
        f"{'÷ healthz':>10} calls  from the cache"
    )
    worst = ("", 0.0, 0.0)
    for name, by_clients in figures.items():
        (p50_1, p95_1), (p50_4, p95_4) = by_clients["1"], by_clients["4"]
        ratio = p95_1 / health
        if name != "healthz" and p95_1 > worst[2]:
            worst = (name, ratio, p95_1)
        calls = "/".join(str(n) for n in by_clients["calls"])
        answers = by_clients["cache"]
        cached = f"{answers.get('hit', 0)}/{sum(answers.values())}" if "-" not in answers else "-"
        say(
            f"  {name:<21} {p50_1:>10.1f} ms {p95_1:>6.1f} ms {p50_4:>11.1f} ms {p95_4:>6.1f} ms "
            f"{ratio:>9.1f}× {calls:>5}  {cached}"
        )
    worst_ratio = max(by["1"][1] / health for name, by in figures.items() if name != "healthz")
    return worst_ratio, worst


def _loads(loads) -> str:
    return " ".join(f"{x:.2f}" for x in loads)


def main() -> int:
    global MENTEES, MENTORS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentees", type=int, default=MENTEES, help="pairs (2,000; fewer to try the bench)")
    parser.add_argument("--mentors", type=int, default=MENTORS)
    args = parser.parse_args()
    MENTEES, MENTORS = args.mentees, args.mentors
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "bench/pages.py measures the pages as production serves them: set DATABASE_URL to a "
            "PostgreSQL server: DATABASE_URL=postgres://postgres@127.0.0.1:5432/lodestar make bench-pages"
        )
    load_before = os.getloadavg()
    started = time.perf_counter()
    # The server and this process sign sessions with the same key (the cookies are made here).
    os.environ["SECRET_KEY"] = os.environ.get("SECRET_KEY") or "bench-pages-not-secret-" + "x" * 40
    os.environ["DEBUG"] = "0"
    with throwaway_database() as where:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.DEBUG = False
        say("Page benchmark (issue 17)")
        say(f"  database {where}")
        call_command("migrate", verbosity=0)
        # As the production image does at build: the pages link content-hashed static files.
        call_command("collectstatic", interactive=False, verbosity=0)
        seeding = time.perf_counter()
        world = seed()
        analyze()
        cookies = {role: session_cookie(user) for role, user in world["users"].items()}
        say(f"  seeded in {time.perf_counter() - seeding:.0f} s (not timed); gunicorn, {WORKERS} workers")
        from django.db import connections

        connections.close_all()
        figures = measure_served(world, cookies, page_cache=True)
        drawn = measure_served(world, cookies, page_cache=False)
    load_after = os.getloadavg()
    health = figures["healthz"]["1"][1]
    worst_ratio, worst = table("As served (page cache on)", figures, health)
    drawn_health = drawn["healthz"]["1"][1]
    drawn_ratio, drawn_worst = table("Drawn every time (page cache off)", drawn, drawn_health)
    met = worst_ratio <= GOAL_RATIO and worst[2] <= GOAL_MS
    say(
        f"\n  goal: every page's p95 at 1 client ≤ {GOAL_RATIO:g} × /healthz's and ≤ {GOAL_MS:g} ms: "
        f"{'met' if met else 'MISSED'} as served; drawn every time, the worst is {drawn_ratio:.1f}× "
        f"({drawn_worst[0]}, {drawn_worst[2]:.1f} ms)"
    )
    say(
        f"  load average {_loads(load_before)} → {_loads(load_after)}; "
        f"{time.perf_counter() - started:.0f} s in all"
    )
    keys = {
        "worst_ratio": f"{worst_ratio:.2f}",
        "worst_p95_ms": f"{worst[2]:.1f}",
        "worst_page": worst[0],
        "healthz_p95_ms": f"{health:.1f}",
        **{f"{name}_p95_ms": f"{by['1'][1]:.1f}" for name, by in figures.items() if name != "healthz"},
        **{f"{name}_p95_ms_4": f"{by['4'][1]:.1f}" for name, by in figures.items()},
        "drawn_worst_ratio": f"{drawn_ratio:.2f}",
        "drawn_worst_p95_ms": f"{drawn_worst[2]:.1f}",
        "drawn_worst_page": drawn_worst[0],
        "drawn_healthz_p95_ms": f"{drawn_health:.1f}",
        **{f"drawn_{name}_p95_ms": f"{by['1'][1]:.1f}" for name, by in drawn.items() if name != "healthz"},
        "load_1m": f"{load_before[0]:.2f}",
    }
    print(" ".join(f"{k}={v}" for k, v in keys.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
