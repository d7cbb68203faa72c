"""``manage.py seed_demo``: Acme's three years of roster history, Globex, one account per role.

The seed runs once for the module (``conftest.seeded``), inside a transaction rolled back at
the end, so the other test modules still start from an empty database.
"""

import datetime
import re
from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.db.models import Max
from django.test import Client, override_settings

from analytics.models import CohortOutcomeFact, FactsRefresh, MonthlyFact
from cohorts.models import Cohort, CohortStatus, Participant, TrustProfile
from demo.management.commands.seed_demo import DEMO_PASSWORD
from goals.models import Goal, GoalCheckIn, GoalPlan, Milestone
from matching.models import MatchRun, Pair, PairMember, RematchRequest
from organizations.models import Employee, EmployeeHistory, Membership, Organization, RosterLoad, User
from organizations.roles import Role
from programs.models import Application, ApplicationStatus, Program, ProgramStatus
from sessions.models import ActionItem, Attendance, CheckIn, LearningSession, Meeting, PrivateNote
from tests.demo.seeding import FAST_HASHER
from tests.demo.seeding import seed as _seed

# The demo builds two organizations; these tests read both, as seed_demo does.
pytestmark = pytest.mark.across_organizations

ACCOUNTS = {
    "admin@acme.example": ("acme", Role.ADMIN),
    "manager@acme.example": ("acme", Role.PROGRAM_MANAGER),
    "hr@acme.example": ("acme", Role.HR_ANALYST),
    "leader@acme.example": ("acme", Role.SENIOR_LEADER),
    "mentor@acme.example": ("acme", Role.MEMBER),
    "mentee@acme.example": ("acme", Role.MEMBER),
    "admin@globex.example": ("globex", Role.ADMIN),
}


@pytest.fixture
def acme(seeded, db):
    return Organization.objects.get(slug="acme")


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.with_scopes_disabled().count()
        if hasattr(model.objects, "with_scopes_disabled")
        else model.objects.count()
        for model in (
            Organization,
            User,
            EmailAddress,
            Membership,
            Employee,
            EmployeeHistory,
            RosterLoad,
            Program,
            Application,
            Cohort,
            Participant,
            TrustProfile,
            MatchRun,
            Pair,
            PairMember,
            RematchRequest,
            Meeting,
            PrivateNote,
            ActionItem,
            LearningSession,
            Attendance,
            CheckIn,
            GoalPlan,
            Goal,
            Milestone,
            GoalCheckIn,
            FactsRefresh,
            MonthlyFact,
            CohortOutcomeFact,
        )
    }


def _last_changes() -> dict[str, object]:
    """The latest write time of the rows a run could touch without adding any."""
    return {
        "refreshed_at": sorted(FactsRefresh.objects.values_list("refreshed_at", flat=True)),
        "program": Program.objects.aggregate(last=Max("updated_at"))["last"],
        "meeting": Meeting.objects.aggregate(last=Max("updated_at"))["last"],
        "goal": Goal.objects.aggregate(last=Max("updated_at"))["last"],
        "profile": TrustProfile.objects.aggregate(last=Max("updated_at"))["last"],
        "statuses": sorted(Cohort.objects.values_list("status", "program__status")),
    }


def _promotions(organization) -> list[datetime.date]:
    """Effective dates of every rise in level between an employee's consecutive history rows."""
    dates, previous = [], {}
    for employee_id, effective_date, level in (
        EmployeeHistory.objects.filter(organization=organization)
        .order_by("employee_id", "effective_date", "id")
        .values_list("employee_id", "effective_date", "level")
    ):
        if employee_id in previous and level > previous[employee_id]:
            dates.append(effective_date)
        previous[employee_id] = level
    return dates


def test_acme_is_set_up_in_amsterdam(acme):
    assert acme.name == "Acme"
    assert acme.timezone == "Europe/Amsterdam"


def test_acme_has_about_500_people_over_8_departments_and_6_levels(acme):
    employees = Employee.objects.filter(organization=acme)
    assert 470 <= employees.count() <= 530
    assert len(set(employees.values_list("department", flat=True))) == 8
    assert set(employees.values_list("level", flat=True)) == {1, 2, 3, 4, 5, 6}
    current = Counter(employees.filter(termination_date__isnull=True).values_list("level", flat=True))
    assert current[1] > current[2] > current[3] > current[4] > current[5] > current[6] == 1
    assert set(employees.values_list("location", flat=True)) == {"Amsterdam", "London", "Berlin", "Remote"}


def test_most_ratings_are_meets_expectations_on_the_organizations_scale(acme):
    ratings = Counter(
        Employee.objects.filter(organization=acme, performance_rating__isnull=False).values_list(
            "performance_rating", flat=True
        )
    )
    most_common = ratings.most_common(1)[0][0]
    assert acme.rating_label(most_common) == "Meets expectations"


def test_every_month_is_one_applied_seed_load(acme):
    loads = RosterLoad.objects.filter(organization=acme).order_by("effective_date")
    assert loads.count() == 37
    assert set(loads.values_list("source", "status")) == {(RosterLoad.Source.SEED, RosterLoad.Status.APPLIED)}
    dates = list(loads.values_list("effective_date", flat=True))
    assert len(set(dates)) == 37 and {day.day for day in dates} == {1}
    assert set(loads.values_list("content", flat=True)) == {""}  # applied files keep no personal data


def test_leavers_of_both_kinds_and_promotions_are_dated_in_each_of_the_three_years(acme):
    start = RosterLoad.objects.filter(organization=acme).order_by("effective_date").first().effective_date
    years = [(start.replace(year=start.year + n), start.replace(year=start.year + n + 1)) for n in range(3)]

    def per_year(dates) -> list[int]:
        return [sum(1 for day in dates if first < day <= last) for first, last in years]

    history = EmployeeHistory.objects.filter(organization=acme)
    for kind in ("voluntary", "involuntary"):
        dated = history.filter(termination_type=kind).values_list("effective_date", flat=True)
        assert all(count > 0 for count in per_year(dated)), kind
    voluntary, involuntary = (
        per_year(history.filter(termination_type=kind).values_list("effective_date", flat=True))
        for kind in ("voluntary", "involuntary")
    )
    assert all(vol > 3 * invol for vol, invol in zip(voluntary, involuntary, strict=True))
    assert all(count >= 20 for count in per_year(_promotions(acme)))


def test_hires_are_spread_over_the_three_years(acme):
    start = RosterLoad.objects.filter(organization=acme).order_by("effective_date").first().effective_date
    hires = Employee.objects.filter(organization=acme, hire_date__gt=start).values_list(
        "hire_date", flat=True
    )
    assert {(day - start).days // 366 for day in hires} == {0, 1, 2}
    assert Employee.objects.filter(organization=acme, hire_date__lte=start).count() >= 280


def test_reporting_lines_form_one_tree_under_the_ceo(acme):
    employees = {employee.pk: employee for employee in Employee.objects.filter(organization=acme)}
    (ceo,) = [employee for employee in employees.values() if employee.manager_id is None]
    assert ceo.level == 6
    for employee in employees.values():
        seen, node = set(), employee
        while node.manager_id is not None:
            assert node.pk not in seen, f"cycle through {node}"
            seen.add(node.pk)
            manager = employees[node.manager_id]
            assert manager.level > node.level
            node = manager
        assert node == ceo
        if employee.is_active and employee is not ceo:
            manager = employees[employee.manager_id]
            assert manager.is_active
            if employee.level < 5:
                assert manager.department == employee.department
            else:
                assert manager == ceo


@pytest.mark.parametrize("email", ACCOUNTS)
def test_each_demo_account_signs_in_with_its_role(email, acme):
    slug, role = ACCOUNTS[email]
    user = User.objects.get(email=email)
    assert EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True).exists()
    assert list(Membership.objects.filter(user=user).values_list("organization__slug", "role")) == [
        (slug, role)
    ]
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        client = Client()
        assert client.login(email=email, password=DEMO_PASSWORD)
        response = client.get(f"/o/{slug}/")
    assert response.status_code == 200


def test_demo_accounts_are_linked_to_fitting_roster_rows(acme):
    linked = {
        employee.user.email: employee
        for employee in Employee.objects.filter(organization=acme, user__isnull=False).select_related("user")
    }
    demo_accounts = {email for email, (slug, _role) in ACCOUNTS.items() if slug == "acme"}
    # The demo applicants to the programs have member accounts of their own, linked the same way.
    assert demo_accounts <= set(linked)
    assert all(employee.email == email for email, employee in linked.items())
    # Whoever has since left Acme applied to last year's program while they were still here.
    past = Program.objects.get(organization=acme, name="Leadership Bridge 2025")
    for employee in (e for e in linked.values() if not e.is_active):
        application = Application.objects.get(program=past, employee=employee)
        assert employee.termination_date > application.evaluated_on
    mentor, mentee = linked["mentor@acme.example"], linked["mentee@acme.example"]
    assert mentor.level >= mentee.level + 2
    assert mentor.department != mentee.department
    assert mentee.performance_rating >= 3 and mentor.performance_rating >= 3
    assert mentee.hire_date <= datetime.date.today() - datetime.timedelta(days=365)
    assert linked["leader@acme.example"].level == 5
    assert {linked[email].department for email in ("admin@acme.example", "hr@acme.example")} == {"People"}


def test_globex_is_a_separate_small_organization(seeded, db):
    globex = Organization.objects.get(slug="globex")
    employees = Employee.objects.filter(organization=globex)
    assert 35 <= employees.count() <= 50
    assert not employees.filter(
        external_id__in=Employee.objects.exclude(organization=globex).values("external_id")
    )
    assert list(Membership.objects.filter(organization=globex).values_list("user__email", flat=True)) == [
        "admin@globex.example"
    ]
    assert employees.get(user__email="admin@globex.example").level == 5


def test_the_seed_prints_the_accounts_and_their_password(seeded):
    assert DEMO_PASSWORD in seeded.output
    for email in ACCOUNTS:
        assert email in seeded.output


def test_each_step_prints_a_line_with_the_seconds_it_took(seeded):
    timed = [line for line in seeded.output.splitlines() if re.search(r" \(\d+\.\ds\)$", line)]
    for start in (
        "Acme: loaded 37 roster files",
        "Programs:",
        "Match settings:",
        "Leadership Bridge 2026's first months:",
        "Trust profiles:",
        "Acme: analytics facts refreshed",
        "Globex: loaded 5 roster files",
        "Globex: analytics facts refreshed",
    ):
        assert any(line.startswith(start) for line in timed), start
    assert "Leadership Bridge 2025: " in seeded.output


def test_running_it_again_changes_nothing_and_keeps_a_changed_password(acme):
    mentee = User.objects.get(email="mentee@acme.example")
    mentee.set_password("my-own-password")
    mentee.save()
    before, changed = _counts(), _last_changes()

    again = _seed()
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        assert Client().login(email="mentee@acme.example", password="my-own-password")

    assert _counts() == before
    assert _last_changes() == changed
    assert "already seeded" in again.output
    for step in ("Programs", "Match settings", "Leadership Bridge 2026's first months"):
        assert f"{step}: already seeded." in again.output
    assert "Trust profiles: already filled." in again.output
    assert "analytics facts refreshed" not in again.output


def test_a_deleted_membership_comes_back_on_the_next_run(acme):
    Membership.objects.filter(organization=acme, user__email="hr@acme.example").delete()
    _seed()
    assert Membership.objects.get(organization=acme, user__email="hr@acme.example").role == Role.HR_ANALYST


def test_leadership_bridge_is_active_with_a_varied_class_that_includes_the_demo_pair(acme):
    bridge = Program.objects.get(organization=acme, name="Leadership Bridge 2026")
    cohort = Cohort.objects.get(program=bridge)
    assert (bridge.status, cohort.status) == (ProgramStatus.ACTIVE, CohortStatus.ACTIVE)
    people = Participant.objects.filter(cohort=cohort).select_related("employee__user")
    emails = {p.employee.user.email for p in people if p.employee.user}
    assert {"mentee@acme.example", "mentor@acme.example"} <= emails
    mentees = [p for p in people if p.role == "mentee"]
    assert len(mentees) <= cohort.mentee_limit
    assert len({p.employee.department for p in mentees}) >= 5


def test_acme_rising_takes_applications_and_some_applicants_were_told_why_not(acme):
    rising = Program.objects.get(organization=acme, name="Acme Rising 2027")
    assert rising.status == ProgramStatus.APPLICATIONS_OPEN
    statuses = list(Application.objects.filter(program=rising).values_list("status", flat=True))
    assert statuses.count(ApplicationStatus.SUBMITTED) >= 20
    ineligible = Application.objects.filter(program=rising, status=ApplicationStatus.INELIGIBLE)
    assert ineligible.exists()
    assert all(a.eligibility_failures for a in ineligible)
