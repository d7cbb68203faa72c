"""Lodestar's django-allauth adapter: invitations are accepted at sign-up.

The handshake: an anonymous visitor of /invitations/<token>/ has the invitation remembered in
their session (by token hash, never the raw token). When they then sign up with the invited
address:

1. ``is_email_verified`` reports that address as verified. Opening a link that was only ever
   sent to that address proves they receive its mail, exactly what a verification email
   would prove, so they are not sent a second email to click.
2. ``post_login`` (reached right after the sign-up, since the address is verified) accepts
   the invitation and sends them to their organization.

Signing up with another address gets no shortcut: that address is verified the usual way
and the invitation stays open for whoever holds the invited address.

Single sign-on (organizations/sso/): a password that is right still does not sign in someone
whose address belongs to an organization requiring single sign-on, unless they are one of its
break-glass admins (``authenticate``); and after a sign-in through an identity provider,
``post_login`` writes the membership the provider's answer was admitted with and opens that
organization.

Failed sign-ins are limited per client address *and* account (``ACCOUNT_RATE_LIMITS`` in
config/settings.py): allauth keys its per-account limit by the account alone, so anyone could
lock a known person out by typing five wrong passwords; here the key also holds the client's
address, so the person still signs in from their own. Each lockout is logged once per window
with the address and a keyed fingerprint of the email (``email_fingerprint``), never the email.
"""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.crypto import salted_hmac

from organizations.audit import audit_sign_in_refused
from organizations.models import AuditAction, IdentityProvider, Invitation, Membership
from organizations.services.invitations import invitation_accept
from organizations.sso.selectors import identity_provider_for_email, password_sign_in_refusal
from organizations.sso.services import sso_membership_apply, sso_refusal_record

logger = logging.getLogger(__name__)

SESSION_KEY = "lodestar_invitation_token_hash"
LOGGED_IN = "account/messages/logged_in.txt"
TOO_MANY_ATTEMPTS = "too_many_login_attempts"
# A lockout is logged once per address and account for this long (the per-account window).
LOCKOUT_LOG_SECONDS = 5 * 60


def email_fingerprint(email: str) -> str:
    """A short keyed hash of an address, for security logs: the same address always gives the
    same fingerprint, and nobody without SECRET_KEY can tell whose it is. To find a person's,
    in ``manage.py shell``: ``email_fingerprint("ada@example.com")``.
    """
    return salted_hmac("organizations.adapters.email_fingerprint", email.strip().lower()).hexdigest()[:16]


def invitation_remember(request: HttpRequest, invitation: Invitation) -> None:
    """Keep the invitation in the session so a sign-up that follows can accept it."""
    request.session[SESSION_KEY] = invitation.token_hash


def invitation_forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def invitation_remembered(request: HttpRequest) -> Invitation | None:
    """The open invitation this browser came from, if any (across organizations, by design)."""
    session = getattr(request, "session", None)
    token_hash = session.get(SESSION_KEY) if session is not None else None
    if not token_hash:
        return None
    invitation = (
        Invitation.objects.with_scopes_disabled()
        .select_related("organization")
        .filter(token_hash=token_hash)
        .first()
    )
    if invitation is None or not invitation.is_open:
        return None
    return invitation


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials) -> str:
        # allauth's key is "<site>:<email>", one counter for every address in the world; with the
        # client's address in it, a stranger's wrong passwords only lock out the stranger.
        return (
            f"{super()._get_login_attempts_cache_key(request, **credentials)}:{self.get_client_ip(request)}"
        )

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as refused:
            if getattr(refused, "code", None) == TOO_MANY_ATTEMPTS:
                self._log_lockout(request, credentials.get("email") or credentials.get("username") or "")
            raise

    def _log_lockout(self, request: HttpRequest, login: str) -> None:
        address, fingerprint = self.get_client_ip(request), email_fingerprint(login)
        if cache.add(f"lodestar:lockout-logged:{fingerprint}:{address}", True, LOCKOUT_LOG_SECONDS):
            audit_sign_in_refused(request, login, AuditAction.SIGNIN_LOCKOUT)
            logger.warning(
                "sign-in locked: too many failed attempts for account %s from %s; it signs in "
                "from other addresses as usual",
                fingerprint,
                address,
            )

    def authenticate(self, request: HttpRequest, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            refusal = password_sign_in_refusal(user)
            if refusal:
                identity_provider = identity_provider_for_email(user.email)
                sso_refusal_record(identity_provider=identity_provider, email=user.email, reason="password")
                raise ValidationError(refusal, code="sso_required")
        return user

    def is_email_verified(self, request: HttpRequest, email: str) -> bool:
        """An address counts as verified when this browser opened an invitation sent to it."""
        invitation = invitation_remembered(request)
        if invitation is not None and invitation.email.lower() == email.strip().lower():
            return True
        return super().is_email_verified(request, email)

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        """A new account takes the name typed on the sign-up form (organizations.forms_accounts)."""
        full_name = getattr(form, "cleaned_data", {}).get("full_name")
        if full_name:
            user.full_name = full_name
        return super().save_user(request, user, form, commit)

    def post_login(self, request: HttpRequest, user, *, signup: bool, **kwargs) -> HttpResponse:
        """Right after a sign-up, accept the invitation this browser came from (same address only);
        after a single sign-on, apply the membership its answer was admitted with."""
        membership = self._accept_remembered_invitation(request, user) if signup else None
        sso_membership = self._apply_single_sign_on(user, kwargs.get("signal_kwargs"))
        response = super().post_login(request, user, signup=signup, **kwargs)
        if sso_membership is not None:
            organization = sso_membership.organization
            request._lodestar_joined_by_invitation = True  # one message, ours
            messages.success(request, f"Signed in to {organization.name} through your company sign-in.")
            if kwargs.get("redirect_url"):
                return response
            return HttpResponseRedirect(reverse("dashboard", kwargs={"org_slug": organization.slug}))
        if membership is None:
            return response
        organization = membership.organization
        messages.success(request, f"Welcome to {organization.name}!")
        return HttpResponseRedirect(reverse("dashboard", kwargs={"org_slug": organization.slug}))

    def add_message(
        self, request, level, message_template=None, message_context=None, extra_tags="", message=None
    ) -> None:
        # "Successfully signed in as ..." would sit above "Welcome to <organization>!".
        if getattr(request, "_lodestar_joined_by_invitation", False) and message_template == LOGGED_IN:
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    @staticmethod
    def _apply_single_sign_on(user, signal_kwargs) -> Membership | None:
        from organizations.sso.adapter import STATE_KEY

        sociallogin = (signal_kwargs or {}).get("sociallogin")
        decision = sociallogin.state.get(STATE_KEY) if sociallogin is not None else None
        if not decision:
            return None
        identity_provider = (
            IdentityProvider.objects.with_scopes_disabled()
            .select_related("organization")
            .filter(pk=decision["identity_provider"], app__provider_id=sociallogin.account.provider)
            .first()
        )
        if identity_provider is None:  # removed while the person was at their provider
            return None
        return sso_membership_apply(identity_provider=identity_provider, user=user, role=decision["role"])

    @staticmethod
    def _accept_remembered_invitation(request: HttpRequest, user) -> Membership | None:
        invitation = invitation_remembered(request)
        if invitation is None or invitation.email.lower() != user.email.lower():
            return None
        try:
            membership = invitation_accept(invitation=invitation, user=user)
        except ValidationError as error:
            # Raced with a revocation or expiry: the account stands, the invitation does not.
            logger.info("invitation %s not accepted at sign-up: %s", invitation.pk, error.messages)
            return None
        invitation_forget(request)
        request._lodestar_joined_by_invitation = True
        return membership
