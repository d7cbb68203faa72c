"""Reads of goal plans, split by what the reader may see.

Two kinds of reads, never mixed:

- **Content** (``goal_plan_view``, ``goal_plans_for_pair``, ``pair_goals``, ``pair_wins``):
  the plan's words. Each takes the ``viewer`` and returns only the plans that person may
  read (``goals/access.py``); there is no variant without a viewer.
- **Metadata** (``goal_progress_summary``, ``goal_progress_for_pairs``,
  ``goal_progress_for_members``, ``overdue_milestones_count``, ``cohort_goal_aggregates``):
  counts, statuses and dates only, computed in the database, with no text in the result.
  These are what program managers, pair health and the cohort overview use.

Every function runs inside the organization's scope (the request's, or one the caller opened).
"""

from goals.selectors.plans import (
    MyPlans,
    PairGoals,
    PlanView,
    Win,
    default_accountability_partners,
    goal_plan_for_outside_partner,
    goal_plan_view,
    goal_plans_for_pair,
    goal_plans_of_user,
    goal_plans_readable,
    goals_prefetch,
    pair_goals,
    pair_wins,
)
from goals.selectors.progress import (
    CohortGoalAggregate,
    GoalProgress,
    MemberProgress,
    PersonProgress,
    cohort_goal_aggregates,
    cohort_member_progress,
    cohort_people_progress,
    goal_progress_for_members,
    goal_progress_for_pairs,
    goal_progress_summary,
    overdue_milestones_count,
)

__all__ = [
    "CohortGoalAggregate",
    "GoalProgress",
    "MemberProgress",
    "PersonProgress",
    "MyPlans",
    "PairGoals",
    "PlanView",
    "Win",
    "cohort_goal_aggregates",
    "cohort_member_progress",
    "cohort_people_progress",
    "default_accountability_partners",
    "goal_plan_for_outside_partner",
    "goal_plan_view",
    "goal_plans_for_pair",
    "goal_plans_of_user",
    "goal_plans_readable",
    "goal_progress_for_members",
    "goal_progress_for_pairs",
    "goal_progress_summary",
    "goals_prefetch",
    "overdue_milestones_count",
    "pair_goals",
    "pair_wins",
]
