"""``local_day``/``as_local_day``: the organization's calendar day of a stored moment, read
through a query (in SQL on PostgreSQL, converted in Python elsewhere), is ``local_date``'s."""

import datetime

import pytest
from django.db.models import Max

from organizations.clock import as_local_day, local_date, local_day
from organizations.models import Organization

UTC = datetime.UTC
MOMENTS = [
    datetime.datetime(2026, 3, 28, 23, 30, tzinfo=UTC),  # the next day east of UTC
    datetime.datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # Europe's clocks go forward that night
    datetime.datetime(2026, 3, 29, 6, 59, tzinfo=UTC),  # the day before on the American west coast
    datetime.datetime(2026, 10, 25, 0, 59, tzinfo=UTC),  # Europe's clocks go back
    datetime.datetime(2026, 12, 31, 22, 15, tzinfo=UTC),  # the new year in Helsinki and Tokyo
    datetime.datetime(2026, 7, 1, 12, 0, tzinfo=UTC),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "zone", ["UTC", "Europe/London", "Europe/Helsinki", "America/Los_Angeles", "Asia/Tokyo", "Asia/Kolkata"]
)
def test_local_day_in_a_query_is_local_date(zone):
    organizations = []
    for n, moment in enumerate(MOMENTS):
        organization = Organization.objects.create(name=f"Clock {n}", slug=f"clock-{n}", timezone=zone)
        Organization.objects.filter(pk=organization.pk).update(created_at=moment)
        organizations.append(organization)
    clock = organizations[0]
    rows = dict(
        Organization.objects.filter(pk__in=[o.pk for o in organizations])
        .annotate(day=local_day("created_at", clock))
        .values_list("pk", "day")
    )
    for organization, moment in zip(organizations, MOMENTS, strict=True):
        day = as_local_day(rows[organization.pk], clock)
        assert type(day) is datetime.date
        assert day == local_date(moment, clock), (zone, moment)
    latest = Organization.objects.filter(pk__in=[o.pk for o in organizations]).aggregate(
        day=Max(local_day("created_at", clock))
    )["day"]
    assert as_local_day(latest, clock) == max(local_date(moment, clock) for moment in MOMENTS)


def test_as_local_day_leaves_days_and_none_alone():
    organization = Organization(timezone="Asia/Tokyo")
    assert as_local_day(None, organization) is None
    assert as_local_day(datetime.date(2026, 1, 1), organization) == datetime.date(2026, 1, 1)
    assert as_local_day(datetime.datetime(2026, 1, 1, 20, tzinfo=UTC), organization) == datetime.date(
        2026, 1, 2
    )
