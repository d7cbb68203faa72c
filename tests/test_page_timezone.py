"""Organization pages show times on the organization's clock, as the layout's footer says."""

import datetime

import pytest
from django.urls import reverse

from analytics.models import FactsRefresh
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_retention_dashboard_shows_its_refresh_time_on_the_organizations_clock(client):
    organization = OrganizationFactory(timezone="Asia/Tokyo")
    member = MembershipFactory(organization=organization, role="admin").user
    FactsRefresh.objects.create(
        organization=organization,
        refreshed_at=datetime.datetime(2026, 12, 4, 17, 51, tzinfo=datetime.UTC),
        as_of=datetime.date(2026, 12, 4),
    )
    client.force_login(member)

    page = client.get(reverse("analytics:dashboard", kwargs={"org_slug": organization.slug}))

    assert page.status_code == 200
    # 17:51 UTC is 02:51 the next day in Tokyo.
    assert "Figures last refreshed 5 December 2026, 02:51 (Asia/Tokyo)" in page.content.decode()
