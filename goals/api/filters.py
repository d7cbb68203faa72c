"""API filters, declared explicitly (automatic Meta.fields would query outside the scope)."""

import django_filters

from goals.models import GoalPlan
from matching.models import MemberRole
from organizations.api.filters import IdFilter, StrictFilterSet


class GoalPlanFilter(StrictFilterSet):
    cohort = IdFilter(field_name="member__pair__cohort_id")
    pair = IdFilter(field_name="member__pair_id")
    role = django_filters.ChoiceFilter(field_name="member__role", choices=MemberRole.choices)

    class Meta:
        model = GoalPlan
        fields: list[str] = []
