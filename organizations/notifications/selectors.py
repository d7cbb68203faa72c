"""Reading notifications: a person's in-app list and unread count, and the admins' outbox."""

from django.db.models import Count, QuerySet

from organizations.models import EmailStatus, Notification, NotificationPreference, Organization, User
from organizations.notifications.kinds import NotificationKind, notification_kinds
from organizations.notifications.outbox import notification_body, recipient_key_for


def inbox(*, user: User, organization: Organization) -> QuerySet[Notification]:
    return Notification.objects.filter(organization=organization, user=user, in_app=True).order_by(
        "-created_at", "-pk"
    )


def with_bodies(notifications, organization: Organization) -> list[Notification]:
    """The notifications as a list, each stored unrendered (a scan's message) given its body
    rendered from its stored context, in memory: the list shows it, nothing is queried."""
    rows = list(notifications)
    for notification in rows:
        if not notification.body_text and notification.context:
            notification.organization = organization
            notification.body_text, notification.body_html = notification_body(notification)
    return rows


def unread_count(*, user: User, organization: Organization) -> int:
    return inbox(user=user, organization=organization).filter(read_at__isnull=True).count()


def preferences_of(*, user: User, organization: Organization) -> list[tuple[NotificationKind, bool, bool]]:
    """Every kind a person can choose, with their current choice (by email, in the app)."""
    stored = {
        preference.kind: preference
        for preference in NotificationPreference.objects.filter(
            organization=organization, recipient_key=recipient_key_for(user=user)
        )
    }
    rows = []
    for kind in notification_kinds():
        if kind.essential:
            continue
        preference = stored.get(kind.key)
        rows.append(
            (
                kind,
                kind.by_email if preference is None else preference.by_email,
                kind.in_app if preference is None else preference.in_app,
            )
        )
    return rows


def outbox_counts(*, organization: Organization) -> dict[str, int]:
    counts = dict(
        Notification.objects.filter(organization=organization)
        .values_list("email_status")
        .annotate(n=Count("pk"))
        .values_list("email_status", "n")
    )
    return {status: counts.get(status, 0) for status in EmailStatus.values}


def outbox_problems(*, organization: Organization) -> QuerySet[Notification]:
    """Emails that failed for good, and those waiting to be retried after an error."""
    return (
        Notification.objects.filter(
            organization=organization, email_status__in=[EmailStatus.FAILED, EmailStatus.PENDING]
        )
        .exclude(last_error="")
        .order_by("-next_attempt_at", "-pk")
    )
