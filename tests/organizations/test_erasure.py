"""Erasing a person: what identifies them and what they wrote goes, in every app; the facts
stay, so every analytics figure is the same before and after; their account is closed unless
another organization still has them; the erasure is audited and needs an admin's recent sign-in."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse

from analytics.services.refresh import facts_refresh
from cohorts.models import Participant, ParticipantStatus
from goals.models import Goal, GoalCheckIn
from organizations.erasure import ERASED_NAME, person_erase
from organizations.models import AuditAction, AuditEntry, Employee, Membership, Notification, User
from programs.models import Application
from sessions.models import CheckIn, Meeting, PrivateNote
from tests.analytics.activity import mentoring_year
from tests.analytics.factories import random_roster, two_cohorts
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 6, 15)
FACT_MODELS = [m for m in apps.get_app_config("analytics").get_models() if m.__name__.endswith("Fact")]


def _facts(org) -> dict[str, list[tuple]]:
    """Every analytics fact row of the organization, as comparable values (no ids)."""
    found = {}
    for model in FACT_MODELS:
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key and f.name not in ("refreshed_at", "created_at", "updated_at")
        ]
        rows = model.objects.filter(organization=org).values_list(*fields)
        found[model.__name__] = sorted(map(repr, rows))
    return found


@pytest.fixture
def year(org, other_org):
    employees = random_roster(org, as_of=AS_OF)
    cohorts = two_cohorts(org, employees, as_of=AS_OF)
    for cohort in cohorts:
        mentoring_year(cohort, until=AS_OF)
    return cohorts


def _someone_in(cohort) -> Employee:
    return (
        Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED, role="mentee")
        .select_related("employee")
        .first()
        .employee
    )


def test_every_analytics_figure_is_the_same_after_an_erasure(org, admin, year):
    facts_refresh(organization=org, as_of=AS_OF)
    before = _facts(org)
    assert sum(len(rows) for rows in before.values()) > 100
    person_erase(organization=org, employee=_someone_in(year[0]), actor=admin)
    facts_refresh(organization=org, as_of=AS_OF)
    assert _facts(org) == before


def test_what_they_wrote_goes_and_the_facts_stay(org, admin, year, mentee):
    employee = _someone_in(year[0])
    employee.user = mentee
    employee.save()
    Application.objects.filter(employee=employee).update(motivation="My secret ambition")
    goal = Goal.objects.filter(plan__member__participant__employee=employee).first()
    meeting = Meeting.objects.filter(pair__members__participant__employee=employee).first()
    Meeting.objects.filter(pk=meeting.pk).update(topics="Our private topics")
    PrivateNote.objects.create(organization=org, meeting=meeting, author=mentee, text="Only mine")
    statuses = sorted(
        Goal.objects.filter(plan__member__participant__employee=employee).values_list("status", flat=True)
    )
    ratings = sorted(
        CheckIn.objects.filter(member__participant__employee=employee).values_list("usefulness", flat=True)
    )

    result = person_erase(organization=org, employee=employee, actor=admin)

    employee.refresh_from_db()
    assert (employee.name, employee.email, employee.user_id) == (ERASED_NAME, "", None)
    assert employee.department and employee.hire_date  # facts stay
    assert not Application.objects.filter(motivation="My secret ambition").exists()
    assert Goal.objects.get(pk=goal.pk).title == "Erased goal"
    assert Meeting.objects.get(pk=meeting.pk).topics == ""
    assert not PrivateNote.objects.filter(author=mentee).exists()
    assert (
        not GoalCheckIn.objects.filter(goal__plan__member__participant__employee=employee)
        .exclude(comment="")
        .exists()
    )
    assert (
        sorted(
            Goal.objects.filter(plan__member__participant__employee=employee).values_list("status", flat=True)
        )
        == statuses
    )
    assert (
        sorted(
            CheckIn.objects.filter(member__participant__employee=employee).values_list(
                "usefulness", flat=True
            )
        )
        == ratings
    )
    assert result.rows_changed > 0 and result.account == "anonymized"


def test_an_account_only_here_is_closed_one_elsewhere_only_leaves(org, other_org, admin, mentee, mentor):
    only_here = Employee.objects.create(
        organization=org,
        external_id="X1",
        name="Nia Here",
        email=mentee.email,
        department="Sales",
        level=2,
        hire_date=datetime.date(2020, 1, 1),
        user=mentee,
    )
    Notification.objects.create(
        organization=org,
        recipient_key=f"user:{mentee.pk}",
        user=mentee,
        email=mentee.email,
        kind="daily_digest",
        key="k",
        subject="Hi",
    )
    person_erase(organization=org, employee=only_here, actor=admin)
    mentee.refresh_from_db()
    assert (
        not mentee.is_active and mentee.email.endswith("@erased.invalid") and not mentee.has_usable_password()
    )
    assert not Membership.objects.filter(user=mentee).exists()
    assert not Notification.objects.filter(user=mentee).exists()

    MembershipFactory(organization=other_org, user=mentor)
    elsewhere = Employee.objects.create(
        organization=org,
        external_id="X2",
        name="Max Both",
        email=mentor.email,
        department="Sales",
        level=2,
        hire_date=datetime.date(2020, 1, 1),
        user=mentor,
    )
    result = person_erase(organization=org, employee=elsewhere, actor=admin)
    mentor.refresh_from_db()
    assert result.account == "left the organization"
    assert mentor.is_active and User.objects.get(pk=mentor.pk).email == mentor.email
    assert not Membership.objects.filter(organization=org, user=mentor).exists()


def test_the_page_asks_for_the_name_and_records_the_erasure(org, admin, client_for):
    employee = Employee.objects.create(
        organization=org,
        external_id="X3",
        name="Ola Nowak",
        email="ola@example.com",
        department="Sales",
        level=2,
        hire_date=datetime.date(2020, 1, 1),
    )
    client = client_for(admin)
    url = reverse("person_erase", kwargs={"org_slug": org.slug, "pk": employee.pk})
    assert "What stays, without a name" in client.get(url).content.decode()
    wrong = client.post(url, {"confirm_name": "Ola"})
    assert wrong.status_code == 200 and "exactly" in wrong.content.decode()
    assert Employee.objects.get(pk=employee.pk).name == "Ola Nowak"
    done = client.post(url, {"confirm_name": " ola  nowak "})
    assert done.status_code == 302
    assert Employee.objects.get(pk=employee.pk).name == ERASED_NAME
    entry = AuditEntry.objects.get(action=AuditAction.PERSON_ERASE)
    assert entry.actor == admin and "Ola" not in entry.object_label and "X3" in entry.object_label


def test_only_admins_erase_and_another_organization_gets_404(
    org, other_org, manager, hr_analyst, outsider, client_for
):
    employee = Employee.objects.create(
        organization=org,
        external_id="X4",
        name="Kim Lee",
        email="kim@example.com",
        department="Sales",
        level=2,
        hire_date=datetime.date(2020, 1, 1),
    )
    url = reverse("person_erase", kwargs={"org_slug": org.slug, "pk": employee.pk})
    for user in (manager, hr_analyst):
        assert client_for(user).post(url, {"confirm_name": "Kim Lee"}).status_code == 403
    assert client_for(outsider).post(url, {"confirm_name": "Kim Lee"}).status_code == 404
    assert Employee.objects.get(pk=employee.pk).name == "Kim Lee"


def test_the_roster_page_of_an_erased_person_says_so_and_offers_no_second_erasure(org, admin, client_for):
    """Found by the lifecycle walk: the page showed "X9 ·" with nothing after the dot, said the
    account would link itself "when a member signs in with this email", and offered the erasure
    again."""
    employee = Employee.objects.create(
        organization=org,
        external_id="X9",
        name="Ola Nowak",
        email="ola@example.com",
        department="Sales",
        level=2,
        hire_date=datetime.date(2020, 1, 1),
    )
    url = reverse("roster_employee", kwargs={"org_slug": org.slug, "pk": employee.pk})
    client = client_for(admin)
    assert "Erase their personal details" in client.get(url).content.decode()

    person_erase(organization=org, employee=employee, actor=admin)

    body = client.get(url).content.decode()
    assert "personal details were erased" in body and "erased with the person's details" in body
    assert "Erase their personal details" not in body
    assert "signs in with this email" not in body
    assert "X9 &middot;" not in body
