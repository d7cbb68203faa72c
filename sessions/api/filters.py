"""API filters, declared explicitly (automatic Meta.fields would query outside the scope)."""

import django_filters

from organizations.api.filters import IdFilter, MomentFilter
from sessions.models import Attendance, LearningSession, Meeting, MeetingStatus, SessionAudience, SessionKind


class MeetingFilter(django_filters.FilterSet):
    pair = IdFilter(field_name="pair_id")
    cohort = IdFilter(field_name="pair__cohort_id")
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices)
    starts_after = MomentFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = MomentFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Meeting
        fields: list[str] = []


class LearningSessionFilter(django_filters.FilterSet):
    cohort = IdFilter(field_name="cohort_id")
    kind = django_filters.ChoiceFilter(choices=SessionKind.choices)
    audience = django_filters.ChoiceFilter(choices=SessionAudience.choices)
    starts_after = MomentFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = MomentFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = LearningSession
        fields: list[str] = []


class AttendanceFilter(django_filters.FilterSet):
    session = IdFilter(field_name="session_id")
    cohort = IdFilter(field_name="session__cohort_id")
    participant = IdFilter(field_name="participant_id")

    class Meta:
        model = Attendance
        fields: list[str] = []
