"""Single sign-on: an organization's identity provider, the email domains it answers for, and
the people an admin removed (organizations/sso/, docs/security.md).

The protocol details (OpenID Connect issuer, client id and secret; SAML entity id, sign-in URL
and certificate) live in the allauth ``SocialApp`` the provider points to, which allauth's
sign-in views read; what Lodestar decides (which organization, which addresses, which role,
whether passwords still work) lives here.
"""

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from organizations.models.tenancy import Organization
from organizations.roles import Role


class IdentityProvider(models.Model):
    """An organization's company sign-in: one per organization."""

    class Protocol(models.TextChoices):
        OIDC = "oidc", "OpenID Connect"
        SAML = "saml", "SAML 2.0"

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="identity_provider"
    )
    protocol = models.CharField(max_length=8, choices=Protocol.choices)
    # allauth's app: the client id and secret (OIDC) or the IdP's metadata (SAML), in its settings.
    app = models.OneToOneField(
        "socialaccount.SocialApp", on_delete=models.PROTECT, related_name="lodestar_identity_provider"
    )
    # The claim (OIDC) or attribute (SAML) that carries the person's groups, and which group
    # gives which role: [{"value": "lodestar-admins", "role": "admin"}, ...], first match wins.
    role_claim = models.CharField(max_length=200, blank=True, default="groups")
    role_mapping = models.JSONField(default=list, blank=True)
    # The role of someone no rule matches; empty: they are refused.
    default_role = models.CharField(max_length=32, choices=Role.choices, blank=True, default=Role.MEMBER)
    # Passwords stop working for addresses of the domains, except for the break-glass admins.
    require_sso = models.BooleanField(default=False)
    break_glass_admins = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    def __str__(self) -> str:
        return f"{self.get_protocol_display()} sign-in of {self.organization}"


class SSODomain(models.Model):
    """An email domain whose people sign in through the organization's provider: one domain,
    one organization."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="sso_domains")
    identity_provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class SSOExclusion(models.Model):
    """Someone an admin removed from the organization: single sign-on lets them back in only
    through an explicit rule of the role mapping, never through the default role."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_sso_exclusion_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} removed from {self.organization}"
