"""Invitations: an admin offers someone a role in an organization by email.

Security notes. The raw token is shown once (in the email) and never stored: the database
keeps only its SHA-256, so a leaked database cannot be turned into working links. Holding the
raw token is what proves the invitee received the email; that is why a new account created
from an invitation link with the invited address counts as verified. Tokens are looked up
across organizations (the invitee is not a member yet), and that lookup is named for it.
"""

import datetime
import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from organizations.models import Invitation, Membership, Organization
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
    (revoke that one first). The email goes out after the transaction commits, through the
    ``send_invitation_email`` task, so a rolled-back invitation never reaches anyone.
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
    logger.info("invitation %s: %s invited %s to %s as %s", invitation.pk, actor, email, organization, role)

    from organizations.tasks import send_invitation_email

    transaction.on_commit(
        lambda: send_invitation_email.delay(invitation.organization_id, invitation.pk, raw_token)
    )
    return invitation, raw_token


def invitation_send_email(*, invitation: Invitation, raw_token: str) -> bool:
    """Email the invitation link; return False (and send nothing) when it can no longer be used.

    A token that does not match the stored hash is refused loudly: it means a caller mixed up
    invitations, and the wrong person would otherwise receive a working link.
    """
    if invitation_token_hash(raw_token) != invitation.token_hash:
        raise ValueError(f"Token does not belong to invitation {invitation.pk}")
    if not invitation.is_open:
        return False
    context = {
        "invitation": invitation,
        "organization": invitation.organization,
        "inviter": invitation.invited_by,
        "role": invitation.get_role_display(),
        "url": invitation_url(raw_token),
        "ttl_days": settings.INVITATION_TTL_DAYS,
    }
    subject = render_to_string("emails/invitation_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("emails/invitation_message.txt", context),
        to=[invitation.email],
    )
    message.attach_alternative(render_to_string("emails/invitation_message.html", context), "text/html")
    message.send()
    return True


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
    logger.info("invitation %s accepted by %s", invitation.pk, user)
    return membership
