"""Mentoring activity of cohorts from the per-cohort engagement facts."""

from analytics.selectors.types import NO_FILTER, AnalyticsFilter, EngagementSummary
from organizations.models import Organization


def engagement_summary(
    *, organization: Organization, filters: AnalyticsFilter = NO_FILTER
) -> EngagementSummary:
    """Meetings per pair per month, active pairs, session attendance, check-in averages and goal
    completion of the selected cohorts.

    Program, cohort, period and role apply; department and level do not. Three queries.
    """
    raise NotImplementedError
