"""The SCIM bearer token: ``Authorization: Bearer <token>`` (RFC 7644 §2).

A token is an ``APIKey`` of kind ``scim`` (only its SHA-256 is stored, like every key): it
belongs to one organization, which is the only one its requests ever see. The REST API's
keys are refused here, and SCIM tokens are refused by the REST API
(``organizations/api/authentication.py``). A revoked, expired or unknown token gets 401.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework import authentication, exceptions

from organizations.api.authentication import hash_api_key
from organizations.models import APIKey, APIKeyKind

KEYWORD = "Bearer"


class ScimTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        scheme, _, raw_token = header.partition(" ")
        if scheme.lower() != KEYWORD.lower() or not raw_token.strip():
            return None
        # Tokens are looked up before any organization is known: deliberately unscoped.
        token = (
            APIKey.objects.with_scopes_disabled()
            .select_related("organization")
            .filter(key_hash=hash_api_key(raw_token.strip()), kind=APIKeyKind.SCIM, revoked_at__isnull=True)
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked SCIM token.")
        now = timezone.now()
        if token.expires_at is not None and token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                "This SCIM token has expired; create a new one in Lodestar."
            )
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            APIKey.objects.with_scopes_disabled().filter(pk=token.pk).update(last_used_at=now)
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="Lodestar SCIM"'
