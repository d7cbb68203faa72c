"""Accounts through django-allauth: sign-up with verification, sign-in, reset, change, sign-out."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache

from tests.factories import DEFAULT_PASSWORD, UserFactory

NEW_PASSWORD = "another-long-passphrase-42"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts sign-ups and emails per address in the cache, which outlives a test."""
    cache.clear()


def link_in(message, pattern: str) -> str:
    """The path of the first link in ``message`` whose path matches ``pattern``."""
    match = re.search(r"https?://[^/\s]+(" + pattern + r")", message.body)
    assert match, f"No link matching {pattern!r} in:\n{message.body}"
    return match.group(1)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def sign_in(client, email: str, password: str = DEFAULT_PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_sign_up_sends_a_verification_email_and_does_not_sign_in_yet(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "full_name": "Ada Lovelace",
            "email": "ada@example.com",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.com"]
    link_in(mail.outbox[0], r"/accounts/confirm-email/[^/\s]+/")
    assert not is_signed_in(client)
    assert b"Check your email" in client.get("/accounts/confirm-email/").content


def test_an_unverified_address_cannot_sign_in(client, db):
    UserFactory(email="unverified@example.com", verified=False)
    response = sign_in(client, "unverified@example.com")
    assert response["Location"] == "/accounts/confirm-email/"
    assert not is_signed_in(client)


def test_verifying_the_address_then_signing_in_works(client, db):
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Ada Lovelace",
            "email": "ada@example.com",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )
    confirm_path = link_in(mail.outbox[0], r"/accounts/confirm-email/[^/\s]+/")

    page = client.get(confirm_path)
    assert page.status_code == 200
    assert b"ada@example.com" in page.content
    client.post(confirm_path)
    assert EmailAddress.objects.get(email="ada@example.com").verified

    client.logout()
    response = sign_in(client, "ada@example.com")
    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_wrong_password_is_refused_with_a_message(client, db):
    user = UserFactory()
    response = sign_in(client, user.email, "not-the-password")
    assert response.status_code == 200
    assert b"form-errors" in response.content
    assert not is_signed_in(client)


def test_password_reset_sends_a_link_that_sets_a_new_password(client, db):
    user = UserFactory(email="forgetful@example.com")
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    reset_path = link_in(mail.outbox[0], r"/accounts/password/reset/key/[^/\s]+/")

    form_page = client.get(reset_path, follow=True)
    assert form_page.status_code == 200
    assert b"New Password" in form_page.content
    set_password_path = form_page.redirect_chain[-1][0]  # allauth moves the key into the session
    response = client.post(set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response["Location"] == "/accounts/password/reset/key/done/"

    client.logout()
    assert sign_in(client, user.email, DEFAULT_PASSWORD).status_code == 200  # old one refused
    assert not is_signed_in(client)
    sign_in(client, user.email, NEW_PASSWORD)
    assert is_signed_in(client)


def test_a_used_reset_link_explains_itself(client, db):
    user = UserFactory()
    client.post("/accounts/password/reset/", {"email": user.email})
    reset_path = link_in(mail.outbox[0], r"/accounts/password/reset/key/[^/\s]+/")
    form_page = client.get(reset_path, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()
    again = client.get(reset_path, follow=True)
    assert b"Bad Token" in again.content


def test_password_change_needs_the_current_password(client_for, db):
    user = UserFactory()
    client = client_for(user)
    refused = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert refused.status_code == 200
    client.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_sign_out_asks_then_signs_out(client_for, db):
    client = client_for(UserFactory())
    page = client.get("/accounts/logout/")
    assert page.status_code == 200
    assert b"Sign out of Lodestar on this browser?" in page.content
    assert is_signed_in(client)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not is_signed_in(client)


ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
]
SIGNED_IN_PAGES = ["/accounts/email/", "/accounts/password/change/", "/accounts/logout/"]


@pytest.mark.parametrize("path", ANONYMOUS_PAGES + SIGNED_IN_PAGES)
def test_account_pages_use_the_lodestar_layout(path, client_for, client, db):
    if path in SIGNED_IN_PAGES:
        client = client_for(UserFactory())
    response = client.get(path)
    assert response.status_code == 200
    content = response.content.decode()
    assert "css/lodestar.css" in content
    assert "css/accounts.css" in content
    assert 'class="brand"' in content
    assert 'class="auth-title"' in content
    assert "Menu:" not in content, "allauth's bare layout must not show through"


def test_email_page_marks_the_verified_primary_address(client_for, db):
    user = UserFactory(email="shown@example.com")
    content = client_for(user).get("/accounts/email/").content.decode()
    assert "shown@example.com" in content
    assert "badge badge-ok" in content
    assert "Primary" in content


# Failed sign-ins are limited per address and account: a stranger cannot lock someone out


def test_five_failures_from_one_address_leave_the_person_free_to_sign_in_from_another(db, caplog):
    from django.test import Client

    from organizations.adapters import email_fingerprint

    user = UserFactory()
    stranger, person = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="198.51.100.20")
    for _ in range(5):
        assert sign_in(stranger, user.email, "guessing").status_code == 200

    with caplog.at_level("WARNING", logger="organizations.adapters"):
        refused = sign_in(stranger, user.email)
    assert refused.status_code == 200 and not is_signed_in(stranger)
    assert "Too many failed login attempts" in refused.content.decode()

    assert sign_in(person, user.email).status_code == 302
    assert is_signed_in(person)

    (record,) = [r for r in caplog.records if "sign-in locked" in r.getMessage()]
    assert email_fingerprint(user.email) in record.getMessage() and "203.0.113.7" in record.getMessage()
    assert user.email not in record.getMessage()


def test_a_lockout_is_logged_once_per_window(db, caplog):
    from django.test import Client

    user = UserFactory()
    stranger = Client(REMOTE_ADDR="203.0.113.7")
    with caplog.at_level("WARNING", logger="organizations.adapters"):
        for _ in range(8):
            sign_in(stranger, user.email, "guessing")

    assert sum("sign-in locked" in r.getMessage() for r in caplog.records) == 1


def test_the_right_password_still_clears_nothing_for_the_strangers_address(db):
    """The lock stays on the address that failed, even after the person signed in elsewhere."""
    from django.test import Client

    user = UserFactory()
    stranger, person = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="198.51.100.20")
    for _ in range(5):
        sign_in(stranger, user.email, "guessing")
    sign_in(person, user.email)

    sign_in(stranger, user.email)
    assert not is_signed_in(stranger)
