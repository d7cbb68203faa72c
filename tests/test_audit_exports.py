"""Every download of the organization's data is in the audit log: the cohort overview's pairs,
the talent pool and the analytics tables (the audit log's own export is in
tests/organizations/test_audit.py)."""

import pytest
from django.urls import reverse

from organizations.models import AuditAction, AuditEntry
from tests.cohorts.factories import CohortFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "kwargs", "role"),
    [
        ("teams:talent_pool_csv", {}, "hr_analyst"),
        ("analytics:csv_headcount", {}, "hr_analyst"),
    ],
)
def test_a_download_is_recorded(org, client_for, request, name, kwargs, role):
    user = request.getfixturevalue(role)
    response = client_for(user).get(reverse(name, kwargs={"org_slug": org.slug, **kwargs}))
    assert response.status_code == 200, response.content[:300]
    entry = AuditEntry.objects.get(action=AuditAction.DATA_EXPORT)
    assert entry.actor == user and entry.object_label.endswith(".csv")


def test_the_pairs_csv_of_a_cohort_is_recorded(org, manager, client_for):
    cohort = CohortFactory(program__organization=org, status="active", program__status="active")
    url = reverse("mentoring:overview_csv", kwargs={"org_slug": org.slug, "pk": cohort.pk})
    assert client_for(manager).get(url).status_code == 200
    assert AuditEntry.objects.get(action=AuditAction.DATA_EXPORT).object_label.startswith(
        f"cohort-{cohort.pk}-pairs"
    )
