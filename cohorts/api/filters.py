"""API filters, declared explicitly (automatic Meta.fields would query outside the scope)."""

import django_filters

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from programs.models import ApplicantRole


class CohortFilter(django_filters.FilterSet):
    program = django_filters.NumberFilter(field_name="program_id")
    status = django_filters.ChoiceFilter(choices=CohortStatus.choices)

    class Meta:
        model = Cohort
        fields: list[str] = []


class ParticipantFilter(django_filters.FilterSet):
    cohort = django_filters.NumberFilter(field_name="cohort_id")
    program = django_filters.NumberFilter(field_name="cohort__program_id")
    role = django_filters.ChoiceFilter(choices=ApplicantRole.choices)
    status = django_filters.ChoiceFilter(choices=ParticipantStatus.choices)
    department = django_filters.CharFilter(field_name="employee__department")
    level = django_filters.NumberFilter(field_name="employee__level")

    class Meta:
        model = Participant
        fields: list[str] = []
