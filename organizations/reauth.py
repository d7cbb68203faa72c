"""Two-factor authentication and recent sign-in for sensitive actions.

- ``uses_mfa(user)``: whether the person has an authenticator app or a security key
  (django-allauth's MFA; recovery codes alone do not count).
- ``recent_sign_in_required``: a view decorator for actions that change who can do what (API
  keys, roles, security settings). A POST goes through only when the person signed in or
  re-entered their password within ``ACCOUNT_REAUTHENTICATION_TIMEOUT``; otherwise nothing
  changes, allauth's page asks for the password (or a second factor) and brings the person
  back to the page they were on, to make the change again. Someone without a password (they
  only sign in through their company) is sent to sign in with their company again instead. allauth's own
  ``reauthentication_required`` counts only an explicit re-authentication (it would ask even a
  minute after signing in), and it replays the POST by calling the view directly, past the
  organization middleware that tenancy rests on; so neither is used here.
"""

import time
from functools import wraps
from urllib.parse import urlencode, urlsplit

from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def uses_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user, types=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])


def signed_in_recently(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    if not records:
        return False
    return time.time() - records[-1]["at"] < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


def recent_sign_in_required(view):
    """POSTs need a recent sign-in (see the module doc); GETs show the page as usual."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not signed_in_recently(request):
            query = urlencode({"next": _page_to_return_to(request)})
            if not request.user.has_usable_password():
                # Someone who only signs in through their company (single sign-on) does so again.
                messages.info(
                    request, "For your security, sign in with your company again, then make the change again."
                )
                return HttpResponseRedirect(f"{reverse('sso_login')}?{query}")
            messages.info(
                request, "For your security, enter your password again, then make the change again."
            )
            return HttpResponseRedirect(f"{reverse('account_reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped


def _page_to_return_to(request: HttpRequest) -> str:
    """The page the form was on (this site only), else the organization's overview."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    organization = getattr(request, "organization", None)
    return reverse("dashboard", kwargs={"org_slug": organization.slug}) if organization else "/"
