"""Twelve-month retention, retention curves and talent outcomes from the per-cohort facts."""

from analytics.selectors.types import (
    NO_FILTER,
    AnalyticsFilter,
    RetentionCurves,
    RetentionSummary,
    TalentOutcomes,
)
from organizations.models import Organization


def retention_summary(
    *, organization: Organization, filters: AnalyticsFilter = NO_FILTER
) -> RetentionSummary:
    """Twelve-month retention and attrition by type of participants, comparison and
    non-participants, over the cohorts whose first twelve months have ended.

    All filters apply; the period keeps cohorts that started within it. Two queries.
    """
    raise NotImplementedError


def retention_curves(
    *, organization: Organization, filters: AnalyticsFilter = NO_FILTER, event: str = "any"
) -> RetentionCurves:
    """Kaplan–Meier curves since cohort start of participants and comparison, with 95 % bands,
    numbers at risk, and a log-rank test. ``event``: ``"any"`` or ``"voluntary"``.

    All filters apply; ``period_end`` also censors follow-up at its month's last day. Two queries.
    """
    raise NotImplementedError


def talent_outcomes(*, organization: Organization, filters: AnalyticsFilter = NO_FILTER) -> TalentOutcomes:
    """Promotions and internal moves within twelve months of cohort start, per group.

    All filters apply; the period keeps cohorts that started within it. Two queries.
    """
    raise NotImplementedError
