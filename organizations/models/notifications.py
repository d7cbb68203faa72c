"""The notification outbox: every message a person gets, stored before it is sent.

A ``Notification`` is written in the same transaction as the event that causes it (a decision,
a publication, a due reminder found by a scan), under a unique key per recipient, kind,
subject and period, so however often the event or the scan runs the message exists once. The
dispatcher (organizations/notifications/dispatch.py) emails pending rows one by one, each
marked in its own short transaction; the in-app list reads the same rows.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from organizations.models.tenancy import Organization


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Not emailed (preferences)"
    DIGEST = "digest", "Held for the daily digest"
    DIGESTED = "digested", "Sent in a daily digest"


class Notification(models.Model):
    # No single-column indexes on the organization and the user: the unique key and the inbox
    # index lead with them, and each index is paid for by every message a scan stores.
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    # Who it is for: ``recipient_key`` is "user:<id>" for people with an account and
    # "email:<address>" for people without one (an outside accountability partner, an invitee).
    recipient_key = models.CharField(max_length=260)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        db_index=False,
    )
    email = models.EmailField(max_length=254)
    kind = models.CharField(max_length=64)
    # The subject and period the message is about, e.g. "pair:12:2026-11"; with the recipient
    # and kind it makes the message unique.
    key = models.CharField(max_length=200)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # A scan's message is stored unrendered: ``body_text`` empty and the template context here
    # as plain JSON values; the email and the in-app list render it when they read it
    # (``outbox.notification_body``). Empty for messages rendered when they were stored.
    context = models.JSONField(default=dict, blank=True)
    # Path inside the site (SITE_URL is added when sending), where the person acts on it.
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    email_status = models.CharField(max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # Shown in the person's in-app list (users only), until they mark it read.
    in_app = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)
    # A digest email lists the notifications it carried.
    digest = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="digested"
    )

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "recipient_key", "kind", "key"], name="notification_once"
            ),
        ]
        indexes = [
            models.Index(fields=["email_status", "next_attempt_at"], name="notification_due"),
            models.Index(fields=["user", "in_app", "read_at"], name="notification_inbox"),
            # Scans ask "has anyone had this subject's message?" (organization, kind, key).
            models.Index(fields=["organization", "kind", "key"], name="notification_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.email} ({self.email_status})"


class NotificationPreference(models.Model):
    """One person's choice for one kind of message: by email, in the app, both or neither.

    No row means the kind's defaults. People without an account are keyed by address (their
    one-click unsubscribe writes a row here too).
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    recipient_key = models.CharField(max_length=260)
    kind = models.CharField(max_length=64)
    by_email = models.BooleanField(default=True)
    in_app = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "recipient_key", "kind"], name="one_preference_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_key}: {self.kind}"
