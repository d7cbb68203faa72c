"""Invitations: an admin offers someone a role in an organization by email.

Security notes. The invitation keeps only the token's SHA-256. The raw token exists once, in
the invitation email: it is written to the notification outbox in the same transaction as the
invitation (kind ``invitation``: essential, and secret, so the dispatcher clears the body once
the email is sent), and revoking an invitation deletes its email if it has not gone out yet.
So a leaked database holds a working link only for an email still waiting to be sent. Holding
the raw token is what proves the invitee received the email; that is why a new account
created from an invitation link with the invited address counts as verified. Tokens are looked
up across organizations (the invitee is not a member yet), and that lookup is named for it.
"""

import datetime
import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from organizations.audit import audit_record
from organizations.models import AuditAction, EmailStatus, Invitation, Membership, Notification, Organization
from organizations.notifications.outbox import Message, notify
from organizations.roles import Role
from organizations.roster.invitable import roster_name_for_email
from organizations.tenancy import organization_scope

logger = logging.getLogger(__name__)

NAME_MAX_LENGTH = Invitation._meta.get_field("name").max_length

WHY_UNUSABLE = {
    "accepted": "This invitation has already been accepted.",
    "revoked": "This invitation was withdrawn by an administrator of the organization.",
    "expired": "This invitation has expired.",
}


def invitation_token_hash(raw_token: str) -> str:
    """The only form of a token that is ever stored or compared."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


def invitation_url(raw_token: str) -> str:
    """The absolute link sent to the invitee."""
    return f"{settings.SITE_URL}/invitations/{raw_token}/"


def invitation_for_token_across_organizations(raw_token: str) -> Invitation | None:
    """The invitation a token belongs to, in whichever organization it is, or None.

    Deliberately unscoped: the public invitation page is visited by people who belong to no
    organization yet. Callers must only reveal what the invitee is allowed to know (the
    organization's name, the role and the invited address).
    """
    if not raw_token:
        return None
    return (
        Invitation.objects.with_scopes_disabled()
        .select_related("organization", "invited_by")
        .filter(token_hash=invitation_token_hash(raw_token))
        .first()
    )


def invitation_invitee_has_account(invitation: Invitation) -> bool:
    """Whether the invited address already signs in here (then "Sign in", not "Create an account")."""
    return get_user_model().objects.filter(email__iexact=invitation.email).exists()


def _normalize_email(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def invitation_create(
    *, organization: Organization, actor, email: str, role: str, name: str = ""
) -> tuple[Invitation, str]:
    """Invite ``email`` to ``organization`` with ``role``; return the invitation and its raw token.

    ``name`` is the invitee's name; without one, the roster's name for the address, if any.

    Refuses a person who is already a member and an address with an invitation still open
    (revoke that one first). The email, with the link, is written to the notification outbox
    in the same transaction (the only moment the raw token exists), so a rolled-back
    invitation never reaches anyone and a committed one is sent even if the broker is down.
    """
    email = _normalize_email(email)
    limit = Invitation._meta.get_field("email").max_length
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter a valid email address."}) from None
    if len(email) > limit:  # the validator allows up to 320; the column holds 254
        raise ValidationError({"email": f"An email address has at most {limit} characters."})
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    with organization_scope(organization):
        if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
            raise ValidationError({"email": f"{email} is already a member of {organization.name}."})
        open_invitations = Invitation.objects.filter(
            organization=organization,
            email__iexact=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        if open_invitations.exists():
            raise ValidationError(
                {"email": f"{email} already has an open invitation. Revoke it to send a new one."}
            )
        raw_token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            organization=organization,
            email=email,
            name=(name.strip() or roster_name_for_email(email))[:NAME_MAX_LENGTH],
            role=role,
            token_hash=invitation_token_hash(raw_token),
            invited_by=actor,
            expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_TTL_DAYS),
        )
        notify(organization, invitation_message(invitation, raw_token))
        audit_record(
            organization,
            AuditAction.INVITATION_CREATE,
            target=invitation,
            label=invitation.email,
            changes=[f"role: {role}"],
            actor=actor,
        )
    logger.info("invitation %s: %s invited %s to %s as %s", invitation.pk, actor, email, organization, role)
    return invitation, raw_token


def _invitation_key(invitation: Invitation) -> str:
    return f"invitation:{invitation.pk}"


def invitation_message(invitation: Invitation, raw_token: str) -> Message:
    """The invitation email, with its link in the body (never in the stored ``link``, which is
    kept after sending: the body of a secret kind is cleared once it is sent)."""
    if invitation_token_hash(raw_token) != invitation.token_hash:
        # A caller mixed up invitations: the wrong person would receive a working link.
        raise ValueError(f"Token does not belong to invitation {invitation.pk}")
    inviter = invitation.invited_by
    organization = invitation.organization
    who = inviter.display_name if inviter else ""
    return Message(
        kind="invitation",
        key=_invitation_key(invitation),
        subject=f"{who} invited you to {organization.name} on Lodestar"
        if who
        else f"You are invited to {organization.name} on Lodestar",
        context={
            "invitation": invitation,
            "inviter": inviter,
            "role": invitation.get_role_display(),
            "url": invitation_url(raw_token),
            "ttl_days": settings.INVITATION_TTL_DAYS,
        },
        email=invitation.email,
    )


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    """Withdraw an open invitation so its link stops working."""
    invitation = Invitation.objects.with_scopes_disabled().select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(f"{invitation.email} has already accepted; remove the member instead.")
    if invitation.revoked_at:
        return invitation
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    with organization_scope(invitation.organization):
        # Its email, if not sent yet, goes with it: nobody receives a dead link, and the raw
        # token leaves the database.
        Notification.objects.filter(
            organization=invitation.organization, kind="invitation", key=_invitation_key(invitation)
        ).exclude(email_status=EmailStatus.SENT).delete()
        audit_record(
            invitation.organization,
            AuditAction.INVITATION_REVOKE,
            target=invitation,
            label=invitation.email,
            actor=actor,
        )
    logger.info("invitation %s revoked by %s", invitation.pk, actor)
    return invitation


def invitation_refusal(*, invitation: Invitation, user) -> str:
    """Why ``user`` cannot accept ``invitation`` right now, or an empty string if they can."""
    if not invitation.is_open:
        return WHY_UNUSABLE[invitation.status]
    if _normalize_email(user.email) != _normalize_email(invitation.email):
        return (
            f"This invitation was sent to {invitation.email}, but you are signed in as {user.email}. "
            f"Sign out and sign in (or create an account) with {invitation.email} to accept it."
        )
    with organization_scope(invitation.organization):
        if Membership.objects.filter(organization=invitation.organization, user=user).exists():
            return f"You are already a member of {invitation.organization.name}."
    return ""


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Make ``user`` a member with the invited role and mark the invitation accepted.

    Only the invited address may accept, and only while the invitation is open; the row is
    locked so a double click or two tabs cannot create two memberships. The new member is
    linked to their roster row (same email) when the organization has one.
    """
    from organizations.roster.links import employee_link_for_user

    invitation = (
        Invitation.objects.with_scopes_disabled()
        .select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=invitation.pk)
    )
    refusal = invitation_refusal(invitation=invitation, user=user)
    if refusal:
        raise ValidationError(refusal)
    organization = invitation.organization
    with organization_scope(organization):
        membership = Membership.objects.create(organization=organization, user=user, role=invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        employee_link_for_user(organization=organization, user=user)
        audit_record(
            organization,
            AuditAction.INVITATION_ACCEPT,
            target=invitation,
            label=invitation.email,
            changes=[f"role: {invitation.role}"],
            actor=user,
        )
    logger.info("invitation %s accepted by %s", invitation.pk, user)
    return membership
