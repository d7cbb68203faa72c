"""API filters, declared explicitly (automatic Meta.fields would query outside the scope)."""

import django_filters

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from organizations.api.filters import IdFilter, StrictFilterSet, TextFilter, WholeNumberFilter
from programs.models import ApplicantRole


class CohortFilter(StrictFilterSet):
    program = IdFilter(field_name="program_id")
    status = django_filters.ChoiceFilter(choices=CohortStatus.choices)

    class Meta:
        model = Cohort
        fields: list[str] = []


class ParticipantFilter(StrictFilterSet):
    cohort = IdFilter(field_name="cohort_id")
    program = IdFilter(field_name="cohort__program_id")
    role = django_filters.ChoiceFilter(choices=ApplicantRole.choices)
    status = django_filters.ChoiceFilter(choices=ParticipantStatus.choices)
    department = TextFilter(field_name="employee__department")
    level = WholeNumberFilter(field_name="employee__level")

    class Meta:
        model = Participant
        fields: list[str] = []
