from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from organizations.models.tenancy import Organization
from organizations.roles import Role, Scope


class APIKeyKind(models.TextChoices):
    # Sent as ``Authorization: Api-Key …`` to the REST API (/api/v1/).
    API = "api", "API key"
    # Sent as ``Authorization: Bearer …`` to SCIM provisioning (/scim/v2/), nowhere else.
    SCIM = "scim", "SCIM token"


class APIKey(models.Model):
    """An organization-scoped key for HR systems. Only its SHA-256 is stored.

    A key acts with its ``role``'s permissions, narrowed to its ``scopes`` (names from
    ``organizations.roles.Scope``), until it is revoked or ``expires_at`` passes.

    A key of kind ``scim`` is an identity provider's provisioning token instead
    (docs/provisioning.md): it reaches /scim/v2/ only, never the REST API, and the REST API's
    keys never reach /scim/v2/. Both share the hashing, expiry, revocation and the audit log's
    "who".
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="api_keys")
    kind = models.CharField(max_length=8, choices=APIKeyKind.choices, default=APIKeyKind.API)
    name = models.CharField(max_length=120, help_text="What uses this key, e.g. 'Workday sync'.")
    prefix = models.CharField(max_length=12, help_text="The key's first characters, to recognise it.")
    key_hash = models.CharField(max_length=64, unique=True)
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.HR_ANALYST)
    scopes = models.JSONField(
        default=list, blank=True, help_text='What the key may reach, e.g. ["analytics.read"].'
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="The key stops working at this moment; empty: until revoked."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def actor_label(self) -> str:
        """How the audit log names what this key did."""
        what = "SCIM token" if self.kind == APIKeyKind.SCIM else "API key"
        return f"{what} “{self.name}” ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def scope_labels(self) -> list[str]:
        return [Scope(name).label for name in Scope if name in self.scopes]
