from django.db.models import Prefetch
from rest_framework.filters import OrderingFilter

from organizations.api.base import OrganizationReadOnlyViewSet
from organizations.api.filters import SearchFilter
from organizations.roles import Permission
from programs.api.filters import ApplicationFilter, ProgramFilter
from programs.api.serializers import ApplicationSerializer, ProgramSerializer
from programs.models import Application, EligibilityRule, Program, ProgramPhase


class ProgramViewSet(OrganizationReadOnlyViewSet):
    """Programs with their phases and eligibility rules."""

    permission = Permission.PROGRAMS_READ
    serializer_class = ProgramSerializer
    filterset_class = ProgramFilter
    filter_backends = [*OrganizationReadOnlyViewSet.filter_backends, SearchFilter, OrderingFilter]
    search_fields = ["name"]
    ordering_fields = ["start_date", "name", "created_at"]

    def get_queryset(self):
        return Program.objects.prefetch_related(
            Prefetch("phases", queryset=ProgramPhase.objects.order_by("date", "order")),
            Prefetch("eligibility_rules", queryset=EligibilityRule.objects.order_by("applies_to", "id")),
        ).order_by("-start_date", "name", "id")


class ApplicationViewSet(OrganizationReadOnlyViewSet):
    """Applications with eligibility results; the applicant's answers only for managers."""

    permission = Permission.PROGRAMS_READ
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self):
        return Application.objects.select_related("employee").order_by("created_at", "id")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "role": getattr(self, "role", None)}
