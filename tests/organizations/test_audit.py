"""The audit log: written by the services in their own transaction, naming who acted (a person
or an API key), from which address, on what, with the names of what changed and never the
words people wrote; append-only; read, filtered and exported by admins in the product."""

import datetime

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from organizations.audit import SYSTEM, AuditContextMiddleware, audit_record
from organizations.models import AuditAction, AuditEntry, Invitation
from organizations.services.api_keys import api_key_create, api_key_revoke
from organizations.services.invitations import invitation_accept, invitation_create, invitation_revoke
from organizations.services.memberships import membership_change_role, membership_remove
from tests.factories import MembershipFactory, UserFactory
from tests.organizations.test_accounts import sign_in

pytestmark = pytest.mark.django_db


def _in_request(user, action, organization, *, ip="198.51.100.9", auth=None):
    """Run ``action`` as AuditContextMiddleware would, inside a request from ``ip``."""
    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.user = user
    if auth is not None:
        request.auth = auth
    return AuditContextMiddleware(lambda req: action())(request)


def test_an_entry_names_the_person_their_address_and_the_object(org, admin):
    entry = _in_request(
        admin, lambda: audit_record(org, AuditAction.DATA_EXPORT, target=org, label="x.csv"), org
    )
    assert (entry.actor, entry.actor_label, entry.ip_address) == (admin, admin.email, "198.51.100.9")
    assert (entry.object_type, entry.object_id, entry.object_label) == (
        "organizations.organization",
        str(org.pk),
        "x.csv",
    )


def test_an_api_call_is_recorded_as_its_key(org, hr_analyst):
    key, _ = api_key_create(organization=org, actor=hr_analyst, name="Workday")
    entry = _in_request(None, lambda: audit_record(org, AuditAction.DATA_EXPORT, label="x"), org, auth=key)
    assert entry.actor is None and entry.api_key == key
    assert "Workday" in entry.actor_label and key.prefix in entry.actor_label


def test_a_task_without_a_request_is_recorded_as_lodestar(org):
    entry = audit_record(org, AuditAction.ROSTER_LOAD, label="nightly.csv")
    assert (entry.actor, entry.api_key, entry.actor_label, entry.ip_address) == (None, None, SYSTEM, None)


def test_a_rolled_back_action_leaves_no_entry(org, admin):
    member = MembershipFactory(organization=org)
    with pytest.raises(RuntimeError), transaction.atomic():
        membership_change_role(membership=member, role="program_manager", actor=admin)
        raise RuntimeError("the request failed after the service")
    assert not AuditEntry.objects.exists()


def test_entries_are_append_only(org):
    entry = audit_record(org, AuditAction.DATA_EXPORT, label="x")
    entry.object_label = "changed"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    assert AuditEntry.objects.get().object_label == "x"


def test_role_changes_and_removals_are_recorded(org, admin):
    member = MembershipFactory(organization=org, role="member")
    membership_change_role(membership=member, role="program_manager", actor=admin)
    membership_remove(membership=member, actor=admin)
    changed, removed = AuditEntry.objects.order_by("pk")
    assert (changed.action, changed.changes, changed.actor) == (
        AuditAction.ROLE_CHANGE,
        ["role: member → program_manager"],
        admin,
    )
    assert removed.action == AuditAction.MEMBER_REMOVE and removed.object_label == member.user.display_name


def test_invitations_sent_revoked_and_accepted_are_recorded(org, admin):
    invitation, _ = invitation_create(organization=org, actor=admin, email="new@example.com", role="member")
    invitation_revoke(invitation=invitation, actor=admin)
    again, _ = invitation_create(organization=org, actor=admin, email="new@example.com", role="member")
    invitation_accept(
        invitation=Invitation.objects.get(pk=again.pk), user=UserFactory(email="new@example.com")
    )
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "object_label")) == [
        (AuditAction.INVITATION_CREATE, "new@example.com"),
        (AuditAction.INVITATION_REVOKE, "new@example.com"),
        (AuditAction.INVITATION_CREATE, "new@example.com"),
        (AuditAction.INVITATION_ACCEPT, "new@example.com"),
    ]


def test_api_keys_made_and_revoked_are_recorded_without_the_secret(org, hr_analyst):
    key, raw = api_key_create(organization=org, actor=hr_analyst, name="Workday")
    api_key_revoke(key=key, actor=hr_analyst)
    made, revoked = AuditEntry.objects.order_by("pk")
    assert made.action == AuditAction.APIKEY_CREATE and "scopes: analytics.read" in made.changes
    assert revoked.action == AuditAction.APIKEY_REVOKE
    assert all(raw not in str(value) for entry in (made, revoked) for value in entry.__dict__.values())


def test_failed_sign_ins_and_lockouts_go_to_each_organization_of_the_account(org, other_org):
    user = MembershipFactory(organization=org).user
    MembershipFactory(organization=other_org, user=user)
    cache.clear()  # the rate limits count per address across tests
    stranger = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(6):
        sign_in(stranger, user.email, "guessing")

    with scopes_disabled():
        rows = list(AuditEntry.objects.values_list("organization_id", "action", "ip_address", "object_label"))
    assert rows.count((org.pk, AuditAction.SIGNIN_FAILED, "203.0.113.7", user.email)) == 5
    assert rows.count((other_org.pk, AuditAction.SIGNIN_FAILED, "203.0.113.7", user.email)) == 5
    assert (org.pk, AuditAction.SIGNIN_LOCKOUT, "203.0.113.7", user.email) in rows


def test_a_sign_in_with_an_address_nobody_has_is_not_in_any_log(db):
    sign_in(Client(), "nobody@example.com", "guessing")

    with scopes_disabled():
        assert not AuditEntry.objects.exists()


# The page


def _url(org, name="audit_log"):
    return reverse(name, kwargs={"org_slug": org.slug})


def test_admins_see_who_did_what_and_filter_it(org, admin, manager, client_for):
    member = MembershipFactory(organization=org, role="member")
    membership_change_role(membership=member, role="hr_analyst", actor=admin)
    audit_record(org, AuditAction.DATA_EXPORT, label="talent.csv", actor=manager)
    client = client_for(admin)
    page = client.get(_url(org)).content.decode()
    assert "Role changed" in page and "Data exported" in page and manager.email in page
    only_roles = client.get(_url(org), {"action": AuditAction.ROLE_CHANGE}).content.decode()
    assert "Role changed" in only_roles and "talent.csv" not in only_roles
    by_who = client.get(_url(org), {"who": manager.email[:6]}).content.decode()
    assert "talent.csv" in by_who and "role: member" not in by_who


def test_bad_filters_get_a_message_and_the_whole_log(org, admin, client_for):
    audit_record(org, AuditAction.DATA_EXPORT, label="kept.csv")
    response = client_for(admin).get(
        _url(org), {"since": "0001-01-01", "until": "x" * 10_000, "action": "nope"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Showing every entry until the filters are fixed" in page and "kept.csv" in page


def test_days_are_the_organizations_calendar_days(org, admin, client_for):
    entry = audit_record(org, AuditAction.DATA_EXPORT, label="late.csv")
    # 23:30 in Amsterdam on 2 March is 22:30 UTC: it belongs to 2 March there.
    AuditEntry.objects.filter(pk=entry.pk).update(
        created_at=datetime.datetime(2026, 3, 2, 22, 30, tzinfo=datetime.UTC)
    )
    org.timezone = "Europe/Amsterdam"
    org.save()
    client = client_for(admin)
    assert (
        "late.csv" in client.get(_url(org), {"since": "2026-03-02", "until": "2026-03-02"}).content.decode()
    )
    assert "late.csv" not in client.get(_url(org), {"since": "2026-03-03"}).content.decode()


def test_the_export_is_a_csv_of_the_filtered_entries_and_is_logged_itself(org, admin, client_for):
    audit_record(org, AuditAction.DATA_EXPORT, label="=HYPERLINK(1)")
    response = client_for(admin).get(_url(org, "audit_log_export"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in body
    assert AuditEntry.objects.filter(action=AuditAction.DATA_EXPORT, actor=admin).exists()


def test_nobody_but_admins_reads_it_and_another_organization_gets_404(
    org, other_org, manager, hr_analyst, client_for
):
    audit_record(org, AuditAction.DATA_EXPORT, label="secret.csv")
    for user in (manager, hr_analyst):
        assert client_for(user).get(_url(org)).status_code == 403
    outsider_admin = MembershipFactory(organization=other_org, role="admin").user
    assert client_for(outsider_admin).get(_url(org)).status_code == 404
    assert client_for(outsider_admin).get(_url(org, "audit_log_export")).status_code == 404


def test_the_page_costs_the_same_queries_for_many_entries(
    org, admin, client_for, django_assert_max_num_queries
):
    client = client_for(admin)
    audit_record(org, AuditAction.DATA_EXPORT, label="one", actor=admin)
    client.get(_url(org))
    with django_assert_max_num_queries(30) as few:
        client.get(_url(org))
    for n in range(30):
        audit_record(org, AuditAction.DATA_EXPORT, label=str(n), actor=admin)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url(org))


def test_an_api_key_cannot_read_the_log(org, hr_analyst):
    _, raw = api_key_create(organization=org, actor=hr_analyst, name="Workday")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert client.get(_url(org)).status_code in (302, 403, 404)
