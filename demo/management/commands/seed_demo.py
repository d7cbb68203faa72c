"""``manage.py seed_demo``: the demo organizations, their roster history and one account per role.

Acme gets about 500 current and past employees with three years of monthly roster files, each
loaded through the roster import exactly as a customer's would be, so history, promotions and
leavers are real EmployeeHistory rows. Globex, a small second organization, shows that
tenants never see each other.

Acme's past plays out between its roster loads: last year's Leadership Bridge class applies,
is chosen, matched, mentored and closed at the moments they happened, against the roster as it
stood then (``demo/past_cohort.py``, ``demo/timeline.py``). Then the steps of
``demo/context.py`` add this year's programs and their first months, and the analytics facts
are refreshed so the dashboard has figures at once.

Running it again finds the seeded rosters and only makes sure the accounts and memberships
exist; it never changes a password or a role someone has since changed. Each step prints a
line with the seconds it took.
"""

import logging
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from celery import current_app as celery_app
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from analytics.models import FactsRefresh
from analytics.services.refresh import facts_refresh
from cohorts.models import Participant
from demo.accounts import DEMO_PASSWORD, account_create
from demo.context import DemoContext, demo_steps, history_steps
from demo.timeline import Timeline
from demo.workforce import ACME, GLOBEX, DemoCompany, Person, pick_personas, roster_history
from goals.models import Goal
from matching.models import Pair
from organizations.models import Employee, EmployeeHistory, Membership, Organization, RosterLoad, User
from organizations.roles import Role
from organizations.roster.links import employee_link_for_user
from organizations.roster.listeners import roster_listeners_paused
from organizations.roster.loads import RosterInvalid, roster_import
from organizations.services.organizations import organization_create
from organizations.tenancy import organization_scope
from programs.models import Program
from sessions.models import CheckIn, Meeting

__all__ = ["DEMO_PASSWORD", "Command"]


@dataclass(frozen=True)
class DemoAccount:
    persona: str  # a demo_data.pick_personas role key
    email: str
    role: Role


@dataclass(frozen=True)
class DemoOrganization:
    company: DemoCompany
    slug: str
    timezone: str
    accounts: tuple[DemoAccount, ...]  # the first is the admin who creates the organization


DEMO_ORGANIZATIONS = (
    DemoOrganization(
        company=ACME,
        slug="acme",
        timezone="Europe/Amsterdam",
        accounts=(
            DemoAccount("admin", "admin@acme.example", Role.ADMIN),
            DemoAccount("manager", "manager@acme.example", Role.PROGRAM_MANAGER),
            DemoAccount("hr", "hr@acme.example", Role.HR_ANALYST),
            DemoAccount("leader", "leader@acme.example", Role.SENIOR_LEADER),
            DemoAccount("mentor", "mentor@acme.example", Role.MEMBER),
            DemoAccount("mentee", "mentee@acme.example", Role.MEMBER),
        ),
    ),
    DemoOrganization(
        company=GLOBEX,
        slug="globex",
        timezone="America/Chicago",
        accounts=(DemoAccount("admin", "admin@globex.example", Role.ADMIN),),
    ),
)


class Command(BaseCommand):
    help = "Create the demo organizations Acme and Globex with roster history and one account per role."

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        started = time.monotonic()
        rows = []
        # The demo's colleagues are fictional: the emails the seed's steps cause (sent when each
        # organization's transaction commits) go nowhere, and the task log stays quiet, as do
        # the services' own log lines (a goal made, a milestone done), which would bury the progress.
        # Tasks run in this process while seeding, even where a broker and workers are
        # configured: a worker would not see the dummy email backend (and would mail the demo's
        # fictional people for real), nor the moment each event is replayed at.
        eager = celery_app.conf.task_always_eager
        celery_app.conf.task_always_eager = True
        quiet = {name: logging.getLogger(name) for name in ("celery", "goals")}
        levels = {name: logger.level for name, logger in quiet.items()}
        try:
            for logger in quiet.values():
                logger.setLevel(logging.WARNING)
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                for demo in DEMO_ORGANIZATIONS:
                    rows += self._seed(demo)
        finally:
            celery_app.conf.task_always_eager = eager
            for name, logger in quiet.items():
                logger.setLevel(levels[name])
        self._report(rows, time.monotonic() - started)

    def _seed(self, demo: DemoOrganization) -> list[tuple[str, str, str, Employee | None]]:
        # The last snapshot is the first of this month in the organization's own calendar.
        end = timezone.localdate(timezone=zoneinfo.ZoneInfo(demo.timezone)).replace(day=1)
        history = roster_history(demo.company, end=end)
        personas = pick_personas(history, [account.persona for account in demo.accounts])

        # One transaction per organization: an interrupted seed leaves nothing half-loaded,
        # and SQLite commits once instead of once per roster file.
        with transaction.atomic():
            users = {
                account.persona: _demo_user(account.email, personas[account.persona])
                for account in demo.accounts
            }
            organization = Organization.objects.filter(slug=demo.slug).first()
            if organization is None:
                organization = organization_create(
                    actor=users[demo.accounts[0].persona],
                    name=demo.company.name,
                    slug=demo.slug,
                    timezone=demo.timezone,
                )
            with organization_scope(organization):
                for account in demo.accounts:
                    Membership.objects.get_or_create(
                        organization=organization,
                        user=users[account.persona],
                        defaults={"role": account.role},
                    )
                before = _fingerprint(organization)
                # Programs, cohorts, profiles and matching: demo/context.py (Acme only).
                context = None
                if demo is DEMO_ORGANIZATIONS[0]:
                    context = DemoContext(
                        organization=organization,
                        accounts=users,
                        password=DEMO_PASSWORD,
                        persona_ids=frozenset(person.external_id for person in personas.values()),
                    )
                seeded = RosterLoad.objects.filter(
                    organization=organization, source=RosterLoad.Source.SEED
                ).exists()
                if seeded:
                    self._say(f"{organization.name}: roster already seeded; demo accounts checked.")
                else:
                    timeline = Timeline(organization)
                    steps = history_steps() if context else []
                    for _, schedule, _summary in steps:
                        schedule(context, history, timeline)
                    self._timed(
                        lambda: self._load_history(
                            organization, users[demo.accounts[0].persona], history, demo, personas, timeline
                        )
                    )
                    for _, _schedule, summary in steps:
                        self._say(summary())
                if context is not None:
                    for _, step in demo_steps():
                        self._timed(lambda step=step: step(context))
                if (
                    _fingerprint(organization) != before
                    or not FactsRefresh.objects.filter(organization=organization).exists()
                ):
                    self._timed(lambda: _refresh_analytics(organization))
                rows = []
                for account in demo.accounts:
                    employee = employee_link_for_user(organization=organization, user=users[account.persona])
                    rows.append((organization.name, account.email, account.role.label, employee))
        return rows

    def _load_history(self, organization, actor, history, demo: DemoOrganization, personas, timeline) -> str:
        """Load the roster files in date order; between two files, play the timeline's events
        of that month, so each sees the roster as it stood on its day."""
        emails = {personas[account.persona].external_id: account.email for account in demo.accounts}
        snapshots = history.snapshots
        # Analytics would rebuild its facts after each of the files; the seed refreshes once, at the end.
        with roster_listeners_paused():
            for index, snapshot in enumerate(snapshots):
                self._load_snapshot(organization, actor, demo, snapshot, emails)
                following = snapshots[index + 1].effective_date if index + 1 < len(snapshots) else None
                timeline.run_until(following)
        employees = Employee.objects.filter(organization=organization)
        current = employees.filter(termination_date__isnull=True).count()
        played = f"; {timeline.ran} events of its past played between them" if timeline.ran else ""
        return (
            f"{organization.name}: loaded {len(snapshots)} roster files "
            f"({snapshots[0].effective_date} to {history.end_date}): "
            f"{employees.count()} employees, {current} current{played}."
        )

    def _load_snapshot(self, organization, actor, demo: DemoOrganization, snapshot, emails) -> None:
        content = snapshot.csv_bytes(rating_scale=organization.rating_scale, email_overrides=emails)
        try:
            roster_import(
                organization=organization,
                actor=actor,
                content=content,
                filename=f"{demo.slug}-roster-{snapshot.effective_date.isoformat()}.csv",
                source=RosterLoad.Source.SEED,
                effective_date=snapshot.effective_date,
            )
        except RosterInvalid as error:
            problems = error.preview.file_errors + [
                f"line {row.line} ({row.external_id}): {'; '.join(row.messages)}"
                for row in error.preview.errors[:10]
            ]
            raise CommandError(
                f"The generated {organization.name} roster of {snapshot.effective_date} was rejected: "
                + " | ".join(problems)
            ) from error

    def _timed(self, step: Callable[[], str]) -> None:
        began = time.monotonic()
        line = step()
        self._say(f"{line} ({time.monotonic() - began:.1f}s)")

    def _report(self, rows, seconds: float) -> None:
        self._say("")
        self._say(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for organization, email, role, employee in rows:
            who = f"{employee.name}, {employee.department}, level {employee.level}" if employee else ""
            self._say(f"  {organization:<8} {email:<24} {role:<20} {who}")
        self._say(f"Done in {seconds:.1f}s.")

    def _say(self, message: str) -> None:
        if self.verbosity:
            self.stdout.write(message)


def _demo_user(email: str, person: Person) -> User:
    """The account for ``email``: created with the demo password and a verified address if new."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return account_create(email=email, full_name=person.name, password=DEMO_PASSWORD)
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.create(
            user=user,
            email=email,
            verified=True,
            primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
        )
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return user


def _fingerprint(organization: Organization) -> tuple[int, ...]:
    """Row counts that change whenever a seed step adds something the analytics read."""
    return tuple(
        model.objects.filter(organization=organization).count()
        for model in (EmployeeHistory, Program, Participant, Pair, Meeting, Goal, CheckIn)
    )


def _refresh_analytics(organization: Organization) -> str:
    """Rebuild the organization's analytics facts now, as the nightly task would."""
    refresh = facts_refresh(organization=organization)
    return (
        f"{organization.name}: analytics facts refreshed as of {refresh.as_of} "
        f"({len(refresh.cohorts)} cohorts started)."
    )
