"""API filters and pages answer 400 (or DRF's invalid-page 404) for values they cannot read,
instead of quietly listing everything."""

import pytest
from rest_framework.test import APIClient

from tests.cohorts.factories import CohortFactory
from tests.programs.factories import ApplicationFactory, ProgramFactory


@pytest.fixture
def client(manager):
    client = APIClient()
    client.force_authenticate(manager)
    return client


@pytest.fixture
def applications(org):
    first, second = ProgramFactory(organization=org), ProgramFactory(organization=org)
    ApplicationFactory(program=first, role="mentee", eligible=True)
    ApplicationFactory(program=second, role="mentor", eligible=False)
    return first, second


def _applications(client, org, **params):
    return client.get(f"/api/v1/o/{org.slug}/applications/", params)


@pytest.mark.parametrize("param", ["role", "status"])
def test_an_empty_choice_is_a_400_naming_the_filter(client, org, applications, param):
    response = _applications(client, org, **{param: ""})
    assert response.status_code == 400
    assert list(response.json()) == [param]


@pytest.mark.parametrize("value", ["", "1.5", "one", str(2**63)])
def test_an_id_filter_takes_a_whole_number_only(client, org, applications, value):
    response = _applications(client, org, program=value)
    assert response.status_code == 400
    assert "program" in response.json()


def test_an_id_filter_still_filters(client, org, applications):
    first, _ = applications
    response = _applications(client, org, program=str(first.pk))
    assert [row["program"] for row in response.json()["results"]] == [first.pk]


@pytest.mark.parametrize("value", ["", "maybe", "1", "2", "True"])
def test_a_yes_no_filter_reads_true_or_false_only(client, org, applications, value):
    response = _applications(client, org, eligible=value)
    assert response.status_code == 400
    assert "eligible" in response.json()


def test_a_yes_no_filter_still_filters(client, org, applications):
    response = _applications(client, org, eligible="false")
    assert [row["role"] for row in response.json()["results"]] == ["mentor"]


def test_an_empty_free_text_filter_still_means_any(client, org, applications):
    response = _applications(client, org, department="")
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_an_empty_date_filter_is_a_400(client, org):
    response = client.get(f"/api/v1/o/{org.slug}/programs/", {"starts_after": ""})
    assert response.status_code == 400
    assert "starts_after" in response.json()


def test_a_cohort_filter_outside_the_database_range_is_a_400_not_a_crash(client, org):
    CohortFactory(program__organization=org)
    response = client.get(f"/api/v1/o/{org.slug}/participants/", {"cohort": "9" * 40})
    assert response.status_code == 400


@pytest.mark.parametrize("page", ["", "last", "0"])
def test_a_page_that_is_not_a_page_number_is_an_invalid_page(client, org, applications, page):
    response = _applications(client, org, page=page)
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}
