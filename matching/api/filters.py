"""API filters, declared explicitly (automatic Meta.fields would query outside the scope)."""

import django_filters

from matching.models import MatchRun, Pair, PairKind, PairStatus, ProposedPair, RunStatus
from organizations.api.filters import DecimalFilter, IdFilter, StrictFilterSet


class MatchRunFilter(StrictFilterSet):
    cohort = IdFilter(field_name="cohort_id")
    program = IdFilter(field_name="cohort__program_id")
    status = django_filters.ChoiceFilter(choices=RunStatus.choices)

    class Meta:
        model = MatchRun
        fields: list[str] = []


class ProposedPairFilter(StrictFilterSet):
    run = IdFilter(field_name="run_id")
    cohort = IdFilter(field_name="run__cohort_id")
    mentee = IdFilter(field_name="mentee_id")
    mentor = IdFilter(field_name="mentor_id")
    pinned = django_filters.BooleanFilter()
    min_score = DecimalFilter(field_name="score", lookup_expr="gte")

    class Meta:
        model = ProposedPair
        fields: list[str] = []


class PairFilter(StrictFilterSet):
    cohort = IdFilter(field_name="cohort_id")
    program = IdFilter(field_name="cohort__program_id")
    status = django_filters.ChoiceFilter(choices=PairStatus.choices)
    kind = django_filters.ChoiceFilter(choices=PairKind.choices)
    match_run = IdFilter(field_name="match_run_id")

    class Meta:
        model = Pair
        fields: list[str] = []
