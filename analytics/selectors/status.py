"""What the facts cover and when they were rebuilt."""

from analytics.models import FactsRefresh
from analytics.selectors.common import facts_refresh_row
from analytics.selectors.types import FactsStatus
from organizations.models import Organization


def facts_status(*, organization: Organization) -> FactsStatus:
    """When the organization's facts were last rebuilt, and the months, departments, levels and
    cohorts they hold (for filter choices and "figures as of …" footers). One query."""
    return facts_status_of(facts_refresh_row(organization), organization=organization)


def facts_status_of(refresh: FactsRefresh | None, *, organization: Organization) -> FactsStatus:
    """``facts_status`` of a refresh row already read (``facts_refresh_row``)."""
    if refresh is None:
        return FactsStatus(None, None, None, None, min_group_size=organization.min_group_size)
    return FactsStatus(
        refreshed_at=refresh.refreshed_at,
        as_of=refresh.as_of,
        first_month=refresh.first_month,
        last_month=refresh.last_month,
        departments=tuple(refresh.departments),
        levels=tuple(refresh.levels),
        cohort_ids=tuple(c["id"] for c in refresh.cohorts),
        min_group_size=organization.min_group_size,
    )
