"""Organization URLs. Everything under /o/<org_slug>/ is resolved and scoped by the middleware."""

from django.urls import include, path

from organizations.views import home

org_patterns = [
    path("", home.dashboard, name="dashboard"),
]

urlpatterns = [
    path("organizations/new/", home.new_organization, name="organization_create"),
    path("o/<slug:org_slug>/", include(org_patterns)),
]
