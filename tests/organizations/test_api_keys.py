"""API keys: scopes narrow a key to what its system needs, keys expire, use is recorded."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from organizations.api.authentication import hash_api_key
from organizations.models import APIKey
from organizations.roles import Permission, Role, Scope, key_scope_allows, scopes_for_role
from organizations.services.api_keys import api_key_create
from tests.factories import EmployeeFactory


def _key_client(raw_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    return client


def _key(org, actor, **kwargs) -> tuple[APIKey, str]:
    return api_key_create(organization=org, actor=actor, name="Workday", **kwargs)


def test_a_new_key_reads_analytics_only_unless_its_creator_says_more(org, hr_analyst):
    key, _ = _key(org, hr_analyst)
    assert key.scopes == ["analytics.read"]


def test_a_key_without_the_roster_scope_is_refused_the_roster_with_403(org, hr_analyst):
    _, raw = _key(org, hr_analyst, scopes=["analytics.read"])
    response = _key_client(raw).get(f"/api/v1/o/{org.slug}/employees/")
    assert response.status_code == 403
    assert response.json()["detail"] == "This API key lacks the scope roster.read."


def test_a_key_with_the_roster_scope_reads_the_roster(org, hr_analyst):
    EmployeeFactory(organization=org)
    _, raw = _key(org, hr_analyst, scopes=["roster.read"])
    assert _key_client(raw).get(f"/api/v1/o/{org.slug}/employees/").status_code == 200


def test_reading_the_roster_does_not_allow_loading_it(org, hr_analyst):
    _, raw = _key(org, hr_analyst, scopes=["roster.read"])
    response = _key_client(raw).post(f"/api/v1/o/{org.slug}/roster/loads/", {})
    assert response.status_code == 403
    assert "roster.write" in response.json()["detail"]


def test_every_key_reads_its_own_organization(org, hr_analyst):
    _, raw = _key(org, hr_analyst, scopes=["analytics.read"])
    response = _key_client(raw).get(f"/api/v1/o/{org.slug}/")
    assert response.status_code == 200


def test_an_expired_key_is_refused_with_401(org, hr_analyst):
    key, raw = _key(org, hr_analyst, scopes=["roster.read"])
    APIKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = _key_client(raw).get(f"/api/v1/o/{org.slug}/employees/")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_key_works_until_its_expiry(org, hr_analyst):
    key, raw = _key(
        org, hr_analyst, scopes=["roster.read"], expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert _key_client(raw).get(f"/api/v1/o/{org.slug}/employees/").status_code == 200


def test_each_use_records_when_the_key_was_last_used(org, hr_analyst):
    key, raw = _key(org, hr_analyst, scopes=["roster.read"])
    assert key.last_used_at is None
    _key_client(raw).get(f"/api/v1/o/{org.slug}/employees/")
    key.refresh_from_db()
    assert timezone.now() - key.last_used_at < datetime.timedelta(minutes=1)


def test_a_refused_key_is_still_recorded_as_used(org, hr_analyst):
    """Last use tells an admin which keys a system still sends, even with a scope missing."""
    key, raw = _key(org, hr_analyst, scopes=["analytics.read"])
    _key_client(raw).get(f"/api/v1/o/{org.slug}/employees/")
    key.refresh_from_db()
    assert key.last_used_at is not None


@pytest.mark.parametrize(
    ("scopes", "expires_at", "field"),
    [
        ([], None, "scopes"),
        (["roster.delete"], None, "scopes"),
        (["analytics.read"], "past", "expires_at"),
    ],
)
def test_the_service_refuses_a_key_it_cannot_make(org, hr_analyst, scopes, expires_at, field):
    from django.core.exceptions import ValidationError

    when = timezone.now() - datetime.timedelta(days=1) if expires_at == "past" else None
    with pytest.raises(ValidationError) as caught:
        _key(org, hr_analyst, scopes=scopes, expires_at=when)
    assert field in caught.value.message_dict
    assert not APIKey.objects.exists()


def test_a_key_never_gets_what_running_the_organization_takes():
    for permission in (Permission.MEMBERS_MANAGE, Permission.APIKEYS_MANAGE, Permission.ANALYTICS_REFRESH):
        assert not key_scope_allows(list(Scope), permission)


def test_an_hr_analysts_key_may_hold_every_scope():
    assert scopes_for_role(Role.HR_ANALYST) == list(Scope)


# --- The API keys page ---------------------------------------------------------------------------


def _page(org) -> str:
    return f"/o/{org.slug}/api-keys/"


def test_the_form_offers_the_scopes_with_analytics_ticked(org, hr_analyst, client_for):
    body = client_for(hr_analyst).get(_page(org)).content.decode()
    assert 'value="analytics.read"' in body and "checked" in body.split('value="analytics.read"')[1][:40]
    assert 'value="roster.write"' in body


def test_the_creator_picks_scopes_and_an_expiry_day(org, hr_analyst, client_for):
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    response = client_for(hr_analyst).post(
        _page(org),
        {"name": "Workday", "scopes": ["roster.read", "roster.write"], "expires_on": tomorrow.isoformat()},
    )
    assert response.status_code == 200
    key = APIKey.objects.get()
    assert key.scopes == ["roster.read", "roster.write"]
    assert key.expires_at > timezone.now()
    body = response.content.decode()
    assert "Read the HR roster" in body and "Load roster files" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose at least one thing the key may do."),
        ({"scopes": ["everything"]}, "Select a valid choice."),
        ({"scopes": ["analytics.read"], "expires_on": "2001-01-01"}, "in the future"),
        ({"scopes": ["analytics.read"], "expires_on": "9999-12-31"}, "within 10 years"),
        ({"scopes": ["analytics.read"], "expires_on": "x" * 10_000}, "Enter a valid date."),
    ],
)
def test_a_bad_key_form_says_what_is_wrong(org, hr_analyst, client_for, data, message):
    response = client_for(hr_analyst).post(_page(org), {"name": "Workday", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not APIKey.objects.exists()


def test_the_page_shows_last_use_expiry_and_status(org, hr_analyst, client_for):
    used, _ = _key(org, hr_analyst)
    last_used = datetime.datetime(2026, 3, 4, 9, 30, tzinfo=datetime.UTC)
    APIKey.objects.filter(pk=used.pk).update(last_used_at=last_used)
    expired, _ = _key(org, hr_analyst)
    APIKey.objects.filter(pk=expired.pk).update(expires_at=datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC))
    body = client_for(hr_analyst).get(_page(org)).content.decode()
    assert "4 Mar 2026 10:30" in body  # 09:30 UTC on Acme's clock (Amsterdam), as the footer says
    assert "expired 2 Jan 2026" in body


def test_a_key_is_stored_only_as_a_hash(org, hr_analyst):
    key, raw = _key(org, hr_analyst)
    assert key.key_hash == hash_api_key(raw)


def test_the_service_refuses_a_key_dated_at_the_end_of_time(org, hr_analyst):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        _key(org, hr_analyst, expires_at=datetime.datetime(9999, 12, 31, 23, 30, tzinfo=datetime.UTC))
    assert caught.value.message_dict["expires_at"] == [
        "Pick a day within 10 years, or none to keep it till revoked."
    ]
    assert not APIKey.objects.exists()
