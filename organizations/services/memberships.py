"""Writes on memberships: changing someone's role and removing them from an organization.

An organization always keeps at least one admin; otherwise nobody could invite people, set
roles or change its settings again. Every write here first locks the organization's admin
rows (always in the same order) and re-reads the target, so two admins demoting each other
at the same moment are serialized and the second one sees the first one's change.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from organizations.audit import audit_record
from organizations.departures import member_departed
from organizations.models import AuditAction, Membership
from organizations.roles import Role
from organizations.tenancy import organization_scope

logger = logging.getLogger(__name__)


def _lock(membership: Membership) -> tuple[Membership, list[int]]:
    """Lock the organization's admins, then re-read ``membership``; return it and the admin ids."""
    organization = membership.organization
    with organization_scope(organization):
        admin_ids = list(
            Membership.objects.select_for_update()
            .filter(organization=organization, role=Role.ADMIN)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        current = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("organization", "user")
            .get(organization=organization, pk=membership.pk)
        )
    return current, admin_ids


def _refuse_last_admin(membership: Membership, admin_ids: list[int], action: str) -> None:
    if membership.role == Role.ADMIN and admin_ids == [membership.pk]:
        raise ValidationError(
            f"{membership.user.email} is the last admin of {membership.organization.name} and cannot be "
            f"{action}. Make someone else an admin first."
        )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor) -> Membership:
    """Give ``membership`` a new role; the last admin cannot be demoted."""
    if role not in Role.values:
        raise ValidationError(f"Unknown role {role!r}.")
    membership, admin_ids = _lock(membership)
    if membership.role == role:
        return membership
    if role != Role.ADMIN:
        _refuse_last_admin(membership, admin_ids, "demoted")
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        membership.organization,
        AuditAction.ROLE_CHANGE,
        target=membership,
        label=membership.user.display_name,
        changes=[f"role: {previous} → {role}"],
        actor=actor,
    )
    logger.info(
        "membership %s: %s changed the role of %s from %s to %s",
        membership.pk,
        actor,
        membership.user,
        previous,
        role,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor, audited: bool = True) -> Membership:
    """Remove a person from the organization; the last admin cannot be removed.

    Their account stays (it may belong to other organizations). They lose access at once: the
    next request under /o/<slug>/ finds no membership and answers 404, and the apps above are
    told (``organizations.departures``: matching ends their pairs and tells their partners),
    as when the identity provider deactivates them. ``audited=False`` is for a caller that
    tells the apps and writes its own, fuller audit entry in the same transaction (SCIM
    deactivation). Returns the removed row as it was (with the role it had).
    """
    membership, admin_ids = _lock(membership)
    _refuse_last_admin(membership, admin_ids, "removed")
    logger.info(
        "membership %s: %s removed %s from %s", membership.pk, actor, membership.user, membership.organization
    )
    membership_id = membership.pk
    membership.delete()
    membership.pk = membership_id  # the audit entry names the row that was removed
    if audited:
        outcomes = member_departed(
            organization=membership.organization, user=membership.user, actor=actor, now=timezone.now()
        )
        audit_record(
            membership.organization,
            AuditAction.MEMBER_REMOVE,
            target=membership,
            label=membership.user.display_name,
            changes=[f"role: {membership.role}", *outcomes],
            actor=actor,
        )
    return membership
