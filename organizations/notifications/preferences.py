"""Saving a person's choices: which kinds by email and in the app, and the daily digest."""

from django.db import transaction

from organizations.models import Membership, NotificationPreference
from organizations.notifications.kinds import notification_kinds
from organizations.notifications.outbox import recipient_key_for


@transaction.atomic
def preferences_save(
    *, membership: Membership, by_email: set[str], in_app: set[str], daily_digest: bool
) -> None:
    """Store one row per kind the person can choose (kinds not named are switched off)."""
    recipient_key = recipient_key_for(user=membership.user)
    organization = membership.organization
    for kind in notification_kinds():
        if kind.essential:
            continue
        NotificationPreference.objects.update_or_create(
            organization=organization,
            recipient_key=recipient_key,
            kind=kind.key,
            defaults={"by_email": kind.key in by_email, "in_app": kind.key in in_app},
        )
    if membership.daily_digest != daily_digest:
        membership.daily_digest = daily_digest
        membership.save(update_fields=["daily_digest"])
