"""Roster loads through the API: an HR system posts the same CSV a person would upload."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from organizations.api.base import OrganizationAPIMixin
from organizations.models import RosterLoad
from organizations.services.roster_import import (
    RosterInvalid,
    roster_default_effective_date,
    roster_import,
    roster_preview,
)


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


class RosterErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    file_errors = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.DictField())


def _error_report(error: RosterInvalid) -> dict:
    preview = error.preview
    return {
        "detail": str(error),
        "file_errors": list(preview.file_errors),
        "rows": [
            {"line": row.line, "external_id": row.external_id, "errors": list(row.messages)}
            for row in preview.errors
        ],
    }


class RosterLoadViewSet(
    OrganizationAPIMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Applied roster loads, newest first; POST a CSV file to load one (all or nothing)."""

    permission = "roster.view"
    action_permissions = {"create": "roster.load"}
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        return (
            RosterLoad.objects.filter(status=RosterLoad.Status.APPLIED)
            .select_related("loaded_by")
            .order_by("-applied_at", "-id")
        )

    def get_serializer_class(self):
        return RosterLoadInputSerializer if self.action == "create" else RosterLoadSerializer

    @extend_schema(
        request=RosterLoadInputSerializer,
        responses={
            201: RosterLoadSerializer,
            200: OpenApiResponse(description="dry_run: the counts the load would have."),
            400: RosterErrorSerializer,
        },
    )
    def create(self, request, *args, **kwargs):
        incoming = RosterLoadInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        upload = incoming.validated_data["file"]
        content = upload.read()
        if incoming.validated_data["dry_run"]:
            preview = roster_preview(organization=self.organization, content=content)
            if not preview.is_valid:
                return Response(_error_report(RosterInvalid(preview)), status=status.HTTP_400_BAD_REQUEST)
            return Response({"dry_run": True, **preview.counts})
        try:
            load = roster_import(
                organization=self.organization,
                actor=request.user if request.user.is_authenticated else None,
                content=content,
                filename=upload.name or "",
                source=RosterLoad.Source.API,
                effective_date=incoming.validated_data.get("effective_date")
                or roster_default_effective_date(self.organization),
            )
        except RosterInvalid as error:
            return Response(_error_report(error), status=status.HTTP_400_BAD_REQUEST)
        return Response(RosterLoadSerializer(load).data, status=status.HTTP_201_CREATED)
