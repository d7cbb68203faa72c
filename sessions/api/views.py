"""The mentoring API: meetings, learning sessions, attendance, pair health.

Meetings: a member of a pair lists their own pairs' meetings with content; managers and HR
(``mentoring.oversee``) list every meeting of the organization, metadata only, plus content for
pairs they are themselves in. Learning sessions: managers and HR see all; others the sessions
of their cohorts meant for them. Attendance: managers and HR. Pair health: managers and admins.
"""

from django.db.models import Count, Prefetch
from django.http import Http404
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from cohorts.models import Cohort, CohortStatus
from matching.models import Pair, PairStatus
from organizations.api.base import OrganizationAPIMixin, OrganizationReadOnlyViewSet
from organizations.api.filters import ID_SCHEMA
from organizations.page_cache import cached_api_get
from organizations.roles import Permission, role_has_permission
from sessions.access import current_memberships
from sessions.api.filters import AttendanceFilter, LearningSessionFilter, MeetingFilter, PairHealthFilter
from sessions.api.pair_health import ROW_VALUES, CountedRows, pair_health_rows
from sessions.api.serializers import (
    AttendanceSerializer,
    LearningSessionSerializer,
    MeetingSerializer,
    PairHealthSerializer,
)
from sessions.facts import cohort_pair_facts
from sessions.models import ActionItem, Attendance, LearningSession, Meeting, SessionMaterial
from sessions.selectors import audience_filter
from sessions.stored_facts import ensure_fresh, stored_rows


def _user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class MeetingViewSet(OrganizationReadOnlyViewSet):
    """Meetings: content for the people in the pair, metadata (when, how long, status) for
    program managers and HR. Never private notes."""

    permission = Permission.MENTORING_PARTICIPATE
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter

    def _my_pair_ids(self) -> set[int]:
        if not hasattr(self, "_pair_ids"):
            self._pair_ids = set(current_memberships(_user(self.request)).values_list("pair_id", flat=True))
        return self._pair_ids

    def get_queryset(self):
        meetings = Meeting.objects.select_related("pair").prefetch_related(
            Prefetch("action_items", queryset=ActionItem.objects.order_by("done", "due_on", "pk"))
        )
        if not role_has_permission(getattr(self, "role", ""), Permission.MENTORING_OVERSEE):
            meetings = meetings.filter(pair_id__in=self._my_pair_ids())
        return meetings.order_by("-starts_at", "-pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "role", None):
            context["my_pair_ids"] = self._my_pair_ids()
        return context


class LearningSessionViewSet(OrganizationReadOnlyViewSet):
    """Learning sessions with their materials, discussion guide and attendance count."""

    permission = Permission.MENTORING_PARTICIPATE
    serializer_class = LearningSessionSerializer
    filterset_class = LearningSessionFilter

    def get_queryset(self):
        sessions = LearningSession.objects.annotate(attended_count=Count("attendances")).prefetch_related(
            Prefetch("materials", queryset=SessionMaterial.objects.order_by("created_at", "pk"))
        )
        if not role_has_permission(getattr(self, "role", ""), Permission.MENTORING_OVERSEE):
            sessions = sessions.filter(audience_filter(_user(self.request)))
        return sessions.order_by("starts_at", "pk")


class AttendanceViewSet(OrganizationReadOnlyViewSet):
    """Who attended which learning session, marked by a manager or reported by the participant."""

    permission = Permission.MENTORING_OVERSEE
    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilter

    def get_queryset(self):
        return Attendance.objects.select_related("participant__employee").order_by(
            "session_id", "participant_id"
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("cohort", ID_SCHEMA, description="Only this cohort's pairs."),
        ]
    ),
    retrieve=extend_schema(parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)]),
)
class PairHealthViewSet(OrganizationAPIMixin, viewsets.GenericViewSet):
    """Each active pair's meetings held vs expected, goal progress, attendance, check-in
    average and health (not started, healthy, at risk, stalled) with the reasons. Metadata only, and for
    program managers and admins only: HR reads cohort aggregates in analytics."""

    permission = Permission.MENTORING_HEALTH
    serializer_class = PairHealthSerializer
    filter_backends: list = []

    def get_queryset(self):
        return Pair.objects.filter(status=PairStatus.ACTIVE)

    @cached_api_get
    def list(self, request, *args, **kwargs):
        cohorts = Cohort.objects.filter(status=CohortStatus.ACTIVE).select_related("program", "organization")
        filters = PairHealthFilter(request.query_params, queryset=cohorts)
        if not filters.is_valid():
            raise translate_validation(filters.errors)
        # The stored facts (sessions/stored_facts.py), refreshed first where stale, paginated in
        # SQL: ordered as the live facts are (by cohort, then publishing), a page read at a time,
        # its rows built from plain values (sessions/api/pair_health.py: what the serializer gives).
        cohorts = list(filters.qs)
        figures = ensure_fresh(cohorts)
        rows = stored_rows(cohorts).order_by("cohort_id", "pair__published_at", "pair_id").values(*ROW_VALUES)
        if len(figures) == len(cohorts):  # none refreshed just now: their rows are counted already
            rows = CountedRows(rows, sum(counted["total"] for counted in figures.values()))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(pair_health_rows(page))

    def retrieve(self, request, *args, **kwargs):
        pair = (
            self.get_queryset()
            .select_related("cohort__program", "cohort__organization")
            .filter(pk=kwargs["pk"])
            .first()
        )
        if pair is None:
            raise Http404("No such pair")
        facts = cohort_pair_facts(cohort=pair.cohort, pairs=[pair])
        return Response(self.get_serializer(facts[0]).data)
