"""Two-factor authentication (django-allauth's MFA) and recent sign-in before sensitive actions.

An organization can require two-factor authentication of its admins and HR analysts; an admin
can only turn that on once they use it themselves. Changing roles, API keys and the security
settings needs a sign-in (or a re-entered password) within the last few minutes.
"""

import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client

from organizations.models import AuditAction, AuditEntry, Membership
from tests.factories import DEFAULT_PASSWORD, MembershipFactory
from tests.organizations.test_accounts import is_signed_in, sign_in

pytestmark = pytest.mark.django_db


def with_totp(user) -> str:
    """Give ``user`` an authenticator app; return its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def settings_form(**changes) -> dict:
    return {"name": "Acme", "timezone": "Europe/Amsterdam", "min_group_size": 5} | changes


def test_an_admin_without_two_factor_cannot_require_it(org, admin, client_for):
    response = client_for(admin).post("/o/acme/settings/", settings_form(require_mfa="on"))
    assert response.status_code == 200
    assert "Set up two-factor authentication for your own account first" in response.content.decode()
    org.refresh_from_db()
    assert org.require_mfa is False


def test_an_admin_with_two_factor_requires_it_and_the_change_is_audited(org, admin, client_for):
    with_totp(admin)
    response = client_for(admin).post("/o/acme/settings/", settings_form(require_mfa="on"))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.require_mfa is True
    entry = AuditEntry.objects.get(action=AuditAction.SETTINGS_CHANGE)
    assert entry.changes == ["require_mfa"] and entry.actor == admin


def test_when_required_admins_and_hr_without_it_are_sent_to_set_it_up(
    org, admin, hr_analyst, manager, mentee, client_for
):
    with_totp(admin)
    org.require_mfa = True
    org.save()
    response = client_for(hr_analyst).get("/o/acme/roster/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/"
    page = client_for(hr_analyst).get("/o/acme/", follow=True).content.decode()
    assert "asks its hr analysts to use two-factor authentication" in page
    # Managers and members are not asked; the admin who has it goes in.
    for user in (manager, mentee, admin):
        assert client_for(user).get("/o/acme/").status_code == 200
    with_totp(hr_analyst)
    assert client_for(hr_analyst).get("/o/acme/roster/").status_code == 200


def test_the_requirement_is_one_organizations_not_everyones(org, other_org, hr_analyst, client_for):
    with_totp(MembershipFactory(organization=other_org, role="admin").user)
    other_org.require_mfa = True
    other_org.save()
    MembershipFactory(organization=other_org, user=hr_analyst, role="member")
    assert client_for(hr_analyst).get("/o/acme/").status_code == 200


def test_signing_in_with_an_authenticator_app_asks_for_the_code(org, admin):
    secret = with_totp(admin)
    client = Client()
    response = sign_in(client, admin.email)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not is_signed_in(client)
    assert (
        "/accounts/2fa/authenticate/"
        in client.post("/accounts/2fa/authenticate/", {"code": "000000"}).request["PATH_INFO"]
    )
    assert not is_signed_in(client)
    client.post("/accounts/2fa/authenticate/", {"code": code_for(secret)})
    assert is_signed_in(client)


def test_the_two_factor_pages_use_the_lodestar_layout(org, admin, client_for):
    with_totp(admin)
    for path in ("/accounts/2fa/", "/accounts/2fa/recovery-codes/"):
        content = client_for(admin).get(path).content.decode()
        assert "css/lodestar.css" in content and 'class="brand"' in content, path


def _stale(client) -> None:
    """As if the sign-in was an hour ago."""
    session = client.session
    for record in session[AUTHENTICATION_METHODS_SESSION_KEY]:
        record["at"] = time.time() - 3600
    session.save()


def test_changing_a_role_an_hour_after_signing_in_asks_for_the_password_first(org, admin, client_for):
    member = MembershipFactory(organization=org, role="member")
    client = client_for(admin)
    _stale(client)
    url = f"/o/acme/members/{member.pk}/role/"
    response = client.post(url, {"role": "hr_analyst"}, HTTP_REFERER="http://testserver/o/acme/members/?q=x")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Fo%2Facme%2Fmembers%2F%3Fq%3Dx"
    assert Membership.objects.get(pk=member.pk).role == "member"
    # The password brings them back to the members page, where the change now goes through.
    back = client.post(response["Location"], {"password": DEFAULT_PASSWORD})
    assert back["Location"] == "/o/acme/members/?q=x"
    client.post(url, {"role": "hr_analyst"})
    assert Membership.objects.get(pk=member.pk).role == "hr_analyst"


def test_the_way_back_never_leaves_the_site(org, admin, client_for):
    client = client_for(admin)
    _stale(client)
    response = client.post("/o/acme/settings/", settings_form(), HTTP_REFERER="https://evil.example/phish")
    assert response["Location"] == "/accounts/reauthenticate/?next=%2Fo%2Facme%2F"


def test_api_keys_and_settings_also_need_a_recent_sign_in(org, admin, client_for):
    client = client_for(admin)
    _stale(client)
    assert client.get("/o/acme/api-keys/").status_code == 200  # reading is fine
    made = client.post("/o/acme/api-keys/", {"name": "Workday", "scopes": ["analytics.read"]})
    assert made["Location"].startswith("/accounts/reauthenticate/")
    saved = client.post("/o/acme/settings/", settings_form(name="Renamed"))
    assert saved["Location"].startswith("/accounts/reauthenticate/")
    org.refresh_from_db()
    assert org.name == "Acme"


def test_recovery_codes_alone_do_not_count_as_two_factor(org, admin):
    from organizations.reauth import uses_mfa

    Authenticator.objects.create(user=admin, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"})
    assert uses_mfa(admin) is False
    with_totp(admin)
    assert uses_mfa(admin) is True
