"""The OpenAPI schema documents every answer the API can give, and the API gives those answers."""

import pytest
import schemathesis
from django.core.cache import cache
from rest_framework.test import APIClient
from werkzeug.test import Client as WSGIClient

from config.wsgi import application
from organizations.api.throttling import CallerRateThrottle
from organizations.services.api_keys import api_key_create
from tests.programs.factories import ProgramFactory

# The WSGI app is called directly: keep the test's database connection open (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("wsgi_in_test_transaction")

ERROR_STATUSES = {"400", "401", "403", "404", "429"}


@pytest.fixture
def openapi(client) -> dict:
    return client.get("/api/v1/schema/", {"format": "json"}).json()


def test_every_operation_documents_its_error_answers_with_json_bodies(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            missing = ERROR_STATUSES - set(responses)
            assert not missing, f"{method.upper()} {path} leaves out {sorted(missing)}"
            for status in ERROR_STATUSES:
                assert "application/json" in responses[status]["content"], f"{method} {path} {status}"


def test_a_roster_loads_400_is_either_the_row_report_or_the_field_errors(openapi):
    answer = openapi["paths"]["/api/v1/o/{org_slug}/roster/loads/"]["post"]["responses"]["400"]
    assert answer["content"]["application/json"]["schema"] == {
        "anyOf": [
            {"$ref": "#/components/schemas/RosterError"},
            {"$ref": "#/components/schemas/FieldErrors"},
        ]
    }


def test_fields_hidden_from_some_callers_are_not_required(openapi):
    schemas = openapi["components"]["schemas"]
    required = set(schemas["Application"]["required"])
    assert not required & {"motivation", "learning_goals", "offer", "override_reason"}
    assert schemas["Employee"]["properties"]["manager_external_id"]["nullable"] is True


def test_ids_are_integers_in_paths_and_filters(openapi):
    detail = openapi["paths"]["/api/v1/o/{org_slug}/programs/{id}/"]["get"]["parameters"]
    assert {p["name"]: p["schema"]["type"] for p in detail}["id"] == "integer"
    listing = openapi["paths"]["/api/v1/o/{org_slug}/applications/"]["get"]["parameters"]
    assert {p["name"]: p["schema"]["type"] for p in listing}["program"] == "integer"


@pytest.mark.parametrize("path", ["programs/abc/", "programs/1.5/", "no-such-thing/", "pair-health/abc/"])
def test_a_url_that_names_nothing_is_a_json_404(org, manager, path):
    client = APIClient()
    client.force_authenticate(manager)
    response = client.get(f"/api/v1/o/{org.slug}/{path}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_missing_trailing_slash_is_still_redirected(org, manager):
    ProgramFactory(organization=org)
    client = APIClient()
    client.force_authenticate(manager)
    response = client.get(f"/api/v1/o/{org.slug}/programs")
    assert response.status_code == 301
    assert response["Location"].endswith(f"/api/v1/o/{org.slug}/programs/")


def test_a_throttled_call_answers_as_documented(org, admin, openapi, monkeypatch):
    cache.clear()  # throttle counts live there, under the key's id, which another test may have used
    monkeypatch.setattr(CallerRateThrottle, "THROTTLE_RATES", {"caller": "1/min"})
    _, raw_key = api_key_create(organization=org, actor=admin, name="Busy HR system")
    wsgi = WSGIClient(application)
    headers = {"Authorization": f"Api-Key {raw_key}"}
    wsgi.get(f"/api/v1/o/{org.slug}/", headers=headers)
    response = wsgi.get(f"/api/v1/o/{org.slug}/", headers=headers)

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    schemathesis.openapi.from_dict(openapi)["/api/v1/o/{org_slug}/"]["GET"].validate_response(response)
