"""Creating and revoking API keys for HR systems."""

import datetime
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from organizations.api.authentication import hash_api_key
from organizations.audit import audit_record
from organizations.models import APIKey, AuditAction, Organization
from organizations.roles import Role, Scope, scopes_for_role

# What a key gets when its creator does not say: the least an HR reporting system needs.
DEFAULT_SCOPES: tuple[Scope, ...] = (Scope.ANALYTICS_READ,)
# A key dated further ahead is as good as one without an expiry, and a date near the end of the
# calendar would overflow when turned into a moment.
MAX_KEY_YEARS = 10


@transaction.atomic
def api_key_create(
    *,
    organization: Organization,
    actor,
    name: str,
    scopes: Iterable[str] = DEFAULT_SCOPES,
    expires_at: datetime.datetime | None = None,
) -> tuple[APIKey, str]:
    """Create a key with the HR-analyst role and ``scopes``; returns the key and its raw value,
    shown once.

    Keys always carry the HR-analyst role: an HR system reads the roster and analytics, and
    no one can mint a key with more power than that. ``scopes`` narrow it further (at least
    one, each one the role covers); ``expires_at``, when given, must be in the future and within
    ``MAX_KEY_YEARS``.
    """
    name = name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Say what will use this key, e.g. 'Workday sync'."
    allowed = scopes_for_role(Role.HR_ANALYST)
    chosen = [scope for scope in allowed if scope in set(scopes)]
    unknown = sorted(set(scopes) - set(allowed))
    if unknown:
        errors["scopes"] = f"Not a scope a key can have: {', '.join(unknown)}."
    elif not chosen:
        errors["scopes"] = "Choose at least one thing the key may do."
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        errors["expires_at"] = "Choose an expiry date in the future."
    elif expires_at is not None and expires_at.year > now.year + MAX_KEY_YEARS:
        errors["expires_at"] = f"Pick a day within {MAX_KEY_YEARS} years, or none to keep it till revoked."
    if errors:
        raise ValidationError(errors)
    raw_key = f"lds_{secrets.token_urlsafe(32)}"
    key = APIKey.objects.create(
        organization=organization,
        name=name,
        prefix=raw_key[:12],
        key_hash=hash_api_key(raw_key),
        role=Role.HR_ANALYST,
        scopes=[str(scope) for scope in chosen],
        expires_at=expires_at,
        created_by=actor,
    )
    audit_record(
        organization,
        AuditAction.APIKEY_CREATE,
        target=key,
        label=f"{key.name} ({key.prefix}…)",
        changes=[f"scopes: {', '.join(key.scopes)}"]
        + ([f"expires: {expires_at:%Y-%m-%d}"] if expires_at else []),
        actor=actor,
    )
    return key, raw_key


@transaction.atomic
def api_key_revoke(*, key: APIKey, actor) -> APIKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        audit_record(
            key.organization,
            AuditAction.APIKEY_REVOKE,
            target=key,
            label=f"{key.name} ({key.prefix}…)",
            actor=actor,
        )
    return key
