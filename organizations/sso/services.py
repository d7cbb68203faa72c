"""Writes and rules of single sign-on (see the package doc and docs/security.md).

- ``identity_provider_save`` / ``identity_provider_delete``: an admin sets up, changes or
  removes the organization's company sign-in (the allauth ``SocialApp`` with it).
- ``sso_admission``: whether an identity provider's answer lets this person in, and with which
  role; raises ``SSORefused`` with the words to show them. Read-only: it runs before allauth
  signs anyone in.
- ``sso_membership_apply``: once they are signed in, their membership is created or its role
  set from the mapping.
- ``sso_exclusion_note``: an admin removed someone; the default role no longer lets them back.
"""

import logging
from dataclasses import dataclass

from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction

from organizations.audit import audit_record
from organizations.models import (
    AuditAction,
    IdentityProvider,
    Membership,
    Organization,
    SSODomain,
    SSOExclusion,
    User,
)
from organizations.roles import Role
from organizations.sso.config import (
    email_domain,
    mapped_role,
    normalize_certificate,
    parse_domains,
    provider_id_for,
)
from organizations.tenancy import organization_scope

logger = logging.getLogger(__name__)

_https = URLValidator(schemes=["https"])
# Where SAML providers put the address, the names and the groups, besides the NameID.
SAML_ATTRIBUTE_MAPPING = {
    "email": [
        "urn:oid:0.9.2342.19200300.100.1.3",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "email",
        "mail",
        "emailAddress",
    ],
    "first_name": [
        "urn:oid:2.5.4.42",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "firstName",
        "givenName",
    ],
    "last_name": [
        "urn:oid:2.5.4.4",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        "lastName",
        "sn",
    ],
}
SECRET_MAX = 191  # SocialApp.secret and client_id


def _https_url(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    try:
        _https(value)
    except ValidationError:
        raise ValidationError({field: f"Enter the {what} as an https:// address."}) from None
    if len(value) > 500:
        raise ValidationError({field: "At most 500 characters."})
    return value


def _protocol_settings(
    *,
    protocol: str,
    issuer: str,
    client_id: str,
    client_secret: str,
    entity_id: str,
    sso_url: str,
    x509cert: str,
) -> tuple[dict, dict]:
    """(SocialApp fields, SocialApp.settings) for the protocol, validated."""
    if protocol == IdentityProvider.Protocol.OIDC:
        issuer = _https_url(issuer, "issuer", "issuer").rstrip("/")
        client_id = (client_id or "").strip()
        if not client_id or len(client_id) > SECRET_MAX:
            raise ValidationError({"client_id": f"Enter the client id (at most {SECRET_MAX} characters)."})
        if len(client_secret or "") > SECRET_MAX:
            raise ValidationError({"client_secret": f"At most {SECRET_MAX} characters."})
        return {"provider": "openid_connect", "client_id": client_id}, {"server_url": issuer}
    if protocol == IdentityProvider.Protocol.SAML:
        entity_id = (entity_id or "").strip()
        if not entity_id or len(entity_id) > 500:
            raise ValidationError({"entity_id": "Enter the provider's entity id (at most 500 characters)."})
        sso_url = _https_url(sso_url, "sso_url", "identity provider's sign-in URL")
        try:
            certificate = normalize_certificate(x509cert)
        except ValidationError as error:
            raise ValidationError({"x509cert": error.messages}) from None
        return {"provider": "saml"}, {
            "idp": {"entity_id": entity_id, "sso_url": sso_url, "x509cert": certificate},
            "attribute_mapping": SAML_ATTRIBUTE_MAPPING,
            # Sign-ins start here (no IdP-initiated ones); "localhost" is a valid address for
            # the embedded setup's ACS.
            "advanced": {
                "strict": True,
                "reject_idp_initiated_sso": True,
                "allow_single_label_domains": True,
            },
        }
    raise ValidationError({"protocol": "Choose OpenID Connect or SAML 2.0."})


def _identity_of(app: SocialApp | None) -> str:
    """What identifies the provider whose people's ids the linked accounts hold."""
    if app is None:
        return ""
    if app.provider == "saml":
        return "saml:" + app.settings.get("idp", {}).get("entity_id", "")
    return "oidc:" + app.settings.get("server_url", "")


@transaction.atomic
def identity_provider_save(
    *,
    organization: Organization,
    actor,
    protocol: str,
    domains: list[str],
    role_claim: str = "groups",
    role_mapping: list[dict] = (),
    default_role: str = Role.MEMBER,
    require_sso: bool = False,
    break_glass_admins: list[User] = (),
    issuer: str = "",
    client_id: str = "",
    client_secret: str = "",
    entity_id: str = "",
    sso_url: str = "",
    x509cert: str = "",
) -> IdentityProvider:
    """Create or change the organization's identity provider. An empty ``client_secret`` keeps
    the stored one (the page never shows it back)."""
    with organization_scope(organization):
        current = (
            IdentityProvider.objects.select_for_update()
            .select_related("app")
            .filter(organization=organization)
            .first()
        )
        app_fields, app_settings = _protocol_settings(
            protocol=protocol,
            issuer=issuer,
            client_id=client_id,
            client_secret=client_secret,
            entity_id=entity_id,
            sso_url=sso_url,
            x509cert=x509cert,
        )
        app = current.app if current is not None else SocialApp(provider_id=provider_id_for(organization))
        changes = []
        if protocol == IdentityProvider.Protocol.OIDC:
            if client_secret:
                if current is not None and app.secret:
                    changes.append("client secret: replaced")
                app.secret = client_secret
            elif current is None or current.protocol != protocol or not app.secret:
                raise ValidationError({"client_secret": "Enter the client secret."})
        else:
            app.secret = ""
        before = {
            "protocol": current.protocol if current else "",
            "provider": _identity_of(current.app if current else None),
            "sign-in URL": app.settings.get("idp", {}).get("sso_url", "") if current else "",
            "certificate": app.settings.get("idp", {}).get("x509cert", "") if current else "",
            "client id": app.client_id if current and protocol == IdentityProvider.Protocol.OIDC else "",
        }
        app.provider = app_fields["provider"]
        app.client_id = app_fields.get("client_id") or organization.slug
        app.name = organization.name[:40]
        app.settings = app_settings
        after = {
            "protocol": protocol,
            "provider": _identity_of(app),
            "sign-in URL": app_settings.get("idp", {}).get("sso_url", ""),
            "certificate": app_settings.get("idp", {}).get("x509cert", ""),
            "client id": app.client_id if protocol == IdentityProvider.Protocol.OIDC else "",
        }
        changes = [name for name in before if before[name] != after[name]] + changes
        if current is not None and before["provider"] != after["provider"]:
            # Another provider's ids mean other people: the links to the old one go, and people
            # are matched again by their address (which must be in the domains) next time.
            SocialAccount.objects.filter(provider=app.provider_id).delete()
        app.save()

        domains = parse_domains(", ".join(domains))
        taken = sorted(
            SSODomain.objects.with_scopes_disabled()
            .filter(domain__in=domains)
            .exclude(organization=organization)
            .values_list("domain", flat=True)
        )
        if taken:
            raise ValidationError(
                {"domains": f"Another organization signs in {', '.join(taken)}: a domain is one's only."}
            )
        role_claim = (role_claim or "").strip()
        if len(role_claim) > 200:
            raise ValidationError({"role_claim": "At most 200 characters."})
        rules = [{"value": str(rule["value"]), "role": rule["role"]} for rule in role_mapping]
        if any(rule["role"] not in Role.values for rule in rules):
            raise ValidationError({"role_mapping": "Each rule gives one of the five roles."})
        if default_role not in [*Role.values, ""]:
            raise ValidationError({"default_role": "Choose a role, or nobody."})
        admins = set(
            Membership.objects.filter(organization=organization, role=Role.ADMIN).values_list(
                "user_id", flat=True
            )
        )
        break_glass = list(break_glass_admins)
        if any(user.pk not in admins for user in break_glass):
            raise ValidationError(
                {"break_glass_admins": "Break-glass admins must be the organization's admins."}
            )
        if require_sso and not break_glass:
            raise ValidationError(
                {
                    "break_glass_admins": "Choose at least one break-glass admin who keeps signing in with a "
                    "password, or nobody could get in while the identity provider is down."
                }
            )

        identity_provider = current or IdentityProvider(organization=organization, app=app)
        fields = {
            "role_claim": role_claim,
            "role_mapping": rules,
            "default_role": default_role,
            "require_sso": require_sso,
        }
        for name, value in fields.items():
            if current is not None and getattr(current, name) != value:
                label = name.replace("_", " ")
                changes.append(f"{label}: {str(value).lower()}" if name == "require_sso" else label)
            setattr(identity_provider, name, value)
        identity_provider.protocol = protocol
        identity_provider.save()

        old_domains = set(identity_provider.domains.values_list("domain", flat=True)) if current else set()
        try:
            with transaction.atomic():
                identity_provider.domains.exclude(domain__in=domains).delete()
                SSODomain.objects.bulk_create(
                    [
                        SSODomain(
                            organization=organization, identity_provider=identity_provider, domain=domain
                        )
                        for domain in domains
                        if domain not in old_domains
                    ]
                )
        except IntegrityError:
            raise ValidationError({"domains": "Another organization just claimed one of them."}) from None
        changes += [f"domain added: {d}" for d in sorted(set(domains) - old_domains) if current] + [
            f"domain removed: {d}" for d in sorted(old_domains - set(domains))
        ]
        old_break_glass = (
            set(identity_provider.break_glass_admins.values_list("pk", flat=True)) if current else set()
        )
        identity_provider.break_glass_admins.set(break_glass)
        if current is not None and old_break_glass != {user.pk for user in break_glass}:
            changes.append("break-glass admins")
        if current is None:
            changes = [
                f"set up: {identity_provider.get_protocol_display()}",
                *[f"domain: {d}" for d in domains],
            ]
            if require_sso:
                changes.append("require sso: true")
        if changes:
            audit_record(
                organization,
                AuditAction.SSO_CHANGE,
                target=identity_provider,
                label=f"{identity_provider.get_protocol_display()} sign-in",
                changes=changes,
                actor=actor,
            )
    return identity_provider


@transaction.atomic
def identity_provider_delete(*, identity_provider: IdentityProvider, actor) -> None:
    """Turn single sign-on off: the provider, its domains and its people's links go; accounts and
    memberships stay (people sign in with a password, or set one through "Forgot your password")."""
    organization = identity_provider.organization
    app = identity_provider.app
    audit_record(
        organization,
        AuditAction.SSO_CHANGE,
        target=identity_provider,
        label=f"{identity_provider.get_protocol_display()} sign-in",
        changes=["removed"],
        actor=actor,
    )
    SocialAccount.objects.filter(provider=app.provider_id).delete()
    identity_provider.delete()
    app.delete()


def sso_organization_delete(organization: Organization) -> None:
    """Before an organization's rows go (``organizations.lifecycle.organization_delete``, plain
    SQL per table): what single sign-on keeps outside them, the allauth app with its secret,
    the people's links and the break-glass admins, goes with the provider."""
    identity_provider = (
        IdentityProvider.objects.with_scopes_disabled()
        .select_related("app")
        .filter(organization=organization)
        .first()
    )
    if identity_provider is None:
        return
    app = identity_provider.app
    SocialAccount.objects.filter(provider=app.provider_id).delete()
    identity_provider.delete()
    app.delete()


# --- signing in ---------------------------------------------------------------------------


class SSORefused(Exception):
    """The identity provider's answer does not let this person in. ``reason`` is a word for
    the audit log; ``message`` is what the person reads."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Admission:
    identity_provider: IdentityProvider
    role: str


def sso_admission(
    *, identity_provider: IdentityProvider, email: str, values: list[str], user: User | None
) -> Admission:
    """Whether the provider's answer for ``email`` (with group ``values``) lets the person into
    its organization, and with which role; ``user`` is the account it would sign in, if any."""
    organization = identity_provider.organization
    with organization_scope(organization):
        if not email or not identity_provider.domains.filter(domain=email_domain(email)).exists():
            raise SSORefused(
                "address outside the domains",
                f"{organization.name}'s company sign-in answered for an address that is not one of "
                f"{organization.name}'s, so it cannot sign anyone in with it.",
            )
        membership = None
        if user is not None and user.pk is not None:
            membership = Membership.objects.filter(organization=organization, user=user).first()
            if membership is None and Membership.objects.with_scopes_disabled().filter(user=user).exists():
                raise SSORefused(
                    "account of another organization",
                    f"An account with this address already belongs to another organization. Sign in "
                    f"with your password and ask an admin of {organization.name} to invite you; after "
                    "that, your company sign-in works too.",
                )
            if (
                membership is not None
                and membership.role == Role.ADMIN
                and identity_provider.break_glass_admins.filter(pk=user.pk).exists()
            ):
                return Admission(identity_provider, Role.ADMIN)
        role = mapped_role(identity_provider.role_mapping, values)
        by_rule = role is not None
        role = role or identity_provider.default_role
        if not role:
            raise SSORefused(
                "no role in the mapping",
                f"Your company account has no role in {organization.name}: none of its single sign-on "
                f"rules matches your groups. Ask an admin of {organization.name}.",
            )
        if (
            membership is None
            and not by_rule
            and user is not None
            and user.pk is not None
            and SSOExclusion.objects.filter(organization=organization, user=user).exists()
        ):
            raise SSORefused(
                "removed by an admin",
                f"An admin removed you from {organization.name}. Ask its admins if you should be back.",
            )
    return Admission(identity_provider, role)


def sso_refusal_record(*, identity_provider: IdentityProvider, email: str, reason: str) -> None:
    """A refused single sign-on, in the organization's audit log (the address, never the claims)."""
    audit_record(
        identity_provider.organization,
        AuditAction.SSO_REFUSED,
        target=identity_provider,
        label=email or "(no address)",
        changes=[reason],
        actor=None,
    )


@transaction.atomic
def sso_membership_apply(*, identity_provider: IdentityProvider, user: User, role: str) -> Membership:
    """After a single sign-on: the person's membership, created or given the mapped role.

    The mapping decides the role at each sign-in, up or down; a break-glass admin keeps being an
    admin, and the organization's last admin is never demoted (the entry says so)."""
    organization = identity_provider.organization
    with organization_scope(organization):
        admin_ids = list(
            Membership.objects.select_for_update()
            .filter(organization=organization, role=Role.ADMIN)
            .order_by("pk")
            .values_list("user_id", flat=True)
        )
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("organization", "user")
            .filter(organization=organization, user=user)
            .first()
        )
        if membership is None:
            membership = Membership.objects.create(organization=organization, user=user, role=role)
            SSOExclusion.objects.filter(organization=organization, user=user).delete()
            changes = [f"joined as {role}"]
        elif membership.role == role or (
            membership.role == Role.ADMIN and identity_provider.break_glass_admins.filter(pk=user.pk).exists()
        ):
            return membership
        elif membership.role == Role.ADMIN and admin_ids == [user.pk]:
            changes = [f"kept admin (last admin; mapping says {role})"]
        else:
            changes = [f"role: {membership.role} → {role}"]
            membership.role = role
            membership.save(update_fields=["role"])
        audit_record(
            organization,
            AuditAction.SSO_SIGNIN,
            target=membership,
            label=user.display_name,
            changes=changes,
            actor=user,
        )
    logger.info("single sign-on: %s in %s: %s", user.pk, organization.slug, changes)
    return membership


def sso_exclusion_note(*, membership: Membership) -> None:
    """Called as an admin removes someone: single sign-on's default role stops letting them back
    (now or once it is set up); a rule of the mapping still does, as the identity provider then
    says they belong."""
    SSOExclusion.objects.with_scopes_disabled().get_or_create(
        organization=membership.organization, user=membership.user
    )
