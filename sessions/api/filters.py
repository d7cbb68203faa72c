"""API filters, declared explicitly (automatic Meta.fields would query outside the scope)."""

import django_filters

from cohorts.models import Cohort
from organizations.api.filters import IdFilter, MomentFilter, StrictFilterSet
from sessions.models import Attendance, LearningSession, Meeting, MeetingStatus, SessionAudience, SessionKind


class MeetingFilter(StrictFilterSet):
    pair = IdFilter(field_name="pair_id")
    cohort = IdFilter(field_name="pair__cohort_id")
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices)
    starts_after = MomentFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = MomentFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Meeting
        fields: list[str] = []


class LearningSessionFilter(StrictFilterSet):
    cohort = IdFilter(field_name="cohort_id")
    kind = django_filters.ChoiceFilter(choices=SessionKind.choices)
    audience = django_filters.ChoiceFilter(choices=SessionAudience.choices)
    starts_after = MomentFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = MomentFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = LearningSession
        fields: list[str] = []


class AttendanceFilter(StrictFilterSet):
    session = IdFilter(field_name="session_id")
    cohort = IdFilter(field_name="session__cohort_id")
    participant = IdFilter(field_name="participant_id")

    class Meta:
        model = Attendance
        fields: list[str] = []


class PairHealthFilter(StrictFilterSet):
    """The pair-health list's filter, on the active cohorts whose pairs it reports."""

    cohort = IdFilter(field_name="pk", error_messages={"invalid": "Give a cohort id (a whole number)."})

    class Meta:
        model = Cohort
        fields: list[str] = []
