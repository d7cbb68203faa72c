"""``manage.py seed_demo``: the demo organizations, their roster history and one account per role.

Acme gets about 500 current and past employees with three years of monthly roster files, each
loaded through the roster import exactly as a customer's would be, so history, promotions and
leavers are real EmployeeHistory rows. Globex, a small second organization, shows that
tenants never see each other.

Running it again finds the seeded rosters and only makes sure the accounts and memberships
exist; it never changes a password or a role someone has since changed.
"""

import logging
import time
import zoneinfo
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from demo.context import DemoContext, demo_steps
from demo.workforce import ACME, GLOBEX, DemoCompany, Person, pick_personas, roster_history
from organizations.models import Employee, Membership, Organization, RosterLoad, User
from organizations.roles import Role
from organizations.roster.links import employee_link_for_user
from organizations.roster.loads import RosterInvalid, roster_import
from organizations.services.organizations import organization_create
from organizations.tenancy import organization_scope

DEMO_PASSWORD = "lodestar-demo"


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
        # organization's transaction commits) go nowhere, and the task log stays quiet.
        logging.getLogger("celery").setLevel(logging.WARNING)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for demo in DEMO_ORGANIZATIONS:
                rows += self._seed(demo)
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
                seeded = RosterLoad.objects.filter(
                    organization=organization, source=RosterLoad.Source.SEED
                ).exists()
                if seeded:
                    self._say(f"{organization.name}: roster already seeded; demo accounts checked.")
                else:
                    self._load_history(organization, users[demo.accounts[0].persona], history, demo, personas)
                rows = []
                for account in demo.accounts:
                    employee = employee_link_for_user(organization=organization, user=users[account.persona])
                    rows.append((organization.name, account.email, account.role.label, employee))
                if demo is DEMO_ORGANIZATIONS[0]:
                    # Programs, cohorts, profiles and matching settings: demo/context.py.
                    context = DemoContext(organization=organization, accounts=users, password=DEMO_PASSWORD)
                    for _, step in demo_steps():
                        self._say(step(context))
        return rows

    def _load_history(self, organization, actor, history, demo: DemoOrganization, personas) -> None:
        emails = {personas[account.persona].external_id: account.email for account in demo.accounts}
        for snapshot in history.snapshots:
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
        employees = Employee.objects.filter(organization=organization)
        current = employees.filter(termination_date__isnull=True).count()
        self._say(
            f"{organization.name}: loaded {len(history.snapshots)} roster files "
            f"({history.snapshots[0].effective_date} to {history.end_date}): "
            f"{employees.count()} employees, {current} current."
        )

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
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=person.name)
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
