"""Invitations: creating, emailing, revoking and accepting them, from the service to the pages."""

import datetime
import hashlib
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from organizations.models import EmailStatus, Invitation, Membership, Notification, NotificationPreference
from organizations.notifications.dispatch import dispatch_due
from organizations.roles import Role
from organizations.services.invitations import (
    invitation_accept,
    invitation_create,
    invitation_message,
    invitation_revoke,
    invitation_token_hash,
)
from tests.commit_hooks import app_callbacks
from tests.factories import (
    DEFAULT_PASSWORD,
    EmployeeFactory,
    InvitationFactory,
    MembershipFactory,
    UserFactory,
)

LINK = re.compile(r"http://testserver/invitations/([\w-]+)/")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts sign-ups and emails per address in the cache, which outlives a test."""
    cache.clear()


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


def invite(org, admin, email="newcomer@example.com", role=Role.MEMBER):
    return invitation_create(organization=org, actor=admin, email=email, role=role)


def token_from_email(message) -> str:
    return LINK.search(message.body).group(1)


# --- creating ---------------------------------------------------------------------------------


def test_only_the_sha256_of_the_token_is_stored(org, admin):
    invitation, token = invite(org, admin)
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    assert len(token) >= 40


def test_invitation_expires_after_the_configured_number_of_days(org, admin, settings):
    settings.INVITATION_TTL_DAYS = 3
    before = timezone.now()
    invitation, _ = invite(org, admin)
    assert before + datetime.timedelta(days=3) <= invitation.expires_at
    assert invitation.expires_at <= timezone.now() + datetime.timedelta(days=3)


def test_the_address_is_stored_in_lower_case_and_the_inviter_recorded(org, admin):
    invitation, _ = invite(org, admin, email="  New.Person@Example.COM ")
    assert invitation.email == "new.person@example.com"
    assert invitation.invited_by == admin


def test_inviting_someone_who_is_already_a_member_is_refused(org, admin, mentee):
    with pytest.raises(ValidationError) as error:
        invite(org, admin, email=mentee.email.upper())
    assert "already a member" in str(error.value)
    assert not Invitation.objects.filter(organization=org).exists()


def test_inviting_an_address_with_an_open_invitation_is_refused(org, admin):
    invite(org, admin, email="twice@example.com")
    with pytest.raises(ValidationError) as error:
        invite(org, admin, email="Twice@example.com")
    assert "already has an open invitation" in str(error.value)


def test_a_member_of_another_organization_can_be_invited(org, admin, outsider):
    invitation, _ = invite(org, admin, email=outsider.email)
    assert invitation.organization == org


def test_a_revoked_or_expired_invitation_does_not_block_a_new_one(org, admin):
    InvitationFactory(organization=org, email="again@example.com", revoked_at=timezone.now())
    InvitationFactory(
        organization=org, email="again@example.com", expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    invitation, _ = invite(org, admin, email="again@example.com")
    assert invitation.is_open


def test_an_unknown_role_is_refused(org, admin):
    with pytest.raises(ValidationError):
        invite(org, admin, role="owner")


# --- the email --------------------------------------------------------------------------------


def test_the_email_is_stored_with_the_invitation_and_sent_after_commit(
    org, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation, token = invite(org, admin)
    row = Notification.objects.get(kind="invitation")
    assert (row.email, row.key, row.email_status) == (
        "newcomer@example.com",
        f"invitation:{invitation.pk}",
        EmailStatus.PENDING,
    )
    assert row.user is None and not row.in_app
    assert row.link == ""  # the link lives in the body only, which is cleared once sent
    kicks = app_callbacks(callbacks)
    assert len(kicks) == 1 and mail.outbox == []  # the kick runs after commit
    kicks[0]()
    assert [m.to for m in mail.outbox] == [["newcomer@example.com"]]


def test_a_rolled_back_invitation_leaves_no_email(org, admin):
    with pytest.raises(RuntimeError), transaction.atomic():
        invite(org, admin)
        raise RuntimeError("the page failed")
    assert not Invitation.objects.exists()
    assert not Notification.objects.exists()


def test_the_email_carries_an_absolute_link_with_the_raw_token(
    org, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invite(org, admin, role=Role.PROGRAM_MANAGER)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["newcomer@example.com"]
    assert "Acme" in message.subject
    assert f"http://testserver/invitations/{token}/" in message.body
    assert "with the role Program manager" in message.body
    html = message.alternatives[0][0]
    assert f'href="http://testserver/invitations/{token}/"' in html
    assert "List-Unsubscribe" not in message.extra_headers  # essential: no unsubscribe


def test_once_sent_the_raw_token_is_no_longer_stored(org, admin):
    _, token = invite(org, admin)
    row = Notification.objects.get(kind="invitation")
    assert token in row.body_text
    dispatch_due(organization=org)
    row.refresh_from_db()
    assert row.email_status == EmailStatus.SENT
    assert token not in row.body_text + row.body_html + row.link + row.subject


def test_inviting_twice_is_refused_and_stores_one_email(org, admin):
    invite(org, admin, email="twice@example.com")
    with pytest.raises(ValidationError):
        invite(org, admin, email="twice@example.com")
    assert Notification.objects.filter(kind="invitation").count() == 1


def test_the_invitation_ignores_preferences_it_is_essential(org, admin):
    NotificationPreference.objects.create(
        organization=org, recipient_key="email:newcomer@example.com", kind="invitation", by_email=False
    )
    invite(org, admin)
    assert Notification.objects.get(kind="invitation").email_status == EmailStatus.PENDING


def test_revoking_before_the_email_went_out_withdraws_it(org, admin):
    invitation, token = invite(org, admin)
    invitation_revoke(invitation=invitation, actor=admin)
    assert not Notification.objects.filter(kind="invitation").exists()
    assert dispatch_due(organization=org).sent == 0
    assert mail.outbox == []


def test_revoking_after_the_email_went_out_keeps_its_record(org, admin):
    invitation, _ = invite(org, admin)
    dispatch_due(organization=org)
    invitation_revoke(invitation=invitation, actor=admin)
    assert Notification.objects.get(kind="invitation").email_status == EmailStatus.SENT


def test_a_token_that_belongs_to_another_invitation_is_refused(org, admin):
    first, _ = invite(org, admin, email="first@example.com")
    _, second_token = invite(org, admin, email="second@example.com")
    with pytest.raises(ValueError):
        invitation_message(first, second_token)


# --- revoking ---------------------------------------------------------------------------------


def test_revoking_stops_the_link_and_says_why(org, admin, client):
    invitation, token = invite(org, admin)
    invitation_revoke(invitation=invitation, actor=admin)
    response = client.get(f"/invitations/{token}/")
    assert response.status_code == 410
    assert b"withdrawn" in response.content


def test_an_accepted_invitation_cannot_be_revoked(org, admin):
    invitation, _ = invite(org, admin)
    invitation_accept(invitation=invitation, user=UserFactory(email="newcomer@example.com"))
    with pytest.raises(ValidationError):
        invitation_revoke(invitation=invitation, actor=admin)


def test_admin_revokes_from_the_members_page(org, admin, client_for):
    invitation, _ = invite(org, admin)
    client = client_for(admin)
    response = client.post(f"/o/acme/invitations/{invitation.pk}/revoke/")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    page = client.get("/o/acme/members/").content.decode()
    assert "was revoked" in page
    assert f"/invitations/{invitation.pk}/revoke/" not in page


def test_revoking_answers_get_with_405_after_checking_the_object(org, admin, client_for):
    invitation = InvitationFactory(organization=org)
    assert client_for(admin).get(f"/o/acme/invitations/{invitation.pk}/revoke/").status_code == 405


# --- inviting from the members page -------------------------------------------------------------


def test_admin_invites_from_the_members_page_and_sees_the_open_invitation(
    org, admin, client_for, django_capture_on_commit_callbacks
):
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/o/acme/members/invite/", {"email": "new@example.com", "role": "hr_analyst"})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["new@example.com"]
    page = client.get("/o/acme/members/")
    assert b"new@example.com" in page.content
    assert b"Invitation sent to new@example.com" in page.content
    assert Invitation.objects.get(email="new@example.com").role == Role.HR_ANALYST


def test_inviting_a_member_from_the_page_shows_the_reason(org, admin, mentee, client_for):
    response = client_for(admin).post("/o/acme/members/invite/", {"email": mentee.email, "role": "member"})
    assert response.status_code == 400
    assert b"already a member of Acme" in response.content


def test_a_malformed_address_is_shown_next_to_the_field(org, admin, client_for):
    response = client_for(admin).post("/o/acme/members/invite/", {"email": "not-an-email", "role": "member"})
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content
    assert not Invitation.objects.exists()


# --- accepting (service) ----------------------------------------------------------------------


def test_accepting_creates_the_membership_with_the_invited_role(org, admin):
    invitation, _ = invite(org, admin, role=Role.SENIOR_LEADER)
    user = UserFactory(email="newcomer@example.com")
    membership = invitation_accept(invitation=invitation, user=user)
    assert membership.organization == org
    assert membership.role == Role.SENIOR_LEADER
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None
    assert invitation.status == "accepted"


def test_accepting_links_the_roster_row_with_the_same_email(org, admin):
    employee = EmployeeFactory(organization=org, email="Newcomer@Example.com")
    invitation, _ = invite(org, admin)
    user = UserFactory(email="newcomer@example.com")
    invitation_accept(invitation=invitation, user=user)
    employee.refresh_from_db()
    assert employee.user == user


def test_only_the_invited_address_can_accept(org, admin):
    invitation, _ = invite(org, admin)
    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=UserFactory(email="someone.else@example.com"))
    assert "newcomer@example.com" in str(error.value)
    assert not Membership.objects.filter(organization=org, user__email="someone.else@example.com").exists()


def test_an_invitation_is_accepted_only_once(org, admin):
    invitation, _ = invite(org, admin)
    user = UserFactory(email="newcomer@example.com")
    invitation_accept(invitation=invitation, user=user)
    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=user)
    assert "already been accepted" in str(error.value)
    assert Membership.objects.filter(organization=org, user=user).count() == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"expires_at": timezone.now() - datetime.timedelta(minutes=1)}, "expired"),
        ({"revoked_at": timezone.now()}, "withdrawn"),
    ],
)
def test_an_expired_or_revoked_invitation_cannot_be_accepted(org, change, reason):
    invitation = InvitationFactory(organization=org, email="late@example.com", **change)
    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=UserFactory(email="late@example.com"))
    assert reason in str(error.value)


# --- the public invitation page ---------------------------------------------------------------


def test_anonymous_invitee_sees_the_organization_the_role_and_both_ways_in(org, admin, client):
    _, token = invite(org, admin, role=Role.PROGRAM_MANAGER)
    response = client.get(f"/invitations/{token}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Join Acme" in content
    assert "Program manager" in content
    assert "/accounts/signup/?email=newcomer%40example.com" in content
    assert f"/accounts/login/?next=/invitations/{token}/" in content


def test_an_invitee_who_already_has_an_account_is_asked_to_sign_in(org, admin, outsider, client):
    _, token = invite(org, admin, email=outsider.email)
    content = client.get(f"/invitations/{token}/").content.decode()
    assert "Sign in to accept" in content
    assert "/accounts/signup/" not in content.split("<main")[1]


def test_an_unknown_token_is_a_clear_404(client, db):
    response = client.get("/invitations/not-a-real-token/")
    assert response.status_code == 404
    assert b"does not work" in response.content


def test_an_expired_invitation_page_says_it_expired(org, client):
    token = "expired-token"
    InvitationFactory(
        organization=org,
        token_hash=invitation_token_hash(token),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    response = client.get(f"/invitations/{token}/")
    assert response.status_code == 410
    assert b"Invitation expired" in response.content
    assert b"Ask an administrator of Acme" in response.content


def test_the_invited_person_signed_in_accepts_and_lands_in_the_organization(org, admin, client_for):
    _, token = invite(org, admin, role=Role.HR_ANALYST)
    user = UserFactory(email="newcomer@example.com")
    client = client_for(user)
    page = client.get(f"/invitations/{token}/")
    assert b"Accept and join Acme" in page.content
    response = client.post(f"/invitations/{token}/")
    assert response.status_code == 302
    assert response["Location"] == "/o/acme/"
    assert Membership.objects.get(organization=org, user=user).role == Role.HR_ANALYST
    assert client.get("/o/acme/").status_code == 200


def test_opening_the_link_again_after_accepting_goes_to_the_organization(org, admin, client_for):
    invitation, token = invite(org, admin)
    user = UserFactory(email="newcomer@example.com")
    invitation_accept(invitation=invitation, user=user)
    response = client_for(user).get(f"/invitations/{token}/")
    assert response.status_code == 302
    assert response["Location"] == "/o/acme/"


def test_someone_signed_in_with_another_address_is_told_which_one_was_invited(
    org, admin, outsider, client_for
):
    _, token = invite(org, admin)
    client = client_for(outsider)
    page = client.get(f"/invitations/{token}/")
    assert b"This invitation was sent to newcomer@example.com" in page.content
    assert b"Accept and join" not in page.content
    response = client.post(f"/invitations/{token}/")
    assert response.status_code == 403
    assert not Membership.objects.filter(organization=org, user=outsider).exists()


def test_an_anonymous_post_is_sent_to_sign_in(org, admin, client):
    _, token = invite(org, admin)
    response = client.post(f"/invitations/{token}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Membership.objects.filter(organization=org, user__email="newcomer@example.com").exists()


# --- accepting at sign-up (the account adapter) ----------------------------------------------


def sign_up(client, email: str):
    return client.post(
        "/accounts/signup/",
        {
            "full_name": "New Person",
            "email": email,
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )


def test_a_new_person_signing_up_with_the_invited_address_lands_in_the_organization(org, admin, client):
    _, token = invite(org, admin, role=Role.PROGRAM_MANAGER)
    client.get(f"/invitations/{token}/")
    signup_page = client.get("/accounts/signup/?email=newcomer%40example.com")
    assert b'value="newcomer@example.com"' in signup_page.content
    assert b"You are joining" in signup_page.content

    response = sign_up(client, "newcomer@example.com")

    assert response.status_code == 302
    assert response["Location"] == "/o/acme/"
    membership = Membership.objects.get(organization=org, user__email="newcomer@example.com")
    assert membership.role == Role.PROGRAM_MANAGER
    assert EmailAddress.objects.get(email="newcomer@example.com").verified
    assert mail.outbox == [], "no verification email: the invitation link proved the address"
    dashboard = client.get("/o/acme/").content.decode()
    assert "Welcome to Acme!" in dashboard
    assert "Successfully signed in" not in dashboard, "one greeting, not two"


def test_signing_up_with_another_address_neither_joins_nor_skips_verification(org, admin, client):
    invitation, token = invite(org, admin)
    client.get(f"/invitations/{token}/")

    response = sign_up(client, "different@example.com")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not Membership.objects.filter(user__email="different@example.com").exists()
    assert not EmailAddress.objects.get(email="different@example.com").verified
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["different@example.com"]
    invitation.refresh_from_db()
    assert invitation.is_open


def test_a_sign_up_without_an_invitation_still_needs_verification(client, db):
    response = sign_up(client, "stranger@example.com")
    assert response["Location"] == "/accounts/confirm-email/"
    assert not EmailAddress.objects.get(email="stranger@example.com").verified


def test_a_revoked_invitation_gives_no_shortcut_at_sign_up(org, admin, client):
    invitation, token = invite(org, admin)
    client.get(f"/invitations/{token}/")
    invitation_revoke(invitation=invitation, actor=admin)

    response = sign_up(client, "newcomer@example.com")

    assert response["Location"] == "/accounts/confirm-email/"
    assert not Membership.objects.filter(user__email="newcomer@example.com").exists()


def test_an_existing_account_signs_in_from_the_link_and_accepts(org, admin, client):
    user = UserFactory(email="newcomer@example.com")
    MembershipFactory(user=user)  # already in another organization
    _, token = invite(org, admin)
    client.get(f"/invitations/{token}/")

    response = client.post(
        f"/accounts/login/?next=/invitations/{token}/",
        {"login": user.email, "password": DEFAULT_PASSWORD, "next": f"/invitations/{token}/"},
    )
    assert response["Location"] == f"/invitations/{token}/"
    response = client.post(f"/invitations/{token}/")
    assert response["Location"] == "/o/acme/"
    assert Membership.objects.filter(organization=org, user=user).exists()


# Addresses the column cannot hold: Django's validator allows 320 characters, the column 254


def _long_address() -> str:
    return "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".com"  # 308 characters, otherwise valid


def test_an_address_longer_than_the_column_is_refused_by_the_service(org, admin):
    with pytest.raises(ValidationError) as refused:
        invite(org, admin, email=_long_address())
    assert refused.value.message_dict["email"] == ["An email address has at most 254 characters."]
    assert not Invitation.objects.exists()


def test_the_service_refuses_an_address_that_is_not_one(org, admin):
    with pytest.raises(ValidationError) as refused:
        invite(org, admin, email="not an address")
    assert refused.value.message_dict["email"] == ["Enter a valid email address."]
