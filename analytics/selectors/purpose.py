"""A program's purpose target against what the facts measure."""

from analytics.selectors.types import PurposeProgress
from programs.models import Program, Purpose

# Which twelve-month figure measures each purpose (see PurposeProgress.measure).
PURPOSE_MEASURES: dict[str, str] = {
    Purpose.RETENTION: "voluntary_attrition_12m",
    Purpose.ENGAGEMENT: "retention_12m",
    Purpose.INCLUSION: "retention_12m",
    Purpose.ONBOARDING: "retention_12m",
    Purpose.KNOWLEDGE_TRANSFER: "retention_12m",
    Purpose.LEADERSHIP_PIPELINE: "promotion_rate_12m",
    Purpose.CUSTOM: "",
}


def purpose_progress(*, program: Program) -> PurposeProgress:
    """The program's target (baseline, target, date) next to its participants' measured figure
    and the same figure for their comparison group and non-participants. Two queries."""
    raise NotImplementedError
