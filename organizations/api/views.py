from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.filters import OrderingFilter, SearchFilter

from organizations.api.base import OrganizationAPIMixin, OrganizationReadOnlyViewSet
from organizations.api.filters import EmployeeFilter
from organizations.api.serializers import EmployeeSerializer, OrganizationSerializer
from organizations.models import Employee


@extend_schema(summary="The organization the URL names")
class OrganizationDetailView(OrganizationAPIMixin, generics.RetrieveAPIView):
    permission = "organization.view"
    serializer_class = OrganizationSerializer

    def get_object(self):
        return self.organization


class EmployeeViewSet(OrganizationReadOnlyViewSet):
    """The HR roster, for HR analysts and admins (and API keys with such a role)."""

    permission = "roster.view"
    serializer_class = EmployeeSerializer
    filter_backends = [DjangoFilterBackend, SearchFilter, OrderingFilter]
    filterset_class = EmployeeFilter
    search_fields = ["name", "email", "external_id"]
    ordering_fields = ["name", "hire_date", "level", "department"]
    ordering = ["name"]

    def get_queryset(self):
        return Employee.objects.select_related("manager").order_by("name", "id")
