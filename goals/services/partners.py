"""The accountability partner of a plan: the pair partner, a colleague, or someone outside.

The outside accountability partner's link carries a random token; only its SHA-256 is stored.
The raw token exists once: returned to the owner, and written into the partner's message in
the outbox in the same transaction that makes the link (kind ``accountability_link``,
essential and secret: the body holding the token is cleared once the email is sent, and a
message still waiting when the link is revoked, renewed or replaced is withdrawn).
The link expires after ``OUTSIDE_LINK_DAYS``, can be revoked, and stops when the owner chooses
someone else. Services here follow the rules of ``goals/services/plans.py``: atomic,
keyword-only, the actor must be the plan's owner.
"""

import datetime
import hashlib
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from goals.models import AccountabilityPartner, PartnerKind
from goals.services.ownership import check_owner, member_for_update, plan_for_owner
from matching.models import PairMember
from organizations.models import EmailStatus, Membership, Notification, User
from organizations.notifications.outbox import Message, notify

logger = logging.getLogger(__name__)

OUTSIDE_LINK_DAYS = 90


def partner_link_token_hash(raw_token: str) -> str:
    """The only form of an outside partner's link token that is ever stored or compared."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


def partner_link_url(raw_token: str) -> str:
    return f"{settings.SITE_URL}/goals/shared/{raw_token}/"


def accountability_partner_for_token_across_organizations(raw_token: str) -> AccountabilityPartner | None:
    """The outside accountability partner a link token belongs to, in whichever organization.

    Deliberately unscoped: the person holding the link belongs to no organization. Callers
    must check ``link_status`` and show only the one plan the row points to. Returns the row
    even when its link no longer works, so the page can say why.
    """
    if not raw_token:
        return None
    return (
        AccountabilityPartner.objects.with_scopes_disabled()
        .select_related("organization", "plan__member__participant__employee")
        .filter(kind=PartnerKind.OUTSIDE, token_hash=partner_link_token_hash(raw_token))
        .first()
    )


def _new_link(now: datetime.datetime) -> tuple[str, str, datetime.datetime]:
    raw_token = secrets.token_urlsafe(32)
    return raw_token, partner_link_token_hash(raw_token), now + datetime.timedelta(days=OUTSIDE_LINK_DAYS)


LINK_KIND = "accountability_link"


def _link_key_prefix(partner: AccountabilityPartner) -> str:
    return f"partner:{partner.pk}:"


def accountability_link_notify(
    *, partner: AccountabilityPartner, raw_token: str, now: datetime.datetime | None = None
) -> Notification | None:
    """Store the email that gives an outside accountability partner their link, in the
    caller's transaction (the one that made the link); None when the link no longer works.

    A token that does not match the stored hash is refused loudly: the wrong person would
    otherwise receive a working link to someone's plan.
    """
    if partner_link_token_hash(raw_token) != partner.token_hash:
        raise ValueError(f"Token does not belong to accountability partner {partner.pk}")
    if partner.link_status != "active":
        return None
    owner = partner.plan.member.participant.employee
    return notify(
        partner.organization,
        Message(
            kind=LINK_KIND,
            # One message per link: a renewed link has a new token, so a new key.
            key=f"{_link_key_prefix(partner)}{partner.token_hash[:16]}",
            subject=f"{owner.name} asked you to be their accountability partner",
            email=partner.email,
            context={
                "partner_name": partner.name,
                "owner_name": owner.name,
                "url": partner_link_url(raw_token),
                "expires_on": partner.link_expires_at,
            },
        ),
        now=now,
    )


def _withdraw_unsent_links(partner: AccountabilityPartner) -> None:
    """A link that stopped working is not emailed any more: its waiting message is dropped
    (and its body, which holds the token, cleared)."""
    Notification.objects.filter(
        organization_id=partner.organization_id,
        kind=LINK_KIND,
        key__startswith=_link_key_prefix(partner),
        email_status__in=(EmailStatus.PENDING, EmailStatus.FAILED),
    ).update(
        email_status=EmailStatus.SKIPPED, body_text="", body_html="", last_error="The link stopped working."
    )


@transaction.atomic
def accountability_partner_set(
    *,
    member: PairMember,
    actor: User,
    kind: str,
    user: User | None = None,
    name: str = "",
    email: str = "",
    now: datetime.datetime | None = None,
) -> tuple[AccountabilityPartner, str]:
    """Name the accountability partner of ``member``'s plan; return it and, for an outside
    person, the raw link token (shown once to the owner and emailed to the partner).

    ``pair_partner`` goes back to the default. ``member`` needs ``user``, another member of
    the organization. ``outside`` needs a name and an email; it creates a read-only link that
    expires after ``OUTSIDE_LINK_DAYS``. Only the owner may; the previous partner's access
    (and link) ends. Choosing the same person again changes nothing (an outside person whose
    link still works keeps it; ``accountability_link_renew`` sends a new one).
    """
    member = member_for_update(member)
    check_owner(member, actor)
    organization = member.organization
    errors: dict[str, str] = {}
    name = (name or "").strip()
    email = (email or "").strip().lower()
    if kind not in PartnerKind.values:
        errors["kind"] = "Choose your pair partner, someone in the organization, or someone outside it."
    elif kind == PartnerKind.MEMBER:
        if user is None:
            errors["user"] = "Choose the colleague who will be your accountability partner."
        elif user.pk == actor.pk:
            errors["user"] = "Your accountability partner is someone other than you."
        elif not Membership.objects.filter(organization=organization, user=user).exists():
            errors["user"] = f"Choose a member of {organization.name}."
    elif kind == PartnerKind.OUTSIDE:
        limits = {name: AccountabilityPartner._meta.get_field(name).max_length for name in ("name", "email")}
        if not name:
            errors["name"] = "Give your accountability partner's name."
        elif len(name) > limits["name"]:
            errors["name"] = f"Keep the name under {limits['name']} characters."
        try:
            validate_email(email)
            if len(email) > limits["email"]:  # the validator allows up to 320; the column holds 254
                raise ValidationError("too long")
        except ValidationError:
            errors["email"] = (
                f"Give an email address (at most {limits['email']} characters) where they can "
                "receive the link."
            )
        else:
            if email == actor.email.lower():
                errors["email"] = "Your accountability partner is someone other than you."
    if errors:
        raise ValidationError(errors)

    plan = plan_for_owner(member, actor)
    current = (
        AccountabilityPartner.objects.select_for_update().filter(plan=plan, ended_at__isnull=True).first()
    )
    if current is not None and current.kind == kind and kind == PartnerKind.PAIR_PARTNER:
        return current, ""
    if current is not None and current.kind == kind == PartnerKind.MEMBER and current.user_id == user.pk:
        return current, ""
    if (
        current is not None
        and current.kind == kind == PartnerKind.OUTSIDE
        and (current.name, current.email) == (name, email)
        and current.link_status == "active"
    ):
        return current, ""
    now = now or timezone.now()
    if current is not None:
        current.ended_at = now
        current.save(update_fields=["ended_at"])
        _withdraw_unsent_links(current)
    partner = AccountabilityPartner(organization=organization, plan=plan, kind=kind, created_by=actor)
    raw_token = ""
    if kind == PartnerKind.MEMBER:
        partner.user = user
    elif kind == PartnerKind.OUTSIDE:
        partner.name, partner.email = name, email
        raw_token, partner.token_hash, partner.link_expires_at = _new_link(now)
    partner.save()
    if raw_token:
        accountability_link_notify(partner=partner, raw_token=raw_token, now=now)
    logger.info("plan %s: accountability partner set to %s by %s", plan.pk, kind, actor.pk)
    return partner, raw_token


def _current_outside_partner(member: PairMember, actor: User) -> AccountabilityPartner:
    member = member_for_update(member)
    check_owner(member, actor)
    partner = (
        AccountabilityPartner.objects.select_for_update()
        .filter(plan__member=member, ended_at__isnull=True, kind=PartnerKind.OUTSIDE)
        .first()
    )
    if partner is None:
        raise ValidationError(
            "Your accountability partner has no link: only a person outside the organization has one."
        )
    return partner


@transaction.atomic
def accountability_link_revoke(
    *, member: PairMember, actor: User, now: datetime.datetime | None = None
) -> AccountabilityPartner:
    """Stop the outside accountability partner's link from working at once; only the owner may.

    The partner stays named on the plan; ``accountability_link_renew`` gives them a new link.
    """
    partner = _current_outside_partner(member, actor)
    if partner.link_revoked_at is None:
        partner.link_revoked_at = now or timezone.now()
        partner.save(update_fields=["link_revoked_at"])
    _withdraw_unsent_links(partner)
    return partner


@transaction.atomic
def accountability_link_renew(
    *, member: PairMember, actor: User, now: datetime.datetime | None = None
) -> tuple[AccountabilityPartner, str]:
    """Give the outside accountability partner a fresh link (the old one stops working).

    Returns the partner and the new raw token; the new link's email is stored in the outbox
    in this transaction (the old one's, if still waiting, is withdrawn).
    """
    partner = _current_outside_partner(member, actor)
    _withdraw_unsent_links(partner)
    now = now or timezone.now()
    raw_token, partner.token_hash, partner.link_expires_at = _new_link(now)
    partner.link_revoked_at = None
    partner.save(update_fields=["token_hash", "link_expires_at", "link_revoked_at"])
    accountability_link_notify(partner=partner, raw_token=raw_token, now=now)
    return partner, raw_token
