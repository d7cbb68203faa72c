"""Reads of the analytics facts: the one place pages, CSV exports and the API get figures from.

Every selector here reads ONLY the precomputed facts tables (``analytics/models.py``, rebuilt
by ``analytics.services.refresh.facts_refresh``), never roster rows, in a fixed number of
queries whatever the filters. Each applies small-group suppression (``analytics/suppression.py``)
before returning, so no caller can show a group below the organization's minimum size.

All take the organization explicitly and an ``AnalyticsFilter`` (see ``types.py`` for what each
field means and which selector honours it); they return frozen dataclasses of numbers.
"""

from analytics.selectors.attrition import attrition_series
from analytics.selectors.balance import comparison_balance
from analytics.selectors.common import facts_refresh_row
from analytics.selectors.engagement import engagement_summary
from analytics.selectors.purpose import PURPOSE_MEASURES, purpose_progress, purpose_progress_of_programs
from analytics.selectors.retention import retention_curves, retention_summary, talent_outcomes
from analytics.selectors.status import facts_status, facts_status_of
from analytics.selectors.types import (
    NO_FILTER,
    AnalyticsFilter,
    AttritionLine,
    AttritionMonth,
    AttritionSeries,
    BalanceRow,
    ComparisonBalance,
    CurveStep,
    EngagementMonth,
    EngagementSummary,
    FactsStatus,
    GoalCompletion,
    Group,
    GroupRetention,
    GroupTalentOutcomes,
    LogRankTest,
    PurposeProgress,
    RetentionCurve,
    RetentionCurves,
    RetentionSummary,
    RoleBalance,
    TalentOutcomes,
)
from analytics.suppression import Figure, Suppressed, is_suppressed

__all__ = [
    "PURPOSE_MEASURES",
    "NO_FILTER",
    "AnalyticsFilter",
    "AttritionLine",
    "AttritionMonth",
    "AttritionSeries",
    "BalanceRow",
    "ComparisonBalance",
    "CurveStep",
    "EngagementMonth",
    "EngagementSummary",
    "FactsStatus",
    "Figure",
    "GoalCompletion",
    "Group",
    "GroupRetention",
    "GroupTalentOutcomes",
    "LogRankTest",
    "PurposeProgress",
    "RetentionCurve",
    "RetentionCurves",
    "RetentionSummary",
    "RoleBalance",
    "Suppressed",
    "TalentOutcomes",
    "attrition_series",
    "comparison_balance",
    "engagement_summary",
    "facts_refresh_row",
    "facts_status",
    "facts_status_of",
    "is_suppressed",
    "purpose_progress",
    "purpose_progress_of_programs",
    "retention_curves",
    "retention_summary",
    "talent_outcomes",
]
