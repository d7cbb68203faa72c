"""API filters, declared explicitly (automatic Meta.fields would query outside the scope)."""

import django_filters

from organizations.api.filters import DayFilter, IdFilter, StrictFilterSet, TextFilter, WholeNumberFilter
from programs.models import (
    ApplicantRole,
    Application,
    ApplicationStatus,
    Program,
    ProgramStatus,
    Purpose,
    Structure,
)


class ProgramFilter(StrictFilterSet):
    status = django_filters.ChoiceFilter(choices=ProgramStatus.choices)
    purpose = django_filters.ChoiceFilter(choices=Purpose.choices)
    structure = django_filters.ChoiceFilter(choices=Structure.choices)
    starts_after = DayFilter(field_name="start_date", lookup_expr="gte")

    class Meta:
        model = Program
        fields: list[str] = []


class ApplicationFilter(StrictFilterSet):
    program = IdFilter(field_name="program_id")
    role = django_filters.ChoiceFilter(choices=ApplicantRole.choices)
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices)
    eligible = django_filters.BooleanFilter()
    department = TextFilter(field_name="employee__department")
    level = WholeNumberFilter(field_name="employee__level")

    class Meta:
        model = Application
        fields: list[str] = []
