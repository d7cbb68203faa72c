"""Reads of organizations and people. Tenant reads assume the organization's scope is open."""

from django.db.models import QuerySet

from organizations.models import Invitation, Membership


def memberships_of_user(user) -> QuerySet[Membership]:
    """Every organization a user belongs to: deliberately across organizations (the switcher)."""
    return (
        Membership.objects.with_scopes_disabled()
        .filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    )


def membership_list() -> QuerySet[Membership]:
    return Membership.objects.select_related("user").order_by("user__email")


def invitation_list_open() -> QuerySet[Invitation]:
    from django.utils import timezone

    return Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")
