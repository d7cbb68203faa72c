"""Root URLs: the one place the apps' URL modules are put together.

Each app owns its pages' URLs; this file decides where they live. Everything under
/o/<org_slug>/ belongs to one organization (the middleware resolves and scopes it).
"""

from django.contrib import admin
from django.urls import include, path

from config import favicon, health
from organizations.views import accounts, home

organization_patterns = [
    path("", include("organizations.urls")),
    path("programs/", include("programs.urls")),
    path("cohorts/", include("cohorts.urls")),
    path("teams/", include("cohorts.teams.urls")),
    path("matching/", include("matching.urls")),
    path("mentoring/", include("sessions.urls")),
    path("goals/", include("goals.urls")),
    path("analytics/", include("analytics.urls")),
]


urlpatterns = [
    path("", home.home, name="home"),
    path("favicon.ico", favicon.favicon, name="favicon"),
    path("healthz", health.healthz, name="healthz"),
    # allauth's sign-up, with the name filled in from an invitation; before allauth's own URLs.
    path("accounts/signup/", accounts.signup, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("config.api_urls")),
    # SCIM 2.0 provisioning: the organization is the bearer token's (docs/provisioning.md).
    path("scim/v2/", include("organizations.scim.urls")),
    path("", include("organizations.public_urls")),
    path("calendar/", include("sessions.public_urls")),
    path("goals/shared/", include("goals.public_urls")),
    path("o/<slug:org_slug>/", include(organization_patterns)),
    path("admin/", admin.site.urls),
]
