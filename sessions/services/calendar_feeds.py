"""Personal calendar feeds: a secret address a calendar app subscribes to.

The address holds a random token; only its SHA-256 is stored, so a database reader cannot
rebuild anyone's address. Making a new address revokes the old one; a revoked address is a 404.
"""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from organizations.models import Organization
from sessions.models import CalendarFeed


def hash_feed_token(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, organization: Organization, user) -> tuple[CalendarFeed, str]:
    """A new secret address for the user's calendar in this organization; the previous one stops
    working. Returns the feed and the raw token, which is shown once and never stored."""
    calendar_feed_revoke(organization=organization, user=user)
    raw_token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        organization=organization, user=user, token_hash=hash_feed_token(raw_token)
    )
    return feed, raw_token


@transaction.atomic
def calendar_feed_revoke(*, organization: Organization, user) -> int:
    """Stop the user's live address in this organization; returns how many were revoked (0 or 1)."""
    return CalendarFeed.objects.filter(organization=organization, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def calendar_feed_find_across_organizations(raw_token: str) -> CalendarFeed | None:
    """The live feed with this token, in whichever organization it belongs to.

    Looks across organizations on purpose: the public feed URL carries no organization. The
    caller must open the returned feed's organization scope before reading anything else.
    """
    if not raw_token or len(raw_token) > 100:
        return None
    return (
        CalendarFeed.objects.with_scopes_disabled()
        .select_related("organization", "user")
        .filter(token_hash=hash_feed_token(raw_token), revoked_at__isnull=True)
        .first()
    )
