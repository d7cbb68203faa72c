"""Writes to goal plans, split by subject: plans.py (goals, milestones, check-ins and their
rules), partners.py (the accountability partner and the outside partner's link), ownership.py
(only the owner writes). The public services are re-exported here."""

from goals.services.partners import (
    OUTSIDE_LINK_DAYS,
    accountability_link_notify,
    accountability_link_renew,
    accountability_link_revoke,
    accountability_partner_for_token_across_organizations,
    accountability_partner_set,
    partner_link_token_hash,
    partner_link_url,
)
from goals.services.plans import (
    MAX_TARGET_YEARS,
    goal_check_in,
    goal_create,
    goal_delete,
    goal_status_set,
    goal_update,
    milestone_complete,
    milestone_create,
    milestone_delete,
    milestone_reopen,
)

__all__ = [
    "MAX_TARGET_YEARS",
    "OUTSIDE_LINK_DAYS",
    "accountability_link_renew",
    "accountability_link_revoke",
    "accountability_link_notify",
    "accountability_partner_for_token_across_organizations",
    "accountability_partner_set",
    "goal_check_in",
    "goal_create",
    "goal_delete",
    "goal_status_set",
    "goal_update",
    "milestone_complete",
    "milestone_create",
    "milestone_delete",
    "milestone_reopen",
    "partner_link_token_hash",
    "partner_link_url",
]
