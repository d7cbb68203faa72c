"""REST API v1. Every organization's endpoints live under /api/v1/o/<org_slug>/."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

org_api_patterns = [
    path("", include("organizations.api.urls")),
    path("", include("programs.api.urls")),
    path("", include("cohorts.api.urls")),
    path("", include("matching.api.urls")),
    path("", include("sessions.api.urls")),
    path("", include("goals.api.urls")),
    path("", include("analytics.api.urls")),
]


@csrf_exempt  # it changes nothing; a POST gets the same 404 rather than the CSRF page
def no_such_endpoint(request, *args, **kwargs):
    """An API URL that names nothing answers like every other API 404: JSON, not a page."""
    return JsonResponse({"detail": "Not found."}, status=404)


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("o/<slug:org_slug>/", include(org_api_patterns)),
    # Last, and only for URLs ending in a slash, so a missing slash is still redirected.
    re_path(r"^[\s\S]*/$", no_such_endpoint),
]
