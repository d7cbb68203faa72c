"""Monthly attrition from the monthly facts."""

from analytics.selectors.types import NO_FILTER, AnalyticsFilter, AttritionSeries
from organizations.models import Organization

BY_CHOICES = (None, "department", "level")


def attrition_series(
    *, organization: Organization, filters: AnalyticsFilter = NO_FILTER, by: str | None = None
) -> AttritionSeries:
    """Monthly turnover (all, voluntary, involuntary) and its annualized rate for participants,
    comparison, non-participants and everyone, optionally segmented ``by`` department or level.

    Every filter applies (program/cohort/role select the participant and comparison groups;
    non-participants and everyone ignore them). Two queries whatever the filters.
    """
    raise NotImplementedError
