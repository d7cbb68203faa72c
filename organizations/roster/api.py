"""The roster through the API: employees to read, and loads an HR system posts (the same CSV a
person would upload). A posted file is checked at once (400 with every problem); a valid one
is applied in the background: the answer is 202 with the load's status URL, which reports its
progress and ends applied (with its counts) or failed (with the same per-row report)."""

import django_filters
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from organizations.api.base import OrganizationAPIMixin, OrganizationReadOnlyViewSet
from organizations.api.filters import (
    DayFilter,
    SearchFilter,
    StrictFilterSet,
    TextFilter,
    WholeNumberFilter,
)
from organizations.models import APIKey, Employee, RosterLoad, TerminationType, User
from organizations.roles import Permission
from organizations.roster.loads import (
    RosterInvalid,
    roster_default_effective_date,
    roster_load_create,
    roster_load_queue,
    roster_preview,
    roster_problems_report,
)
from organizations.roster.progress import load_progress
from organizations.uploads import declared_size, declared_too_large


# Filters are declared explicitly: django-filter's automatic ``Meta.fields`` builds a queryset
# from the default (scoped) manager at import time, outside any scope.
class EmployeeFilter(StrictFilterSet):
    department = TextFilter()
    level = WholeNumberFilter()
    location = TextFilter()
    termination_type = django_filters.ChoiceFilter(choices=TerminationType.choices)
    active = django_filters.BooleanFilter(field_name="termination_date", lookup_expr="isnull")
    hired_after = DayFilter(field_name="hire_date", lookup_expr="gte")
    hired_before = DayFilter(field_name="hire_date", lookup_expr="lte")

    class Meta:
        model = Employee
        fields: list[str] = []


class EmployeeSerializer(serializers.ModelSerializer):
    manager_external_id = serializers.CharField(
        source="manager.external_id", default=None, allow_null=True, read_only=True
    )
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Employee
        fields = [
            "id",
            "external_id",
            "name",
            "email",
            "department",
            "level",
            "location",
            "manager_external_id",
            "hire_date",
            "performance_rating",
            "termination_date",
            "termination_type",
            "is_active",
        ]


class EmployeeViewSet(OrganizationReadOnlyViewSet):
    """The HR roster, for HR analysts and admins (and API keys with such a role)."""

    permission = Permission.ROSTER_VIEW
    serializer_class = EmployeeSerializer
    filter_backends = [DjangoFilterBackend, SearchFilter, OrderingFilter]
    filterset_class = EmployeeFilter
    search_fields = ["name", "email", "external_id"]
    # Each ordering has an index (organizations/models/roster.py), as does the default one.
    ordering_fields = ["name", "hire_date", "level", "department"]
    ordering = ["name", "external_id"]

    def get_queryset(self):
        return Employee.objects.select_related("manager").order_by("name", "external_id")


class RosterLoadInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The roster as UTF-8 CSV (same columns as the upload page).")
    effective_date = serializers.DateField(
        required=False, help_text="The date the roster describes; default today in the organization."
    )
    dry_run = serializers.BooleanField(
        default=False, help_text="Validate and report what would change, store nothing."
    )


class RosterLoadSerializer(serializers.ModelSerializer):
    loaded_by = serializers.EmailField(source="loaded_by.email", default=None, read_only=True)

    class Meta:
        model = RosterLoad
        fields = [
            "id",
            "source",
            "filename",
            "effective_date",
            "row_count",
            "created_count",
            "updated_count",
            "unchanged_count",
            "loaded_by",
            "applied_at",
        ]


class RosterRowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    external_id = serializers.CharField()
    errors = serializers.ListField(child=serializers.CharField())


class RosterErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    file_errors = serializers.ListField(child=serializers.CharField())
    rows = RosterRowErrorSerializer(many=True)
    effective_date = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Only when the effective date is refused."
    )


class RosterLoadProgressSerializer(serializers.Serializer):
    stage = serializers.CharField(
        help_text="waiting, reading, comparing, staging, employees, history or links."
    )
    label = serializers.CharField(help_text="The stage in words.")
    percent = serializers.IntegerField(min_value=0, max_value=100)
    done = serializers.IntegerField(help_text="Rows done in this stage.")
    total = serializers.IntegerField(help_text="Rows this stage has (0 while waiting).")


class RosterLoadStatusSerializer(RosterLoadSerializer):
    status = serializers.ChoiceField(
        choices=RosterLoad.Status.choices,
        help_text="queued until the background load ends, then applied or failed (pending: awaiting "
        "confirmation in the browser).",
    )
    progress = serializers.SerializerMethodField(help_text="While queued: how far the load has got.")
    report = serializers.SerializerMethodField(
        help_text="When failed: why nothing was changed, with every problem by line."
    )
    status_url = serializers.SerializerMethodField(help_text="This load's status: GET it again to follow it.")

    class Meta(RosterLoadSerializer.Meta):
        fields = [
            *RosterLoadSerializer.Meta.fields,
            "status",
            "created_at",
            "progress",
            "report",
            "status_url",
        ]

    def get_status_url(self, load) -> str:
        view = self.context["view"]
        path = reverse("api-roster-load-detail", kwargs={"org_slug": view.organization.slug, "pk": load.pk})
        return self.context["request"].build_absolute_uri(path)

    @extend_schema_field(RosterLoadProgressSerializer(allow_null=True))
    def get_progress(self, load) -> dict | None:
        if load.status != RosterLoad.Status.QUEUED:
            return None
        progress = load_progress(load.pk)
        return {
            "stage": progress.stage,
            "label": progress.label,
            "percent": progress.percent,
            "done": progress.done,
            "total": progress.total,
        }

    @extend_schema_field(RosterErrorSerializer(allow_null=True))
    def get_report(self, load) -> dict | None:
        return load.report if load.status == RosterLoad.Status.FAILED else None


class RosterDryRunSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(help_text="Always true: nothing was stored.")
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = serializers.IntegerField()


class RosterFileTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "file_too_large"

    def __init__(self, size: int):
        limit = settings.ROSTER_UPLOAD_MAX_BYTES
        super().__init__(
            f"This upload is {filesizeformat(size)}; the largest roster file is {filesizeformat(limit)}. "
            "Nothing was stored."
        )


class RosterLoadViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Applied roster loads, newest first; POST a CSV file to load one (all or nothing, in the
    background); GET one load's status, progress and, when it failed, its report."""

    permission = Permission.ROSTER_VIEW
    action_permissions = {"create": Permission.ROSTER_LOAD}
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        loads = RosterLoad.objects.select_related("loaded_by")
        if self.action == "retrieve":
            return loads
        return loads.filter(status=RosterLoad.Status.APPLIED).order_by("-applied_at", "-id")

    def get_serializer_class(self):
        if self.action == "create":
            return RosterLoadInputSerializer
        return RosterLoadStatusSerializer if self.action == "retrieve" else RosterLoadSerializer

    def initial(self, request, *args, **kwargs):
        # Before authentication: a session's CSRF check would read (and parse) the whole body.
        if self.action == "create" and declared_too_large(request, settings.ROSTER_UPLOAD_MAX_BYTES):
            raise RosterFileTooLarge(declared_size(request))
        super().initial(request, *args, **kwargs)

    @extend_schema(
        request=RosterLoadInputSerializer,
        responses={
            202: OpenApiResponse(
                RosterLoadStatusSerializer,
                description="The file is valid and its load has started in the background. The Location "
                "header (and status_url) is the load's status: GET it until status is applied or failed.",
            ),
            200: OpenApiResponse(
                RosterDryRunSerializer, description="dry_run: the counts the load would have."
            ),
            # Or, before the file is read (no file, a malformed form), the field errors every
            # operation documents (organizations/api/schema.py).
            400: RosterErrorSerializer,
            413: OpenApiResponse(description="The file is larger than ROSTER_UPLOAD_MAX_BYTES."),
        },
    )
    def create(self, request, *args, **kwargs):
        incoming = RosterLoadInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        upload = incoming.validated_data["file"]
        if upload.size > settings.ROSTER_UPLOAD_MAX_BYTES:  # sent without a Content-Length
            raise RosterFileTooLarge(upload.size)
        content = upload.read()
        effective_date = incoming.validated_data.get("effective_date") or roster_default_effective_date(
            self.organization
        )
        if incoming.validated_data["dry_run"]:
            preview = roster_preview(
                organization=self.organization, content=content, effective_date=effective_date
            )
            if not preview.is_valid:
                return Response(
                    roster_problems_report(RosterInvalid(preview)), status=status.HTTP_400_BAD_REQUEST
                )
            return Response({"dry_run": True, **preview.counts})
        # A key acts as itself (the audit log names it); a signed-in person as themselves.
        actor = request.auth if isinstance(request.auth, APIKey) else request.user
        load, preview = roster_load_create(
            organization=self.organization,
            actor=actor if isinstance(actor, User) else None,
            content=content,
            filename=upload.name or "",
            source=RosterLoad.Source.API,
            effective_date=effective_date,
        )
        if load is None:
            return Response(
                roster_problems_report(RosterInvalid(preview)), status=status.HTTP_400_BAD_REQUEST
            )
        roster_load_queue(load=load, actor=actor)
        load.refresh_from_db()  # in-process (no broker), the load has run already
        body = RosterLoadStatusSerializer(load, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]})
