"""Lodestar's allauth social account adapter: what an identity provider's answer may do.

allauth verifies the answer (signature, issuer, audience, expiry; SAML's conditions); this
adapter then decides, before anyone is signed in:

- an app that is no organization's identity provider signs nobody in, and a provider only
  ever signs people into its own organization (the app names it, never the person);
- only addresses of the provider's domains count, and they count as verified (the
  organization answers for its domains); an existing account with such an address is signed in
  (and linked) only when it already belongs to the organization, or to none;
- ``sso_admission`` gives the role from the mapping, or refuses; the decision travels in the
  sign-in's state to ``organizations.adapters.AccountAdapter.post_login``, which writes the
  membership once the person is signed in.
Only signing in goes through a provider: connecting one to an existing account from the
account pages is refused.
"""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthProcess
from django.http import HttpRequest
from django.shortcuts import render

from organizations.models import User
from organizations.sso.config import claim_values, email_domain
from organizations.sso.selectors import identity_provider_for_app
from organizations.sso.services import SSORefused, sso_admission, sso_refusal_record

logger = logging.getLogger(__name__)

STATE_KEY = "lodestar_sso"


def asserted_email(sociallogin) -> str:
    addresses = [address.email for address in sociallogin.email_addresses if address.email]
    if addresses:
        return addresses[0].strip().lower()
    return (sociallogin.user.email or "").strip().lower() if sociallogin.user else ""


def group_values(identity_provider, sociallogin) -> list[str]:
    """The values of the provider's group claim (OIDC: userinfo, then the ID token) or
    attribute (SAML)."""
    claim = identity_provider.role_claim
    if not claim:
        return []
    data = sociallogin.account.extra_data or {}
    if identity_provider.protocol == identity_provider.Protocol.OIDC:
        values = []
        for part in ("userinfo", "id_token"):
            values += claim_values((data.get(part) or {}).get(claim))
        return values
    return claim_values(data.get(claim))


def refuse(request: HttpRequest, message: str, status: int = 403):
    page = render(request, "account/sso_refused.html", {"message": message}, status=status)
    raise ImmediateHttpResponse(page)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def _identity_provider(self, provider):
        return identity_provider_for_app(getattr(provider, "app", None))

    def is_email_verified(self, provider, email) -> bool:
        identity_provider = self._identity_provider(provider)
        return (
            identity_provider is not None
            and identity_provider.domains.filter(domain=email_domain(email)).exists()
        )

    def can_authenticate_by_email(self, login, email: str) -> bool:
        # Whether the account may be signed in this way is sso_admission's decision (below).
        return self.is_email_verified(login.provider, email)

    def populate_user(self, request: HttpRequest, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or f"{data.get('first_name') or ''} {data.get('last_name') or ''}"
        name = " ".join(name.split())
        user.full_name = name[: User._meta.get_field("full_name").max_length]
        user.email = (user.email or "").lower()
        return user

    def pre_social_login(self, request: HttpRequest, sociallogin) -> None:
        identity_provider = self._identity_provider(sociallogin.provider)
        if identity_provider is None:
            logger.warning("single sign-on through an app that is no organization's: refused")
            refuse(request, "This sign-in is not set up for any organization.")
        if sociallogin.state.get("process", AuthProcess.LOGIN) != AuthProcess.LOGIN:
            refuse(request, "A company sign-in is only for signing in, from the sign-in page.")
        email = asserted_email(sociallogin)
        user = sociallogin.user if sociallogin.is_existing else None
        if user is None and email:
            user = User.objects.filter(email__iexact=email).first()
        try:
            admission = sso_admission(
                identity_provider=identity_provider,
                email=email,
                values=group_values(identity_provider, sociallogin),
                user=user,
            )
        except SSORefused as refusal:
            sso_refusal_record(identity_provider=identity_provider, email=email, reason=refusal.reason)
            refuse(request, refusal.message)
        if user is not None and not sociallogin.is_existing:
            # An existing account of the organization (or of none): sign it in and link it.
            sociallogin.user = user
            sociallogin._did_authenticate_by_email = user.email
        for address in sociallogin.email_addresses:
            address.verified = True
        sociallogin.state[STATE_KEY] = {"identity_provider": identity_provider.pk, "role": admission.role}

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        identity_provider = self._identity_provider(provider)
        if identity_provider is not None:
            reason = (extra_context or {}).get("saml_last_error_reason") or str(exception or error or "")
            logger.warning("single sign-on failed for %s: %s", identity_provider.organization.slug, reason)
            sso_refusal_record(identity_provider=identity_provider, email="", reason="answer not accepted")
        return super().on_authentication_error(request, provider, error, exception, extra_context)
