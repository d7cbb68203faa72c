"""An organization exported whole (every row of its own, none of another's, no secrets) and
deleted after a grace period an admin can cancel."""

import datetime
import json

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from organizations.lifecycle import DELETION_GRACE_DAYS, _organization_models, organizations_delete_due
from organizations.models import AuditAction, AuditEntry, Organization, User
from organizations.services.api_keys import api_key_create
from tests.cohorts.factories import CohortFactory
from tests.factories import EmployeeFactory
from tests.sessions.factories import MeetingFactory, pair_of

pytestmark = pytest.mark.django_db


def _export(client, org) -> list[dict]:
    response = client.post(reverse("organization_export", kwargs={"org_slug": org.slug}))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]


def test_the_export_holds_the_organizations_rows_and_nothing_of_anothers(
    org, other_org, admin, hr_analyst, mentor, mentee, client_for
):
    cohort = CohortFactory(program__organization=org, status="active", program__status="active")
    MeetingFactory(pair=pair_of(mentor, mentee, cohort), topics="Ours")
    api_key_create(organization=org, actor=hr_analyst, name="Workday")
    with scopes_disabled():
        EmployeeFactory(organization=other_org, name="Globex Person")
    records = _export(client_for(admin), org)
    models = {record.get("model") for record in records}
    assert {
        "organizations.employee",
        "matching.pair",
        "mentoring_sessions.meeting",
        "organizations.apikey",
    } <= models
    text = json.dumps(records)
    assert "Globex Person" not in text and "Ours" in text
    assert all(record["fields"].get("organization") in (None, org.pk) for record in records[1:])
    assert "key_hash" not in text and "password" not in text and "token_hash" not in text
    users = {record["fields"]["email"] for record in records if record.get("model") == "organizations.user"}
    assert mentee.email in users and all(not email.endswith("globex.test") for email in users)
    assert AuditEntry.objects.filter(action=AuditAction.ORGANIZATION_EXPORT, actor=admin).exists()


def test_every_model_of_an_organization_is_exported():
    labels = {model._meta.label for model in _organization_models()}
    assert {"organizations.Employee", "programs.Application", "goals.Goal", "analytics.MonthlyFact"} <= labels


def test_deletion_is_scheduled_shown_to_admins_and_can_be_cancelled(org, admin, manager, client_for):
    url = reverse("organization_lifecycle", kwargs={"org_slug": org.slug})
    client = client_for(admin)
    wrong = client.post(url, {"confirm_name": "Acm"})
    assert wrong.status_code == 200 and "exactly" in wrong.content.decode()
    org.refresh_from_db()
    assert org.deletion_due_on is None
    client.post(url, {"confirm_name": "acme"})
    org.refresh_from_db()
    assert org.deletion_requested_by == admin
    assert (org.deletion_due_on - datetime.date.today()).days in (
        DELETION_GRACE_DAYS - 1,
        DELETION_GRACE_DAYS,
    )
    assert (
        "will be deleted on"
        in client.get(reverse("dashboard", kwargs={"org_slug": org.slug})).content.decode()
    )
    assert (
        "will be deleted on"
        not in client_for(manager).get(reverse("dashboard", kwargs={"org_slug": org.slug})).content.decode()
    )
    client.post(url, {"action": "cancel"})
    org.refresh_from_db()
    assert org.deletion_due_on is None
    assert AuditEntry.objects.filter(action=AuditAction.ORGANIZATION_DELETION).count() == 2


@pytest.mark.across_organizations
def test_a_due_organization_is_deleted_with_everything_in_it_and_nothing_else(org, other_org, mentor, mentee):
    with scopes_disabled():
        cohort = CohortFactory(program__organization=org, status="active", program__status="active")
        MeetingFactory(pair=pair_of(mentor, mentee, cohort))
        EmployeeFactory(organization=other_org)
    org.deletion_due_on = datetime.date(2027, 1, 2)
    org.save()
    assert organizations_delete_due(datetime.date(2027, 1, 1)) == []
    assert organizations_delete_due(datetime.date(2027, 1, 2)) == ["acme"]
    assert not Organization.objects.filter(pk=org.pk).exists()
    for model in _organization_models():
        assert not model._base_manager.filter(organization_id=org.pk).exists(), model
    assert Organization.objects.filter(pk=other_org.pk).exists()
    assert User.objects.filter(pk=mentee.pk).exists()  # accounts stay


def test_only_admins_and_not_another_organization(org, other_org, manager, outsider, client_for):
    url = reverse("organization_lifecycle", kwargs={"org_slug": org.slug})
    assert client_for(manager).post(url, {"confirm_name": "Acme"}).status_code == 403
    assert client_for(outsider).post(url, {"confirm_name": "Acme"}).status_code == 404
    org.refresh_from_db()
    assert org.deletion_due_on is None
