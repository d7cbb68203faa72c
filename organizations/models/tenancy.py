import zoneinfo

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from organizations.roles import Role, role_has_permission

TIMEZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]

DEFAULT_RATING_SCALE = [
    "Unsatisfactory",
    "Needs improvement",
    "Meets expectations",
    "Exceeds expectations",
    "Outstanding",
]


def default_rating_scale() -> list[str]:
    return list(DEFAULT_RATING_SCALE)


class Organization(models.Model):
    """A tenant. Everything an organization owns carries a foreign key to it."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    timezone = models.CharField(max_length=64, choices=TIMEZONE_CHOICES, default="UTC")
    min_group_size = models.PositiveSmallIntegerField(
        "minimum analytics group size",
        default=5,
        validators=[MinValueValidator(2)],
        help_text="Analytics never show a group with fewer people than this.",
    )
    rating_scale = models.JSONField(
        default=default_rating_scale,
        help_text="Performance ratings from lowest to highest, as they appear in roster files.",
    )
    # Admins and HR analysts must use two-factor authentication to open the organization.
    require_mfa = models.BooleanField(
        "Require two-factor authentication for admins and HR analysts",
        default=False,
        help_text="They set up an authenticator app or a security key when they next open the organization.",
    )
    # Months after a program's last day that the words of each kind of record are kept
    # (organizations/retention.py); a kind not here is kept.
    retention_months = models.JSONField(default=dict, blank=True)
    # A deletion an admin scheduled (organizations/lifecycle.py): on this day the organization
    # and everything in it are deleted, unless an admin cancels before.
    deletion_due_on = models.DateField(null=True, blank=True)
    deletion_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def rating_label(self, value: int | None) -> str:
        if value is None or not 1 <= value <= len(self.rating_scale):
            return ""
        return self.rating_scale[value - 1]


class DataVersion(models.Model):
    """A number moved on after every committed write to the organization's data
    (organizations/data_version.py); the page cache keys rendered pages on it. A table of its
    own, not a column of the organization: roster loads lock the organization's row for as long
    as they run, and every write in the organization moves this number."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="data_version"
    )
    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.number}"


class Membership(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.MEMBER)
    # One email a day listing the day's notifications, instead of one email each.
    daily_digest = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["organization__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_membership_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} as {self.get_role_display()}"

    def can(self, permission: str) -> bool:
        return role_has_permission(self.role, permission)


class Invitation(models.Model):
    """An emailed offer to join an organization with a role. Only a hash of the token is kept."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    # The invitee's name as the roster has it (empty when the address is not on the roster):
    # shown beside the address and offered on the sign-up form.
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.organization}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_open(self) -> bool:
        return self.status == "pending"
