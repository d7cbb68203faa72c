"""API keys for HR systems: ``Authorization: Api-Key <key>``.

Only a SHA-256 of the key is stored; the key is shown once when created. A key belongs to
one organization and carries a role (HR analyst by default), so the base view's permission
check treats it like a member with that role, narrowed to the key's scopes. A revoked or
expired key is refused here (401) before anything else is looked at.
"""

import hashlib

from django.utils import timezone
from rest_framework import authentication, exceptions

KEYWORD = "Api-Key"


def hash_api_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


class APIKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        if not header.startswith(f"{KEYWORD} "):
            return None
        raw_key = header[len(KEYWORD) + 1 :].strip()
        from organizations.models import APIKey, APIKeyKind

        # Keys are looked up before any organization is known: deliberately unscoped. A SCIM
        # token is no API key: it reaches /scim/v2/ only.
        key = (
            APIKey.objects.with_scopes_disabled()
            .select_related("organization__data_version")
            .filter(key_hash=hash_api_key(raw_key), kind=APIKeyKind.API, revoked_at__isnull=True)
            .first()
        )
        if key is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked API key.")
        now = timezone.now()
        if key.expires_at is not None and key.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                f"This API key expired on {key.expires_at:%Y-%m-%d %H:%M} UTC; ask for a new one."
            )
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
            from organizations.tenancy import organization_scope

            # In the key's scope: the write moves its organization's data version, not everyone's.
            with organization_scope(key.organization):
                APIKey.objects.filter(pk=key.pk).update(last_used_at=now)
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser(), key

    def authenticate_header(self, request):
        return KEYWORD
