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
"""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from organizations.models import Invitation, Membership
from organizations.services.invitations import invitation_accept

logger = logging.getLogger(__name__)

SESSION_KEY = "lodestar_invitation_token_hash"
LOGGED_IN = "account/messages/logged_in.txt"


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
    def is_email_verified(self, request: HttpRequest, email: str) -> bool:
        """An address counts as verified when this browser opened an invitation sent to it."""
        invitation = invitation_remembered(request)
        if invitation is not None and invitation.email.lower() == email.strip().lower():
            return True
        return super().is_email_verified(request, email)

    def post_login(self, request: HttpRequest, user, *, signup: bool, **kwargs) -> HttpResponse:
        """Right after a sign-up, accept the invitation this browser came from (same address only)."""
        membership = self._accept_remembered_invitation(request, user) if signup else None
        response = super().post_login(request, user, signup=signup, **kwargs)
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
