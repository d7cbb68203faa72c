"""API filters, declared explicitly (automatic Meta.fields would query outside the scope)."""

import django_filters

from matching.models import MatchRun, Pair, PairKind, PairStatus, ProposedPair, RunStatus


class MatchRunFilter(django_filters.FilterSet):
    cohort = django_filters.NumberFilter(field_name="cohort_id")
    program = django_filters.NumberFilter(field_name="cohort__program_id")
    status = django_filters.ChoiceFilter(choices=RunStatus.choices)

    class Meta:
        model = MatchRun
        fields: list[str] = []


class ProposedPairFilter(django_filters.FilterSet):
    run = django_filters.NumberFilter(field_name="run_id")
    cohort = django_filters.NumberFilter(field_name="run__cohort_id")
    mentee = django_filters.NumberFilter(field_name="mentee_id")
    mentor = django_filters.NumberFilter(field_name="mentor_id")
    pinned = django_filters.BooleanFilter()
    min_score = django_filters.NumberFilter(field_name="score", lookup_expr="gte")

    class Meta:
        model = ProposedPair
        fields: list[str] = []


class PairFilter(django_filters.FilterSet):
    cohort = django_filters.NumberFilter(field_name="cohort_id")
    program = django_filters.NumberFilter(field_name="cohort__program_id")
    status = django_filters.ChoiceFilter(choices=PairStatus.choices)
    kind = django_filters.ChoiceFilter(choices=PairKind.choices)
    match_run = django_filters.NumberFilter(field_name="match_run_id")

    class Meta:
        model = Pair
        fields: list[str] = []
