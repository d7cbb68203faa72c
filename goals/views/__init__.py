"""Goal plan pages, split by subject (see each module's docstring)."""

from goals.views.goal_edits import check_in_create, goal_create, goal_delete, goal_edit
from goals.views.milestones import milestone_complete, milestone_create, milestone_delete, milestone_reopen
from goals.views.partners import partner, partner_link_renew, partner_link_revoke, shared_plan
from goals.views.plans import cohort_progress, home, plan

__all__ = [
    "check_in_create",
    "cohort_progress",
    "goal_create",
    "goal_delete",
    "goal_edit",
    "home",
    "milestone_complete",
    "milestone_create",
    "milestone_delete",
    "milestone_reopen",
    "partner",
    "partner_link_renew",
    "partner_link_revoke",
    "plan",
    "shared_plan",
]
