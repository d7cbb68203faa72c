"""Single sign-on pages: the admin's Settings → Single sign-on, and "Sign in with your company"."""

import logging

import requests
from allauth.socialaccount.providers.base.constants import AuthProcess
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from organizations.reauth import recent_sign_in_required
from organizations.roles import Permission
from organizations.sso.config import sp_addresses
from organizations.sso.forms import IdentityProviderForm, SSOLoginForm
from organizations.sso.selectors import identity_provider_for_email, identity_provider_of
from organizations.sso.services import identity_provider_delete, identity_provider_save
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, post_only

logger = logging.getLogger(__name__)


@permission_required(Permission.ORGANIZATION_MANAGE)
@recent_sign_in_required
def sso_settings(request, org_slug):
    identity_provider = identity_provider_of(request.organization)
    form = IdentityProviderForm(
        request.POST or None, organization=request.organization, identity_provider=identity_provider
    )
    if request.method == "POST" and form.is_valid():
        try:
            identity_provider_save(
                organization=request.organization, actor=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Single sign-on saved.")
            return redirect("sso_settings", org_slug=org_slug)
    return render(
        request,
        "organizations/sso/settings.html",
        {
            "form": form,
            "identity_provider": identity_provider,
            "addresses": sp_addresses(request, identity_provider) if identity_provider else None,
            "sign_in_url": request.build_absolute_uri("/accounts/sso/"),
        },
    )


@permission_required(Permission.ORGANIZATION_MANAGE)
@recent_sign_in_required
def sso_remove(request, org_slug):
    if refused := post_only(request):
        return refused
    identity_provider = identity_provider_of(request.organization)
    if identity_provider is not None:
        identity_provider_delete(identity_provider=identity_provider, actor=request.user)
        messages.success(request, "Single sign-on is off: everyone signs in with a password again.")
    return redirect("sso_settings", org_slug=org_slug)


@require_http_methods(["GET", "POST"])
def sso_login(request):
    """Sign in with your company: the address's domain names the organization's provider."""
    form = SSOLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        identity_provider = identity_provider_for_email(email)
        if identity_provider is None:
            form.add_error(
                "email",
                "No organization signs in this address through single sign-on. Sign in with your password.",
            )
        else:
            provider = identity_provider.app.get_provider(request)
            next_url = request.POST.get("next") or request.GET.get("next")
            if not (
                next_url
                and url_has_allowed_host_and_scheme(
                    next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
                )
            ):
                next_url = None
            extra = {}
            if identity_provider.protocol == identity_provider.Protocol.OIDC:
                extra["auth_params"] = provider.get_auth_params() | {"login_hint": email}
            try:
                response = provider.redirect(request, AuthProcess.LOGIN, next_url=next_url, **extra)
            except (requests.RequestException, ValueError, KeyError) as error:
                logger.warning(
                    "single sign-on: the provider of %s did not answer: %s",
                    identity_provider.organization.slug,
                    error,
                )
                form.add_error(
                    None,
                    f"{identity_provider.organization.name}'s identity provider did not answer. "
                    "Try again in a moment, or ask its admins.",
                )
            else:
                # Not a redirect from this form's POST: the pages' Content-Security-Policy says
                # form-action 'self', and browsers hold a form's redirects to it too. A page that
                # moves on by itself (meta refresh, with a link) reaches the provider.
                return render(
                    request,
                    "account/sso_redirect.html",
                    {"url": response["Location"], "organization": identity_provider.organization},
                )
    return render(request, "account/sso_login.html", {"form": form, "next": request.GET.get("next", "")})
