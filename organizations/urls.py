"""The organization's own pages, under /o/<org_slug>/ (included from config/urls.py).

Everything under /o/<org_slug>/ is resolved and scoped by the middleware.
"""

from django.urls import include, path

from organizations.views import (
    api_keys,
    audit,
    bulk_invitations,
    erasure,
    home,
    invitations,
    lifecycle,
    members,
    notifications,
    personal_data,
    provisioning,
    retention,
    settings,
)

urlpatterns = [
    path("", home.dashboard, name="dashboard"),
    path("members/", members.members, name="members"),
    path("members/invite/roster/", bulk_invitations.invite_from_roster, name="invite_from_roster"),
    path("members/invite/", invitations.invitation_send, name="invitation_create"),
    path("members/<id:pk>/role/", members.member_change_role, name="member_change_role"),
    path("members/<id:pk>/remove/", members.member_remove, name="member_remove"),
    path("invitations/<id:pk>/revoke/", invitations.invitation_withdraw, name="invitation_revoke"),
    path("settings/", settings.organization_settings, name="organization_settings"),
    path("settings/audit/", audit.audit_log, name="audit_log"),
    path("settings/provisioning/", provisioning.provisioning, name="provisioning"),
    path(
        "settings/provisioning/<id:pk>/revoke/",
        provisioning.provisioning_token_revoke,
        name="provisioning_token_revoke",
    ),
    path("settings/retention/", retention.retention_settings, name="retention_settings"),
    path("settings/export-or-delete/", lifecycle.organization_lifecycle, name="organization_lifecycle"),
    path("settings/export.jsonl", lifecycle.organization_export, name="organization_export"),
    path("me/data/", personal_data.personal_data_page, name="personal_data"),
    path("people/<id:pk>/erase/", erasure.person_erase_view, name="person_erase"),
    path("me/data.json", personal_data.personal_data_download, name="personal_data_download"),
    path("settings/audit/export.csv", audit.audit_log_export, name="audit_log_export"),
    path("api-keys/", api_keys.api_keys, name="api_keys"),
    path("api-keys/<id:pk>/revoke/", api_keys.api_key_revoke_view, name="api_key_revoke"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/<id:pk>/open/", notifications.notification_open, name="notification_open"),
    path("notifications/read/", notifications.notifications_read_all, name="notifications_read_all"),
    path(
        "notifications/preferences/", notifications.notification_preferences, name="notification_preferences"
    ),
    path("notifications/outbox/", notifications.notification_outbox, name="notification_outbox"),
    path(
        "notifications/outbox/<id:pk>/retry/",
        notifications.notification_retry_view,
        name="notification_retry",
    ),
    path("roster/", include("organizations.roster.urls")),
]
