"""Reads of organizations and people. Tenant reads assume the organization's scope is open."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from organizations.models import Invitation, Membership
from organizations.roles import Role


def memberships_of_user(user) -> QuerySet[Membership]:
    """Every organization a user belongs to: deliberately across organizations (the switcher)."""
    return (
        Membership.objects.with_scopes_disabled()
        .filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    )


def membership_list(*, search: str = "", role: str = "") -> QuerySet[Membership]:
    """The organization's members by address; ``search`` looks in names and addresses."""
    memberships = Membership.objects.select_related("user")
    if search:
        memberships = memberships.filter(
            Q(user__full_name__icontains=search) | Q(user__email__icontains=search)
        )
    if role:
        memberships = memberships.filter(role=role)
    return memberships.order_by("user__email")


def membership_sole_admin_id() -> int | None:
    """The membership of the organization's only admin, when there is exactly one."""
    admins = list(Membership.objects.filter(role=Role.ADMIN).values_list("pk", flat=True)[:2])
    return admins[0] if len(admins) == 1 else None


def invitation_list_open(*, search: str = "", role: str = "") -> QuerySet[Invitation]:
    """Invitations still waiting for an answer, newest first, filtered like the members."""
    invitations = Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")
    if search:
        invitations = invitations.filter(Q(name__icontains=search) | Q(email__icontains=search))
    if role:
        invitations = invitations.filter(role=role)
    return invitations.order_by("-created_at", "-pk")
