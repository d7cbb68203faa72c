from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from organizations.models import Organization


class CalendarFeed(models.Model):
    """A person's secret calendar address in one organization: their meetings and their
    cohorts' learning sessions. Only a hash of the token is stored; a revoked feed answers 404."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_calendar_feed_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed {self.pk} of user {self.user_id}"
