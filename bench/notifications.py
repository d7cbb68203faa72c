"""Notifications benchmark: ``make bench-notifications`` (see bench/README.md).

50 organizations with 1,000 one-to-one pairs each (50,000 pairs; every mentor takes 3
mentees), as the mentoring year leaves them on a Monday morning: program managers, meetings
held and booked, quiet pairs, relationship check-ins answered and due, goal plans with
milestones and monthly check-ins, learning sessions behind and ahead. Stored in a throwaway
database (a SQLite file by default, or a fresh PostgreSQL database when ``DATABASE_URL`` names a
server — see ``bench/matching.py``) with bulk inserts, then timed:

- ``scan``: every registered reminder scan (``organizations.notifications.scans.scans_run``)
  for every organization, once, at that moment, as beat's sweep has them run: each
  organization's scan a task of its own (``organizations.tasks.send_due_notifications``), taken
  by whichever worker process is free, one process per core (``BENCH_PROCESSES`` to choose; one
  on SQLite). Goal ≤ 5 s. Before it, ``serial``: the same scans in one process, one
  organization after another (rolled back afterwards), with their query count. The bench knows
  no scan by name: it runs whatever the apps registered. A second sweep five minutes later (the
  steady state: everything due is already stored) is timed too.
  Before them, untimed for the scan but shown, the beat's pair-facts sweep makes the stored pair
  facts fresh (as it does every five minutes): the managers' digest reads them.
- ``send``: 10,000 due emails sent to Django's locmem backend by ``dispatch_due``, organization
  by organization (the emails the scan made, topped up with digest emails when it made fewer;
  the rest are pushed past the moment). Goal ≤ 30 s.
- ``queries``: the queries one organization's scan costs with 500 pairs and with 1,000 pairs,
  the same data shape: they must be equal. On SQLite, Django splits a large bulk insert into
  batches of 999 parameters, so INSERT statements are counted apart there.

The last line is ``key=value`` pairs: ``scan_s``, ``send_s``, ``scan_serial_s``, ``emails``, ``queries_scan``,
``queries_per_org_scan`` and more (bench/README.md).
"""

from __future__ import annotations

import datetime
import math
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.matching import throwaway_database  # noqa: E402  (one way to make a throwaway database)

# BENCH_ORGANIZATIONS=5 makes a quick run for profiling (the goals are for 50).
ORGANIZATIONS = int(os.environ.get("BENCH_ORGANIZATIONS", "50"))
PAIRS_PER_ORGANIZATION = 1_000
MENTOR_CAPACITY = 3
MANAGERS = 2
EMAILS = 10_000
SCAN_GOAL_S = 5.0
SEND_GOAL_S = 30.0
TIME_ZONES = ("UTC", "Europe/London", "Europe/Amsterdam", "Europe/Helsinki")
DEPARTMENTS = ("Engineering", "Sales", "Operations", "Finance", "Marketing", "People")

# What each pair is doing at the moment, by pair number modulo 20.
HEALTHY, MEETS_TOMORROW, QUIET, SILENT, CHECKIN_DUE = "healthy", "tomorrow", "quiet", "silent", "checkin"


def pair_state(n: int) -> str:
    slot = n % 20
    if slot in (0, 1):
        return MEETS_TOMORROW  # 10 %: a meeting booked within the next 24 hours
    if slot in (2, 3):
        return QUIET  # 10 %: last met 20 days ago, cadence 14 days, nothing booked
    if slot == 4:
        return SILENT  # 5 %: last met 60 days ago
    if slot == 5:
        return CHECKIN_DUE  # 5 %: published six weeks ago today, first check-in due
    return HEALTHY  # 70 %: met five days ago


def bench_moment() -> datetime.datetime:
    """A Monday, 10:00 UTC, at least a day in the past (emails made then are due now)."""
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    monday = now.date() - datetime.timedelta(days=now.weekday())
    return datetime.datetime.combine(monday, datetime.time(10), tzinfo=datetime.UTC)


def build_organization(index: int, pairs: int, moment: datetime.datetime, *, sessions_due: bool):
    """One organization with ``pairs`` pairs, everything bulk-inserted; returns it.

    ``sessions_due``: a learning session enters its 48-hour window now and another ended
    yesterday with a discussion guide (in a tenth of the organizations: sessions are monthly)."""
    from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
    from goals.models import Goal, GoalCheckIn, GoalPlan, GoalStatus, Milestone
    from matching.models import MemberRole, Pair, PairMember
    from organizations.models import Employee, Membership, Organization, User
    from organizations.roles import Role
    from programs.models import Application, ApplicationStatus, Program, ProgramStatus
    from sessions.models import CheckIn, LearningSession, Meeting, MeetingStatus

    day = datetime.timedelta(days=1)
    today = moment.date()
    slug = f"bench-{index}"
    organization = Organization.objects.create(
        name=f"Bench {index}", slug=slug, timezone=TIME_ZONES[index % len(TIME_ZONES)]
    )
    mentors = math.ceil(pairs / MENTOR_CAPACITY)
    people = pairs + mentors
    users = User.objects.bulk_create(
        [
            User(email=f"{slug}-{n}@bench.example", full_name=f"Person {index}-{n}", password="!")
            for n in range(people + MANAGERS)
        ],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [
            Membership(
                organization=organization,
                user=user,
                role=Role.PROGRAM_MANAGER if n >= people else Role.MEMBER,
            )
            for n, user in enumerate(users)
        ],
        batch_size=2000,
    )
    employees = Employee.objects.bulk_create(
        [
            Employee(
                organization=organization,
                external_id=f"E{n:06d}",
                name=f"Person {index}-{n}",
                email=users[n].email,
                department=DEPARTMENTS[n % len(DEPARTMENTS)],
                level=2 if n < pairs else 5,
                hire_date=datetime.date(2018, 1, 1),
                performance_rating=3,
                user=users[n],
            )
            for n in range(people)
        ],
        batch_size=2000,
    )
    program = Program.objects.create(
        organization=organization,
        name="Leadership Bridge",
        start_date=today - 70 * day,
        end_date=today + 295 * day,
        meeting_cadence_days=14,
        applications_open_at=moment - 120 * day,
        applications_close_at=moment - 90 * day,
        mentee_limit=min(pairs, 30000),
        mentor_limit=min(mentors, 30000),
        status=ProgramStatus.ACTIVE,
    )
    cohort = Cohort.objects.create(
        organization=organization,
        program=program,
        name="Class",
        mentee_limit=program.mentee_limit,
        mentor_limit=program.mentor_limit,
        status=CohortStatus.ACTIVE,
        activated_at=moment - 70 * day,
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                organization=organization,
                program=program,
                employee=employee,
                user=employee.user,
                role="mentee" if n < pairs else "mentor",
                motivation="Benchmark",
                status=ApplicationStatus.ACCEPTED,
                evaluated_on=today - 90 * day,
            )
            for n, employee in enumerate(employees)
        ],
        batch_size=2000,
    )
    participants = Participant.objects.bulk_create(
        [
            Participant(
                organization=organization,
                cohort=cohort,
                application=application,
                employee_id=application.employee_id,
                role=application.role,
                status=ParticipantStatus.SELECTED,
            )
            for application in applications
        ],
        batch_size=2000,
    )
    morning = datetime.time(9)

    def published(n: int) -> datetime.datetime:
        weeks_ago = 6 if pair_state(n) == CHECKIN_DUE else 9
        return datetime.datetime.combine(today - 7 * weeks_ago * day, morning, tzinfo=datetime.UTC)

    pair_rows = Pair.objects.bulk_create(
        [Pair(organization=organization, cohort=cohort, published_at=published(n)) for n in range(pairs)],
        batch_size=2000,
    )
    members = PairMember.objects.bulk_create(
        [
            PairMember(
                organization=organization,
                pair=pair,
                participant=participants[n] if role == MemberRole.MENTEE else participants[pairs + n // 3],
                role=role,
                joined_at=pair.published_at,
            )
            for n, pair in enumerate(pair_rows)
            for role in (MemberRole.MENTEE, MemberRole.MENTOR)
        ],
        batch_size=2000,
    )
    meetings = []
    for n, pair in enumerate(pair_rows):
        state = pair_state(n)
        last_met = {HEALTHY: 5, MEETS_TOMORROW: 10, QUIET: 20, SILENT: 60, CHECKIN_DUE: 3}[state]
        for days_ago in (last_met, last_met + 14, last_met + 28):
            when = moment - days_ago * day
            if when > pair.published_at:
                meetings.append(
                    Meeting(
                        organization=organization,
                        pair=pair,
                        starts_at=when,
                        duration_minutes=60,
                        status=MeetingStatus.HAPPENED,
                    )
                )
        ahead = 20 / 24 if state == MEETS_TOMORROW else (9 if state == HEALTHY else None)
        if ahead is not None:
            meetings.append(
                Meeting(
                    organization=organization, pair=pair, starts_at=moment + ahead * day, duration_minutes=60
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=2000)

    guide = "Talk about one situation this month where you used what the session covered."
    sessions = [
        LearningSession(
            organization=organization,
            cohort=cohort,
            title="Kickoff",
            starts_at=moment - 60 * day,
            duration_minutes=90,
            discussion_guide=guide,
        ),
        LearningSession(
            organization=organization,
            cohort=cohort,
            title="Feedback workshop",
            starts_at=moment - 30 * day,
            duration_minutes=90,
            discussion_guide=guide,
        ),
    ]
    if sessions_due:
        sessions += [
            LearningSession(
                organization=organization,
                cohort=cohort,
                title="Difficult conversations",
                starts_at=moment - 26 * datetime.timedelta(hours=1),
                duration_minutes=90,
                discussion_guide=guide,
            ),
            LearningSession(
                organization=organization,
                cohort=cohort,
                title="Influence without authority",
                starts_at=moment + datetime.timedelta(hours=47, minutes=58),
                duration_minutes=90,
            ),
        ]
    else:
        sessions.append(
            LearningSession(
                organization=organization,
                cohort=cohort,
                title="Influence without authority",
                starts_at=moment + 20 * day,
                duration_minutes=90,
            )
        )
    LearningSession.objects.bulk_create(sessions)

    # Relationship check-ins: the first round (six weeks after publishing) answered by everyone
    # but the pairs whose round falls due today.
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                organization=organization,
                pair_id=member.pair_id,
                member=member,
                round=1,
                due_on=today - 21 * day,
                emailed_at=moment - 21 * day,
                answered_at=moment - 20 * day,
                usefulness=4,
                met_as_planned=True,
                would_continue=True,
            )
            for n, member in enumerate(members)
            if pair_state(n // 2) != CHECKIN_DUE
        ],
        batch_size=2000,
    )

    # Goal plans (mentees): a goal under way, a milestone, and this month's check-in written by
    # nine in ten; one milestone in twenty is due within three days.
    mentee_members = members[0::2]
    plans = GoalPlan.objects.bulk_create(
        [GoalPlan(organization=organization, member=member) for member in mentee_members], batch_size=2000
    )
    GoalPlan.objects.filter(organization=organization).update(created_at=moment - 60 * day)
    goals = Goal.objects.bulk_create(
        [
            Goal(
                organization=organization,
                plan=plan,
                title="Lead a cross-team project",
                success_measure="The project ships with both teams",
                target_date=today + 120 * day,
                status=GoalStatus.ON_TRACK,
            )
            for plan in plans
        ],
        batch_size=2000,
    )
    Milestone.objects.bulk_create(
        [
            Milestone(
                organization=organization,
                goal=goal,
                title="Kick-off with both teams",
                due_date=today + (2 if n % 20 == 7 else 40) * day,
            )
            for n, goal in enumerate(goals)
        ],
        batch_size=2000,
    )
    GoalCheckIn.objects.bulk_create(
        [
            GoalCheckIn(organization=organization, goal=goal, date=today, progress=40)
            for n, goal in enumerate(goals)
            if n % 10 != 9
        ],
        batch_size=2000,
    )
    return organization


class Queries:
    """Counts the statements run inside it, INSERTs apart (Django's own query log keeps only
    the last 9,000)."""

    def __enter__(self):
        from django.db import connection

        self.count = self.inserts = 0
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith(_SAVEPOINTS):  # the rolled-back serial sweep's, not the scans' own
            return execute(sql, params, many, context)
        self.count += 1
        self.inserts += sql.lstrip().upper().startswith("INSERT")
        return execute(sql, params, many, context)


def run_scans(organizations, now: datetime.datetime) -> int:
    from organizations.notifications.scans import scans_run
    from organizations.tenancy import organization_scope

    created = 0
    for organization in organizations:
        with organization_scope(organization):
            created += scans_run(organization=organization, now=now)
    return created


_SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


class RolledBack(Exception):
    pass


def scan_processes() -> int:
    """The worker processes the timed sweep runs on: one per core (Celery's prefork default),
    ``BENCH_PROCESSES`` to choose; one on SQLite, which takes one writer at a time."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 1
    return max(1, int(os.environ.get("BENCH_PROCESSES", "0")) or os.cpu_count() or 1)


def run_scans_side_by_side(organizations, now: datetime.datetime, processes: int) -> int:
    """What beat's sweep does on a worker of ``processes`` processes: each organization's scan
    a task of its own (``organizations.tasks.send_due_notifications``), taken one at a time
    (prefetch 1) by whichever process is free. The processes are forked here, so their start
    is timed too."""
    if processes <= 1:
        return run_scans(organizations, now)
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each process opens its own
    pool = multiprocessing.get_context("fork").Pool(processes)
    try:
        return sum(pool.imap_unordered(_scan_one, [(o.pk, now) for o in organizations], chunksize=1))
    finally:
        pool.close()
        pool.join()


def _scan_one(task: tuple[int, datetime.datetime]) -> int:
    from organizations.models import Organization

    organization_id, now = task
    return run_scans([Organization.objects.get(pk=organization_id)], now)


def vacuum() -> None:
    """PostgreSQL: clear what a rolled-back run left (dead rows the next run would step over)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def refresh_stored_facts(organizations, now: datetime.datetime) -> int:
    """What ``sessions.tasks.refresh_pair_facts`` does every five minutes: each organization's
    running cohorts' stored pair facts made fresh. Returns the cohorts looked at."""
    from organizations.tenancy import organization_scope
    from sessions.stored_facts import pair_facts_sweep

    cohorts = 0
    for organization in organizations:
        with organization_scope(organization):
            cohorts += pair_facts_sweep(organization, now)
    return cohorts


def scan_queries(organization, now: datetime.datetime) -> tuple[int, int]:
    """Statements one organization's scans cost: (all but INSERTs, INSERTs)."""
    with Queries() as queries:
        run_scans([organization], now)
    return queries.count - queries.inserts, queries.inserts


def due_emails_exactly(organizations, count: int, moment: datetime.datetime) -> int:
    """Leave exactly ``count`` emails due at ``moment``: the scan's first ones, topped up with
    digest emails spread over the organizations; push the others past the moment. Returns how
    many were topped up."""
    from django_scopes import scopes_disabled

    from organizations.models import EmailStatus, Membership, Notification
    from organizations.notifications.outbox import Message, notify_many
    from organizations.tenancy import organization_scope

    with scopes_disabled():
        pending = Notification.objects.filter(email_status=EmailStatus.PENDING)
        keep = list(pending.order_by("organization_id", "pk").values_list("pk", flat=True)[:count])
        pending.exclude(pk__in=keep).update(next_attempt_at=moment + datetime.timedelta(days=30))
        missing = count - len(keep)
        if missing <= 0:
            return 0
        share = math.ceil(missing / len(organizations))
        made = 0
        for organization in organizations:
            take = min(share, missing - made)
            if take <= 0:
                break
            users = [
                membership.user
                for membership in Membership.objects.filter(organization=organization)
                .select_related("user")
                .order_by("pk")[:take]
            ]
            with organization_scope(organization):
                made += len(
                    notify_many(
                        organization,
                        [
                            Message(
                                kind="daily_digest",
                                key=f"bench:{moment:%Y-%m-%d}",
                                subject=f"{organization.name}: your day in Lodestar",
                                context={"items": [], "day": moment.date()},
                                user=user,
                                link=f"/o/{organization.slug}/",
                            )
                            for user in users
                        ],
                        now=moment,
                        kick=False,
                    )
                )
    return made


def send(organizations) -> tuple[int, int]:
    """``dispatch_due`` for every organization; (emails sent, queries)."""
    from organizations.notifications.dispatch import dispatch_due
    from organizations.tenancy import organization_scope

    sent = 0
    with Queries() as queries:
        for organization in organizations:
            with organization_scope(organization):
                sent += dispatch_due(organization=organization).sent
    return sent, queries.count


def analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def met_goal(ok: bool) -> str:
    return "met" if ok else "MISSED"


def measure(where: str) -> int:
    from django.core import mail
    from django.db import connection, transaction
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from organizations.models import Notification
    from organizations.notifications.kinds import notification_scans

    moment = bench_moment()
    print(f"Notifications benchmark — database {where}")
    print(f"  moment   {moment:%A %Y-%m-%d %H:%M} UTC; scans registered: {len(notification_scans())}")
    for scan in notification_scans():
        print(f"           - {scan.__module__}.{scan.__qualname__}")
    started = time.perf_counter()
    with scopes_disabled(), transaction.atomic():
        organizations = [
            build_organization(i, PAIRS_PER_ORGANIZATION, moment, sessions_due=i % 10 == 0)
            for i in range(ORGANIZATIONS)
        ]
        half = build_organization(900, PAIRS_PER_ORGANIZATION // 2, moment, sessions_due=True)
        full = build_organization(901, PAIRS_PER_ORGANIZATION, moment, sessions_due=True)
    analyze()
    print(
        f"  data     {ORGANIZATIONS} organizations × {PAIRS_PER_ORGANIZATION:,} pairs = "
        f"{ORGANIZATIONS * PAIRS_PER_ORGANIZATION:,} pairs, "
        f"{ORGANIZATIONS * (PAIRS_PER_ORGANIZATION + math.ceil(PAIRS_PER_ORGANIZATION / 3)):,} people "
        f"(stored in {time.perf_counter() - started:.0f} s, not timed)"
    )

    # The stored pair facts, as the beat's own sweep keeps them (every five minutes, apart from
    # the reminders: sessions.tasks.refresh_pair_facts): the at-risk digest reads the judgement
    # the cohort overview shows from them. Not part of the scan; timed and shown apart.
    started = time.perf_counter()
    refreshed = refresh_stored_facts([*organizations, half, full], moment)
    print(
        f"  facts    {time.perf_counter() - started:7.3f} s for the pair-facts sweep beforehand "
        f"({refreshed:,} cohorts; the beat's, not the scan's)"
    )

    # A worker has its URLs and templates loaded before its first scan, and has frozen what it
    # loaded at start-up (config/celery.py).
    reverse("notification_preferences", kwargs={"org_slug": "x"})
    from config.celery import freeze_startup_objects

    freeze_startup_objects()
    # One process, every organization in turn (what the sweep does when it cannot queue, and
    # what manage.py send_due_notifications does), measured in a transaction rolled back
    # afterwards so the timed sweep below finds the same data.
    with Queries() as queries:
        started = time.perf_counter()
        try:
            with transaction.atomic():
                serial_created = run_scans(organizations, moment)
                raise RolledBack
        except RolledBack:
            pass
        scan_serial_s = time.perf_counter() - started
    queries_scan = queries.count
    vacuum()
    print(
        f"  serial   {scan_serial_s:7.3f} s for every scan of {ORGANIZATIONS} organizations in one process, "
        f"one after another: {serial_created:,} notifications made (rolled back), {queries_scan:,} queries "
        f"({queries_scan / ORGANIZATIONS:.1f} per organization)"
    )
    processes = scan_processes()
    started = time.perf_counter()
    created = run_scans_side_by_side(organizations, moment, processes)
    scan_s = time.perf_counter() - started
    assert created == serial_created, (created, serial_created)
    print(
        f"  scan     {scan_s:7.3f} s for every scan of {ORGANIZATIONS} organizations as the beat's sweep "
        f"runs them: a task an organization, {processes} worker process{'es' if processes > 1 else ''} "
        f"({os.cpu_count()} cores); {created:,} notifications made; "
        f"goal ≤ {SCAN_GOAL_S:g} s: {met_goal(scan_s <= SCAN_GOAL_S)}"
    )
    started = time.perf_counter()
    again = run_scans_side_by_side(organizations, moment + datetime.timedelta(minutes=5), processes)
    scan_again_s = time.perf_counter() - started
    print(
        f"  again    {scan_again_s:7.3f} s five minutes later: {again:,} made "
        "(everything due is stored already)"
    )
    with scopes_disabled():
        by_kind: dict[str, int] = {}
        for kind in Notification.objects.values_list("kind", flat=True):
            by_kind[kind] = by_kind.get(kind, 0) + 1
    if by_kind:
        print("           " + ", ".join(f"{kind} {n:,}" for kind, n in sorted(by_kind.items())))

    reads_half, inserts_half = scan_queries(half, moment)
    reads_full, inserts_full = scan_queries(full, moment)
    if connection.vendor == "postgresql":  # one INSERT per bulk insert: count everything
        reads_half, reads_full = reads_half + inserts_half, reads_full + inserts_full
    same = reads_half == reads_full
    apart = (
        f" (+ {inserts_half} and {inserts_full} INSERT statements, which SQLite splits into batches)"
        if connection.vendor != "postgresql"
        else ""
    )
    print(
        f"  queries  one organization's scans: {reads_half} with {PAIRS_PER_ORGANIZATION // 2} pairs, "
        f"{reads_full} with {PAIRS_PER_ORGANIZATION} pairs{apart}: {'the same' if same else 'DIFFERENT'}"
    )

    topped_up = due_emails_exactly(organizations, EMAILS, moment)
    mail.outbox = []
    started = time.perf_counter()
    sent, send_queries = send(organizations)
    send_s = time.perf_counter() - started
    assert sent == EMAILS == len(mail.outbox), (sent, len(mail.outbox))
    print(
        f"  send     {send_s:7.3f} s for {sent:,} emails to the locmem backend "
        f"({sent / send_s:,.0f} a second; {send_queries / sent:.2f} queries an email; "
        f"{EMAILS - topped_up:,} made by the scan, {topped_up:,} digest emails added); "
        f"goal ≤ {SEND_GOAL_S:g} s: {met_goal(send_s <= SEND_GOAL_S)}"
    )
    print(
        f"scan_s={scan_s:.3f} send_s={send_s:.3f} scan_serial_s={scan_serial_s:.3f} "
        f"scan_processes={processes} emails={sent} created={created} "
        f"queries_scan={queries_scan} queries_per_org_scan={reads_full} "
        f"queries_500_pairs={reads_half} queries_1000_pairs={reads_full} scan_again_s={scan_again_s:.3f} "
        f"send_queries_per_email={send_queries / sent:.2f} orgs={ORGANIZATIONS} "
        f"pairs={ORGANIZATIONS * PAIRS_PER_ORGANIZATION}"
    )
    ok = scan_s <= SCAN_GOAL_S and send_s <= SEND_GOAL_S and same
    return 0 if ok else 1


def main() -> int:
    with throwaway_database() as where:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
        # Everything in-process: the scans store, the bench sends; no broker is involved.
        for name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
            os.environ.pop(name, None)
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.DEBUG = False
        call_command("migrate", verbosity=0)
        return measure(where)


if __name__ == "__main__":
    sys.exit(main())
