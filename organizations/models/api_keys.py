from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from organizations.models.tenancy import Organization
from organizations.roles import Role, Scope


class APIKey(models.Model):
    """An organization-scoped key for HR systems. Only its SHA-256 is stored.

    A key acts with its ``role``'s permissions, narrowed to its ``scopes`` (names from
    ``organizations.roles.Scope``), until it is revoked or ``expires_at`` passes.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="api_keys")
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
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def scope_labels(self) -> list[str]:
        return [Scope(name).label for name in Scope if name in self.scopes]
