"""REST API v1. Every organization's endpoints live under /api/v1/o/<org_slug>/."""

from django.urls import include, path
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

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("o/<slug:org_slug>/", include(org_api_patterns)),
]
