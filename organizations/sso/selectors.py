"""Reads of single sign-on: which organization's provider answers for an address, and whether
a password may still sign someone in. Both look across organizations on purpose: sign-in
happens before anyone is in an organization."""

from organizations.models import IdentityProvider, Membership, SSODomain
from organizations.roles import Role
from organizations.sso.config import email_domain


def identity_provider_for_email(email: str) -> IdentityProvider | None:
    """The provider of the organization that claimed the address's domain, if any."""
    domain = email_domain(email)
    if not domain:
        return None
    found = (
        SSODomain.objects.with_scopes_disabled()
        .select_related("identity_provider__organization", "identity_provider__app")
        .filter(domain=domain)
        .first()
    )
    return found.identity_provider if found is not None else None


def identity_provider_for_app(app) -> IdentityProvider | None:
    """The provider an allauth app belongs to (None for an app Lodestar did not make)."""
    if app is None or app.pk is None:
        return None
    return (
        IdentityProvider.objects.with_scopes_disabled()
        .select_related("organization", "app")
        .filter(app=app)
        .first()
    )


def identity_provider_of(organization) -> IdentityProvider | None:
    return (
        IdentityProvider.objects.with_scopes_disabled()
        .select_related("app")
        .filter(organization=organization)
        .first()
    )


def password_sign_in_refusal(user) -> str | None:
    """Why ``user`` may not sign in with a password (their address's organization requires
    single sign-on and they are not one of its break-glass admins), else None."""
    identity_provider = identity_provider_for_email(user.email)
    if identity_provider is None or not identity_provider.require_sso:
        return None
    organization = identity_provider.organization
    is_break_glass = (
        identity_provider.break_glass_admins.filter(pk=user.pk).exists()
        and Membership.objects.with_scopes_disabled()
        .filter(organization=organization, user=user, role=Role.ADMIN)
        .exists()
    )
    if is_break_glass:
        return None
    return (
        f"{organization.name} signs its people in through its company sign-in. Choose "
        "“Sign in with your company (SSO)” below."
    )


def sso_session_needed(request, membership) -> bool:
    """Whether the organization requires single sign-on and this session did not come through
    its provider (a password, or a session from before the requirement), for someone who is not
    one of its break-glass admins. No query unless it is required (the membership comes with the
    organization's provider: ``organizations.tenancy.membership_for_slug``)."""
    from allauth.account.internal.flows.login import get_authentication_records

    try:
        identity_provider = membership.organization.identity_provider
    except IdentityProvider.DoesNotExist:
        return False
    if not identity_provider.require_sso:
        return False
    provider_id = identity_provider.app.provider_id
    records = get_authentication_records(request, request.user) or []
    if any(r.get("method") == "socialaccount" and r.get("provider") == provider_id for r in records):
        return False
    return not (
        membership.role == Role.ADMIN
        and identity_provider.break_glass_admins.filter(pk=membership.user_id).exists()
    )
