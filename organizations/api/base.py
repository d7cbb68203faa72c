"""The one base every organization-scoped API view inherits.

The organization comes from the URL (``/api/v1/o/<org_slug>/…``). DRF authenticates inside
the view, so a middleware cannot know an API key's organization: ``check_permissions()``
(called by DRF right after authentication) resolves it, answers 404 when the caller does
not belong to it (a session user who is not a member, or an API key of another organization:
the same answer as a missing slug), checks the view's declared permission (403) and, for an
API key, that the key holds the scope that permission needs (403, ``organizations/roles.py``
``KEY_SCOPES``), and opens the django-scopes scope for the rest of the request, including
rendering.
"""

from contextlib import ExitStack

from django.http import Http404
from rest_framework import viewsets
from rest_framework.exceptions import NotAuthenticated, PermissionDenied

from organizations.api.filters import LOOKUP_ID
from organizations.models import APIKey, Organization
from organizations.roles import KEY_SCOPES, declared_permission, key_scope_allows, role_has_permission
from organizations.tenancy import ORG_URL_KWARG, membership_for_slug, organization_scope


class OrganizationAPIMixin:
    """Declare ``permission`` (a name from organizations/roles.py); never check roles inside."""

    permission: str = ""
    # Optional per-action overrides for viewsets, e.g. {"create": Permission.ROSTER_LOAD}.
    action_permissions: dict[str, str] = {}
    # The organization and role checks in check_permissions replace DRF's permission classes.
    permission_classes: list = []
    # Detail URLs take an id and nothing else: /pair-health/abc/ is the same 404 as a missing
    # row (a JSON one, config/api_urls.py), never a ValueError in the view. Our routers route
    # ``<int:pk>/`` (``use_regex_path=False``), which the schema shows as an integer; a regex
    # router would take LOOKUP_ID, which the schema could only show as a string.
    lookup_value_converter = "int"
    lookup_value_regex = LOOKUP_ID
    organization: Organization
    role: str

    def __init_subclass__(cls, **kwargs):
        # A mistyped permission fails when the module is imported, not on the first request.
        super().__init_subclass__(**kwargs)
        if cls.permission:
            cls.permission = declared_permission(cls.permission)
        cls.action_permissions = {
            action: declared_permission(name) for action, name in cls.action_permissions.items()
        }

    def dispatch(self, request, *args, **kwargs):
        with ExitStack() as stack:
            self._tenant_scope = stack
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response

    def check_permissions(self, request):
        super().check_permissions(request)
        self.organization, self.role = self._resolve_caller(request, self.kwargs.get(ORG_URL_KWARG, ""))
        self._tenant_scope.enter_context(organization_scope(self.organization))
        permission = self.action_permissions.get(getattr(self, "action", None) or "", self.permission)
        if not permission:
            raise PermissionDenied("This endpoint declares no permission.")
        if not role_has_permission(self.role, permission):
            raise PermissionDenied("Your role does not allow this.")
        if isinstance(request.auth, APIKey) and not key_scope_allows(request.auth.scopes, permission):
            needed = KEY_SCOPES.get(permission)
            raise PermissionDenied(
                f"This API key lacks the scope {needed}." if needed else "API keys cannot use this endpoint."
            )

    @staticmethod
    def _resolve_caller(request, slug: str) -> tuple[Organization, str]:
        if isinstance(request.auth, APIKey):
            if request.auth.organization.slug != slug:
                raise Http404("No such organization")
            return request.auth.organization, request.auth.role
        if not request.user or not request.user.is_authenticated:
            raise NotAuthenticated()
        membership = membership_for_slug(request.user, slug)
        return membership.organization, membership.role

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["organization"] = getattr(self, "organization", None)
        return context


class OrganizationReadOnlyViewSet(OrganizationAPIMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail of one organization's rows; subclasses give ``get_queryset`` per request."""
