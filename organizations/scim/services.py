"""Writes for SCIM: provisioning, updating, deactivating, reactivating and deleting members,
and moving them between roles (Groups). Each is atomic and audited with the token as actor.

What deactivation does (docs/provisioning.md):
- the membership goes, so every page and API call of the organization answers 404 from the
  person's next request; the role they had is kept here for a reactivation;
- API keys and SCIM tokens they created in the organization are revoked (they saw each raw
  value once and may have kept a copy), except the token doing the deactivation;
- the apps above are told (``organizations.departures``): matching ends their pairs, keeps the
  history and tells each partner, who is matched again in the cohort's next run;
- their roster row is not touched, so analytics keep counting them as HR records say.
Their sessions are not ended: every request checks the membership again, and the account may
belong to other organizations, which it keeps.

Reactivation gives back the membership with the role they had; ended pairs stay ended.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from organizations.audit import audit_record
from organizations.departures import member_departed
from organizations.models import APIKey, AuditAction, Membership, Organization, ProvisionedUser, User
from organizations.roles import Role
from organizations.scim.patch import UserInput
from organizations.scim.protocol import ScimError
from organizations.services.api_keys import api_key_revoke
from organizations.services.memberships import membership_change_role, membership_remove


def _refused(error: ValidationError) -> ScimError:
    return ScimError(400, " ".join(error.messages), "invalidValue")


def _shared(user: User, organization: Organization) -> bool:
    """Whether the account is also another organization's (or staff): then this organization's
    identity provider may not change its email or display name."""
    if user.is_staff or user.is_superuser:
        return True
    return (
        Membership.objects.with_scopes_disabled()
        .filter(user=user)
        .exclude(organization=organization)
        .exists()
        or ProvisionedUser.objects.with_scopes_disabled()
        .filter(user=user)
        .exclude(organization=organization)
        .exists()
    )


def _set_account_email(user: User, email: str) -> None:
    from allauth.account.models import EmailAddress

    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ScimError(409, f"Another account already uses {email}.", "uniqueness")
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.email = email


def _apply_names(user: User, record: ProvisionedUser, data: UserInput, shared: bool) -> list[str]:
    changes = []
    for field, value in (
        ("external_id", data.external_id),
        ("given_name", data.given_name),
        ("family_name", data.family_name),
    ):
        if getattr(record, field) != value:
            setattr(record, field, value)
            changes.append(field)
    if not shared and data.full_name and user.full_name != data.full_name:
        user.full_name = data.full_name
        changes.append("full_name")
    return changes


@transaction.atomic
def scim_user_create(*, organization: Organization, token: APIKey, data: UserInput) -> User:
    """Provision a person: their account (a new one without a password, or the one that
    already has this email), a membership as Member, and the provisioning record."""
    user = User.objects.filter(email__iexact=data.user_name).first()
    if user is not None and (
        Membership.objects.filter(organization=organization, user=user).exists()
        or ProvisionedUser.objects.filter(organization=organization, user=user).exists()
    ):
        raise ScimError(
            409, f"{data.user_name} is already a User here; look it up by userName.", "uniqueness"
        )
    if user is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(email=data.user_name, full_name=data.full_name)
        except IntegrityError:
            raise ScimError(409, f"Another account already uses {data.user_name}.", "uniqueness") from None
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        shared = False
    else:
        shared = _shared(user, organization)
    record = ProvisionedUser(organization=organization, user=user)
    _apply_names(user, record, data, shared)
    now = timezone.now()
    if data.active:
        Membership.objects.create(organization=organization, user=user, role=Role.MEMBER)
    else:
        record.deactivated_at = now
    record.save()
    user.save()
    if data.active:
        _link_roster(organization, user)
    audit_record(
        organization,
        AuditAction.SCIM_USER_CREATE,
        target=record,
        label=user.display_name,
        changes=["active: true" if data.active else "active: false"],
        actor=token,
        at=now,
    )
    return user


def _link_roster(organization: Organization, user: User) -> None:
    from organizations.roster.links import employee_link_for_user

    employee_link_for_user(organization=organization, user=user)


def _record_for(organization: Organization, user: User) -> ProvisionedUser:
    record, _ = ProvisionedUser.objects.select_for_update().get_or_create(
        organization=organization, user=user
    )
    return record


@transaction.atomic
def scim_user_update(*, organization: Organization, token: APIKey, user: User, data: UserInput) -> User:
    """Make the person what ``data`` says (PUT, and PATCH after its operations are applied)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    record = _record_for(organization, user)
    membership = Membership.objects.filter(organization=organization, user=user).first()
    shared = _shared(user, organization)
    changes: list[str] = []
    if data.user_name != user.email.lower():
        if shared:
            raise ScimError(
                400,
                "This account also belongs to another organization, so its email (userName) "
                "cannot be changed from here.",
                "mutability",
            )
        _set_account_email(user, data.user_name)
        changes.append("email")
    changes += _apply_names(user, record, data, shared)
    user.save()
    record.save()
    now = timezone.now()
    if changes:
        audit_record(
            organization,
            AuditAction.SCIM_USER_UPDATE,
            target=record,
            label=user.display_name,
            changes=changes,
            actor=token,
            at=now,
        )
    if membership is not None and not data.active:
        _deactivate(organization=organization, token=token, membership=membership, record=record, now=now)
    elif membership is None and data.active:
        _reactivate(organization=organization, token=token, user=user, record=record, now=now)
    return user


def _deactivate(
    *,
    organization: Organization,
    token: APIKey,
    membership: Membership,
    record: ProvisionedUser,
    now: datetime.datetime,
    action: AuditAction = AuditAction.SCIM_USER_DEACTIVATE,
) -> None:
    user = membership.user
    try:
        removed = membership_remove(membership=membership, actor=token, audited=False)
    except ValidationError as error:
        raise _refused(error) from None
    record.role = removed.role
    record.deactivated_at = now
    record.save(update_fields=["role", "deactivated_at", "updated_at"])
    keys = list(
        APIKey.objects.filter(organization=organization, created_by=user, revoked_at__isnull=True).exclude(
            pk=token.pk
        )
    )
    for key in keys:
        api_key_revoke(key=key, actor=token)
    outcomes = member_departed(organization=organization, user=user, actor=token, now=now)
    audit_record(
        organization,
        action,
        target=record,
        label=user.display_name,
        changes=["active: false", f"role: {removed.role}", f"keys revoked: {len(keys)}", *outcomes],
        actor=token,
        at=now,
    )


def _reactivate(
    *, organization: Organization, token: APIKey, user: User, record: ProvisionedUser, now: datetime.datetime
) -> None:
    Membership.objects.create(organization=organization, user=user, role=record.role)
    record.deactivated_at = None
    record.save(update_fields=["deactivated_at", "updated_at"])
    _link_roster(organization, user)
    audit_record(
        organization,
        AuditAction.SCIM_USER_REACTIVATE,
        target=record,
        label=user.display_name,
        changes=["active: true", f"role: {record.role}"],
        actor=token,
        at=now,
    )


@transaction.atomic
def scim_user_delete(*, organization: Organization, token: APIKey, user: User) -> None:
    """Take the person out of the organization for good: what deactivation does, and the
    provisioning record goes too (a later GET is 404). The account and the roster stay."""
    record = _record_for(organization, user)
    membership = (
        Membership.objects.filter(organization=organization, user=user).select_related("user").first()
    )
    now = timezone.now()
    if membership is not None:
        _deactivate(
            organization=organization,
            token=token,
            membership=membership,
            record=record,
            now=now,
            action=AuditAction.SCIM_USER_DELETE,
        )
    else:
        audit_record(
            organization,
            AuditAction.SCIM_USER_DELETE,
            target=record,
            label=user.display_name,
            changes=["active: false"],
            actor=token,
            at=now,
        )
    record.delete()


# --- Groups (roles) --------------------------------------------------------------------------


def _members_by_user(user_ids: list[str]) -> dict[str, Membership]:
    ids = set()
    for user_id in user_ids:
        if not str(user_id).isdigit() or len(str(user_id)) > 18:
            raise ScimError(400, f"No member with id {user_id!r}.", "invalidValue")
        ids.add(int(user_id))
    found = {str(m.user_id): m for m in Membership.objects.filter(user_id__in=ids).select_related("user")}
    missing = sorted(str(i) for i in ids if str(i) not in found)
    if missing:
        raise ScimError(400, f"No active member with id {', '.join(missing)}.", "invalidValue")
    return found


def _set_role(membership: Membership, role: str, token: APIKey) -> None:
    try:
        membership_change_role(membership=membership, role=role, actor=token)
    except ValidationError as error:
        raise _refused(error) from None


@transaction.atomic
def scim_group_change(
    *,
    organization: Organization,
    token: APIKey,
    role: str,
    add: list[str] = (),
    remove: list[str] = (),
    replace: list[str] | None = None,
) -> None:
    """Move members into the role ``role`` (``add``), back to Member (``remove``), or make
    ``replace`` its whole membership. Everyone holds exactly one role, so leaving a group means
    becoming a Member, and nobody leaves the Member group except by being deactivated. Each
    role change is audited (``membership.role``) with the token as actor."""
    if replace is not None:
        current = set(
            str(user_id) for user_id in Membership.objects.filter(role=role).values_list("user_id", flat=True)
        )
        wanted = {str(user_id) for user_id in replace}
        add = sorted(wanted - current)
        remove = sorted(current - wanted)
    if remove and role == Role.MEMBER:
        raise ScimError(
            400,
            "Everyone who is in no other group is a Member; to take someone's access away, "
            "deactivate them (active: false).",
            "mutability",
        )
    for membership in _members_by_user(list(add)).values():
        _set_role(membership, role, token)
    for membership in _members_by_user(list(remove)).values():
        if membership.role == role:
            _set_role(membership, Role.MEMBER, token)
