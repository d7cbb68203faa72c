"""The daily digest: one email listing the day's messages, for people who chose it.

Messages for a person who chose the digest are stored ``digest`` instead of ``pending``. Once
a day, from ``DIGEST_HOUR`` on the organization's clock, this scan gathers each person's held
messages into one ``daily_digest`` notification (keyed by the date, so once a day) and marks
them ``digested`` in the same transaction.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.urls import reverse

from organizations.clock import organization_tz
from organizations.models import EmailStatus, Notification, Organization
from organizations.notifications.outbox import Message, notify_many

DIGEST_HOUR = 7


def _updates(count: int) -> str:
    return "update" if count == 1 else "updates"


@transaction.atomic
def daily_digests_scan(organization: Organization, now: datetime.datetime) -> int:
    local = now.astimezone(organization_tz(organization))
    if local.hour < DIGEST_HOUR:
        return 0
    held = list(
        Notification.objects.filter(organization=organization, email_status=EmailStatus.DIGEST)
        .select_related("user")
        .select_for_update(of=("self",))
        .order_by("user_id", "created_at", "pk")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in held:
        if notification.user_id is not None:
            by_user[notification.user_id].append(notification)
    if not by_user:
        return 0
    day = local.date()
    link = reverse("notifications", kwargs={"org_slug": organization.slug})
    messages = [
        Message(
            kind="daily_digest",
            key=f"digest:{day.isoformat()}",
            subject=f"{organization.name}: your day in Lodestar ({len(items)} {_updates(len(items))})",
            context={"items": items, "day": day},
            user=items[0].user,
            link=link,
        )
        for items in by_user.values()
    ]
    created = notify_many(organization, messages, now=now, kick=False)
    digest_by_user = {row.user_id: row for row in created if row.pk is not None}
    for user_id, items in by_user.items():
        digest = digest_by_user.get(user_id)
        if digest is None:
            continue  # today's digest already went out; these wait for tomorrow's
        Notification.objects.filter(pk__in=[item.pk for item in items]).update(
            email_status=EmailStatus.DIGESTED, digest=digest
        )
    return len(digest_by_user)
