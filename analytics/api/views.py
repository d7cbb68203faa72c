"""The HR analytics API: the dashboard's figures as JSON, under /api/v1/o/<org>/analytics/.

Every view parses the same filters as the dashboard (``analytics/filters.py``), reads the same
selectors, and answers numbers only. Who may ask for what is ``analytics/access.py``; an API key
needs the ``analytics.read`` scope (``organizations/roles.py``).
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from analytics import selectors
from analytics.access import analytics_programs, analytics_reach
from analytics.api import descriptions
from analytics.api.pagination import CURSOR, PAGE_SIZE, ListCursorPage
from analytics.api.serializers import (
    MONTH_PATTERN,
    AttritionPageSerializer,
    CurvesSerializer,
    EngagementPageSerializer,
    LineMonth,
    PurposePageSerializer,
    RetentionSerializer,
    StatusSerializer,
    TalentSerializer,
)
from analytics.api.throttling import AnalyticsRateThrottle
from analytics.filters import EVENT_CHOICES, AnalyticsFilterForm
from organizations.api.base import OrganizationAPIMixin
from organizations.api.filters import UNREADABLE
from organizations.api.throttling import CallerRateThrottle
from organizations.page_cache import cached_api_get
from organizations.roles import Permission

FILTERS = [
    OpenApiParameter("program", int, description="Only this program: its participants and comparison."),
    OpenApiParameter("cohort", int, description="Only this cohort."),
    OpenApiParameter("department", str, description="Only people in this department on the day counted."),
    OpenApiParameter("level", int, description="Only people at this level on the day counted."),
    OpenApiParameter("start", str, pattern=MONTH_PATTERN, description="First month, YYYY-MM."),
    OpenApiParameter("end", str, pattern=MONTH_PATTERN, description="Last month, YYYY-MM."),
    OpenApiParameter("role", str, enum=["mentee", "mentor"], description="Mentees or mentors only."),
]
PAGES = [
    OpenApiParameter(
        PAGE_SIZE,
        {"type": "integer", "minimum": 1, "maximum": 60},
        description="Months (or programs) per page, 1–60; default 12.",
    ),
    OpenApiParameter(CURSOR, str, description="Where the page starts: follow next/previous."),
]
BY = OpenApiParameter(
    "by", str, enum=["department", "level"], description="Rows per department or level too."
)
EVENT = OpenApiParameter(
    "event",
    str,
    enum=[value for value, _ in EVENT_CHOICES],
    description="all (default) or voluntary.",
)
DEFAULT_PAGE, MAX_PAGE = 12, 60
REFUSALS = {
    400: OpenApiResponse(
        description='A filter is not valid: each wrong field with what is wrong, e.g. {"level": '
        '["Choose one of the listed levels."]}.'
    ),
    403: OpenApiResponse(
        description="The role, or the API key's scopes (analytics.read), do not allow this."
    ),
    404: OpenApiResponse(description="No such organization, or not yours."),
}


class AnalyticsAPIView(OrganizationAPIMixin, generics.GenericAPIView):
    """Base of the analytics endpoints: declared permission, own throttle, parsed filters."""

    permission = Permission.ANALYTICS_PROGRAMS
    throttle_classes = [CallerRateThrottle, AnalyticsRateThrottle]
    filter_backends: list = []
    pagination_class = None
    paginated = False

    def parse(self) -> tuple[AnalyticsFilterForm, ListCursorPage | None]:
        """The filters (and page), or a 400 listing every field that is wrong."""
        reach = analytics_reach(self.role)
        self.status = selectors.facts_status(organization=self.organization)
        form = AnalyticsFilterForm(self.request.query_params, reach=reach, status=self.status)
        page = (
            ListCursorPage(self.request, default_size=DEFAULT_PAGE, max_size=MAX_PAGE)
            if self.paginated
            else None
        )
        errors = {} if form.is_valid() else {name: list(messages) for name, messages in form.errors.items()}
        if page is not None:
            errors.update(page.errors)
        # The dashboard's form reads an empty choice as "all"; through the API a parameter given
        # with no value is refused, as every API filter refuses it (organizations/api/filters.py).
        known = {*form.fields, PAGE_SIZE, CURSOR}
        given = self.request.query_params.items()
        errors.update({name: [UNREADABLE] for name, value in given if name in known and not value})
        if errors:
            raise ValidationError(errors)
        return form, page


@extend_schema(
    summary="Monthly attrition",
    description=descriptions.ATTRITION,
    parameters=[*FILTERS, BY, *PAGES],
    responses={200: AttritionPageSerializer, **REFUSALS},
)
class AttritionView(AnalyticsAPIView):
    serializer_class = AttritionPageSerializer
    paginated = True

    def get(self, request, *args, **kwargs):
        form, page = self.parse()
        series = selectors.attrition_series(
            organization=self.organization, filters=form.analytics_filter(), by=form.breakdown
        )
        # Every line has one row per month of the period, in the same order.
        months = [m.month for m in series.lines[0].months] if series.lines else []
        shown = set(page.slice(months))
        rows = [
            LineMonth(line.group, line.segment, line.months[i])
            for i, month in enumerate(months)
            if month in shown
            for line in series.lines
        ]
        data = {
            "next": page.next,
            "previous": page.previous,
            "as_of": series.as_of,
            "min_group_size": series.min_group_size,
            "period_start": series.period_start,
            "period_end": series.period_end,
            "by": series.by,
            "annualized": list(series.lines),
            "results": rows,
        }
        return Response(self.get_serializer(data).data)


@extend_schema(
    summary="Twelve-month retention",
    description=descriptions.RETENTION,
    parameters=FILTERS,
    responses={200: RetentionSerializer, **REFUSALS},
)
class RetentionView(AnalyticsAPIView):
    serializer_class = RetentionSerializer

    @cached_api_get
    def get(self, request, *args, **kwargs):
        form, _ = self.parse()
        summary = selectors.retention_summary(organization=self.organization, filters=form.analytics_filter())
        return Response(self.get_serializer(summary).data)


@extend_schema(
    summary="Retention curves (Kaplan–Meier)",
    description=descriptions.CURVES,
    parameters=[*FILTERS, EVENT],
    responses={200: CurvesSerializer, **REFUSALS},
)
class CurvesView(AnalyticsAPIView):
    serializer_class = CurvesSerializer

    @cached_api_get
    def get(self, request, *args, **kwargs):
        form, _ = self.parse()
        curves = selectors.retention_curves(
            organization=self.organization, filters=form.analytics_filter(), event=form.survival_event
        )
        return Response(self.get_serializer(curves).data)


@extend_schema(
    summary="Talent outcomes",
    description=descriptions.TALENT,
    parameters=FILTERS,
    responses={200: TalentSerializer, **REFUSALS},
)
class TalentView(AnalyticsAPIView):
    serializer_class = TalentSerializer

    @cached_api_get
    def get(self, request, *args, **kwargs):
        form, _ = self.parse()
        outcomes = selectors.talent_outcomes(organization=self.organization, filters=form.analytics_filter())
        return Response(self.get_serializer(outcomes).data)


@extend_schema(
    summary="Engagement",
    description=descriptions.ENGAGEMENT,
    parameters=[*FILTERS, *PAGES],
    responses={200: EngagementPageSerializer, **REFUSALS},
)
class EngagementView(AnalyticsAPIView):
    serializer_class = EngagementPageSerializer
    paginated = True

    def get(self, request, *args, **kwargs):
        form, page = self.parse()
        summary = selectors.engagement_summary(
            organization=self.organization, filters=form.analytics_filter()
        )
        data = {
            "results": page.slice(summary.months),
            "next": page.next,
            "previous": page.previous,
            "as_of": summary.as_of,
            "min_group_size": summary.min_group_size,
            "meetings_per_pair_per_month": summary.meetings_per_pair_per_month,
            "goals": summary.goals,
        }
        return Response(self.get_serializer(data).data)


@extend_schema(
    summary="Purpose targets against actual",
    description=descriptions.PURPOSE,
    parameters=[*FILTERS, *PAGES],
    responses={200: PurposePageSerializer, **REFUSALS},
)
class PurposeView(AnalyticsAPIView):
    serializer_class = PurposePageSerializer
    paginated = True

    def get(self, request, *args, **kwargs):
        form, page = self.parse()
        programs = list(analytics_programs(reach=analytics_reach(self.role)))
        if form.cleaned_data.get("program") is not None:
            programs = [p for p in programs if p.pk == form.cleaned_data["program"]]
        results = selectors.purpose_progress_of_programs(
            organization=self.organization, programs=page.slice(programs)
        )
        data = {"results": results, "next": page.next, "previous": page.previous}
        return Response(self.get_serializer(data).data)


@extend_schema(
    summary="What the figures cover",
    description=descriptions.STATUS,
    responses={200: StatusSerializer, **REFUSALS},
)
class StatusView(AnalyticsAPIView):
    serializer_class = StatusSerializer

    def get(self, request, *args, **kwargs):
        status = selectors.facts_status(organization=self.organization)
        return Response(self.get_serializer(status).data)
