"""Organization pages outside any one organization: creating one, and opening an invitation."""

from django.urls import path

from organizations.views import home, invitations, notifications

urlpatterns = [
    path("organizations/new/", home.new_organization, name="organization_create"),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
    path(
        "notifications/unsubscribe/<str:token>/",
        notifications.notification_unsubscribe,
        name="notification_unsubscribe",
    ),
]
