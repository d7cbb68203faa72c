import pytest
from rest_framework.test import APIClient

from organizations.api.authentication import hash_api_key
from organizations.models import APIKey
from organizations.services.api_keys import api_key_create
from tests.factories import EmployeeFactory


def _key_client(raw_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    return client


@pytest.fixture
def raw_key(org, hr_analyst):
    _, raw = api_key_create(organization=org, actor=hr_analyst, name="Workday", scopes=["roster.read"])
    return raw


def test_api_key_reads_its_organizations_roster(org, other_org, raw_key):
    EmployeeFactory(organization=org, name="Ada Acme")
    EmployeeFactory(organization=other_org, name="Gus Globex")
    response = _key_client(raw_key).get(f"/api/v1/o/{org.slug}/employees/")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Ada Acme"]


def test_api_key_of_one_organization_gets_404_in_another(other_org, raw_key):
    response = _key_client(raw_key).get(f"/api/v1/o/{other_org.slug}/employees/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_revoked_or_wrong_key_is_refused_with_401(org, raw_key):
    APIKey.objects.filter(key_hash=hash_api_key(raw_key)).update(revoked_at="2026-01-01T00:00Z")
    for key in (raw_key, "lds_not-a-key"):
        response = _key_client(key).get(f"/api/v1/o/{org.slug}/employees/")
        assert response.status_code == 401
        assert response.json()["detail"] == "Invalid or revoked API key."


def test_only_a_hash_of_the_key_is_stored(org, raw_key):
    stored = APIKey.objects.get()
    assert stored.key_hash == hash_api_key(raw_key)
    assert raw_key not in (stored.key_hash, stored.prefix)


def test_anonymous_request_is_told_to_authenticate(org):
    response = APIClient().get(f"/api/v1/o/{org.slug}/employees/")
    assert response.status_code in (401, 403)
    assert response.json()["detail"]


def test_member_without_roster_permission_gets_403_json(org, mentee):
    client = APIClient()
    client.force_authenticate(mentee)
    response = client.get(f"/api/v1/o/{org.slug}/employees/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role does not allow this."}


def test_roster_api_filters_by_department_and_activity(org, hr_analyst):
    EmployeeFactory(organization=org, name="Ann", department="Sales")
    EmployeeFactory(organization=org, name="Bob", department="Sales", termination_date="2025-01-01")
    EmployeeFactory(organization=org, name="Cy", department="Finance")
    client = APIClient()
    client.force_authenticate(hr_analyst)
    response = client.get(f"/api/v1/o/{org.slug}/employees/", {"department": "Sales", "active": "true"})
    assert [row["name"] for row in response.json()["results"]] == ["Ann"]


def test_roster_api_query_count_does_not_grow_with_page_size(org, hr_analyst, django_assert_max_num_queries):
    managers = EmployeeFactory.create_batch(5, organization=org)
    for i in range(60):
        EmployeeFactory(organization=org, manager=managers[i % 5])
    client = APIClient()
    client.force_authenticate(hr_analyst)
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/o/{org.slug}/employees/")
    assert len(response.json()["results"]) == 50


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/o/{org_slug}/employees/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html


def test_admin_creates_and_revokes_a_key_in_the_browser(org, admin, client_for):
    client = client_for(admin)
    response = client.post(f"/o/{org.slug}/api-keys/", {"name": "Workday", "scopes": ["analytics.read"]})
    assert response.status_code == 200
    raw = response.context["new_key"]
    assert raw.startswith("lds_")
    key = APIKey.objects.get()
    assert _key_client(raw).get(f"/api/v1/o/{org.slug}/").status_code == 200
    client.post(f"/o/{org.slug}/api-keys/{key.pk}/revoke/")
    assert _key_client(raw).get(f"/api/v1/o/{org.slug}/").status_code == 401


def test_a_key_needs_a_name(org, admin, client_for):
    response = client_for(admin).post(f"/o/{org.slug}/api-keys/", {"name": "  "})
    assert response.context["form"].errors["name"]
    assert not APIKey.objects.exists()
