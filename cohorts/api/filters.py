"""API filters, declared explicitly (automatic Meta.fields would query outside the scope)."""

import django_filters

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from organizations.api.filters import IntegerFilter, StrictFilterSet
from programs.models import ApplicantRole


class CohortFilter(StrictFilterSet):
    program = IntegerFilter(field_name="program_id")
    status = django_filters.ChoiceFilter(choices=CohortStatus.choices)

    class Meta:
        model = Cohort
        fields: list[str] = []


class ParticipantFilter(StrictFilterSet):
    cohort = IntegerFilter(field_name="cohort_id")
    program = IntegerFilter(field_name="cohort__program_id")
    role = django_filters.ChoiceFilter(choices=ApplicantRole.choices)
    status = django_filters.ChoiceFilter(choices=ParticipantStatus.choices)
    department = django_filters.CharFilter(field_name="employee__department")
    level = IntegerFilter(field_name="employee__level")

    class Meta:
        model = Participant
        fields: list[str] = []
