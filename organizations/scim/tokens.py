"""Creating and revoking an organization's SCIM tokens (Settings → Provisioning).

A token is shown once, when created; only its SHA-256 is kept. Both actions are audited.
An organization may hold several (to switch identity providers without a gap, create the new
one, then revoke the old).
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from organizations.api.authentication import hash_api_key
from organizations.audit import audit_record
from organizations.models import APIKey, APIKeyKind, AuditAction, Organization

PREFIX = "scim_"


@transaction.atomic
def scim_token_create(*, organization: Organization, actor, name: str) -> tuple[APIKey, str]:
    """A new token for ``organization``'s identity provider; returns it and its raw value."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Say which identity provider will use it, e.g. 'Okta'."})
    if len(name) > 120:
        raise ValidationError({"name": f"Keep the name under 120 characters (it has {len(name)})."})
    raw = f"{PREFIX}{secrets.token_urlsafe(32)}"
    token = APIKey.objects.create(
        organization=organization,
        kind=APIKeyKind.SCIM,
        name=name,
        prefix=raw[:12],
        key_hash=hash_api_key(raw),
        scopes=[],
        created_by=actor,
    )
    audit_record(
        organization,
        AuditAction.SCIM_TOKEN_CREATE,
        target=token,
        label=f"{name} ({token.prefix}…)",
        actor=actor,
    )
    return token, raw


@transaction.atomic
def scim_token_revoke(*, token: APIKey, actor) -> APIKey:
    """Stop ``token`` working at once (its next request gets 401)."""
    if token.kind != APIKeyKind.SCIM:
        raise ValidationError("That is not a SCIM token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            token.organization,
            AuditAction.SCIM_TOKEN_REVOKE,
            target=token,
            label=f"{token.name} ({token.prefix}…)",
            actor=actor,
        )
    return token
