from drf_spectacular.utils import extend_schema
from rest_framework import generics

from organizations.api.base import OrganizationAPIMixin
from organizations.api.serializers import OrganizationSerializer
from organizations.roles import Permission


@extend_schema(summary="The organization the URL names")
class OrganizationDetailView(OrganizationAPIMixin, generics.RetrieveAPIView):
    permission = Permission.ORGANIZATION_VIEW
    serializer_class = OrganizationSerializer

    def get_object(self):
        return self.organization
