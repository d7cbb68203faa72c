"""Organization URLs. Everything under /o/<org_slug>/ is resolved and scoped by the middleware."""

from django.urls import include, path

from organizations.views import api_keys, home, invitations, members, settings

org_patterns = [
    path("", home.dashboard, name="dashboard"),
    path("programs/", include("programs.urls")),
    path("members/", members.members, name="members"),
    path("members/invite/", invitations.invitation_send, name="invitation_create"),
    path("members/<int:pk>/role/", members.member_change_role, name="member_change_role"),
    path("members/<int:pk>/remove/", members.member_remove, name="member_remove"),
    path("invitations/<int:pk>/revoke/", invitations.invitation_withdraw, name="invitation_revoke"),
    path("settings/", settings.organization_settings, name="organization_settings"),
    path("api-keys/", api_keys.api_keys, name="api_keys"),
    path("api-keys/<int:pk>/revoke/", api_keys.api_key_revoke_view, name="api_key_revoke"),
    path("cohorts/", include("cohorts.urls")),
    path("matching/", include("matching.urls")),
    path("mentoring/", include("sessions.urls")),
    path("goals/", include("goals.urls")),
    path("roster/", include("organizations.roster.urls")),
]

urlpatterns = [
    path("organizations/new/", home.new_organization, name="organization_create"),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
    path("calendar/", include("sessions.public_urls")),
    path("goals/shared/", include("goals.public_urls")),
    path("o/<slug:org_slug>/", include(org_patterns)),
]
