"""Signed one-click unsubscribe links: they work without signing in and never expire.

The token names the organization, the recipient and the kind, signed with the site's secret,
so it cannot be altered to unsubscribe someone else. Following the link (GET) only shows a
button; the unsubscribing is a POST, as RFC 8058 asks (mail clients post
``List-Unsubscribe=One-Click``), so a link scanner cannot unsubscribe anyone.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse

from organizations.models import Notification, NotificationPreference, Organization

SALT = "organizations.notifications.unsubscribe"


@dataclass(frozen=True)
class Unsubscription:
    organization_id: int
    recipient_key: str
    kind: str


def unsubscribe_token(notification: Notification) -> str:
    return signing.dumps(
        [notification.organization_id, notification.recipient_key, notification.kind],
        salt=SALT,
        compress=True,
    )


def unsubscribe_url(notification: Notification) -> str:
    return settings.SITE_URL + reverse(
        "notification_unsubscribe", kwargs={"token": unsubscribe_token(notification)}
    )


def unsubscription_for_token(token: str) -> Unsubscription | None:
    """What the token asks for, or ``None`` for a token that was not signed here."""
    try:
        organization_id, recipient_key, kind = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if (
        not isinstance(organization_id, int)
        or not isinstance(recipient_key, str)
        or not isinstance(kind, str)
    ):
        return None
    return Unsubscription(organization_id, recipient_key, kind)


@transaction.atomic
def unsubscribe(*, organization: Organization, unsubscription: Unsubscription) -> NotificationPreference:
    """Stop emails of this kind to this person (in-app messages stay as they were)."""
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(
        organization=organization,
        recipient_key=unsubscription.recipient_key,
        kind=unsubscription.kind,
    )
    if preference.by_email:
        preference.by_email = False
        preference.save(update_fields=["by_email", "updated_at"])
    return preference
