"""What the facts cover and when they were rebuilt."""

from analytics.selectors.types import FactsStatus
from organizations.models import Organization


def facts_status(*, organization: Organization) -> FactsStatus:
    """When the organization's facts were last rebuilt, and the months, departments, levels and
    cohorts they hold (for filter choices and "figures as of …" footers). Two queries."""
    raise NotImplementedError
