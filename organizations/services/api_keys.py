"""Creating and revoking API keys for HR systems."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from organizations.api.authentication import hash_api_key
from organizations.models import APIKey, Organization
from organizations.roles import Role


@transaction.atomic
def api_key_create(*, organization: Organization, actor, name: str) -> tuple[APIKey, str]:
    """Create a key with the HR-analyst role; returns the key and its raw value, shown once.

    Keys always carry the HR-analyst role: an HR system reads the roster and analytics, and
    no one can mint a key with more power than that.
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Say what will use this key, e.g. 'Workday sync'."})
    raw_key = f"lds_{secrets.token_urlsafe(32)}"
    key = APIKey.objects.create(
        organization=organization,
        name=name,
        prefix=raw_key[:12],
        key_hash=hash_api_key(raw_key),
        role=Role.HR_ANALYST,
        created_by=actor,
    )
    return key, raw_key


@transaction.atomic
def api_key_revoke(*, key: APIKey, actor) -> APIKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key
