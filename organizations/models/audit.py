"""The audit log: who did what to which object, when and from where.

Written by the services themselves, in the transaction of the action (a rolled-back action
leaves no entry), through ``organizations.audit.audit_record``. Metadata only: the action, the
object's type, id and a short label (a name or a title), the *names* of the fields that
changed. Never a note, a goal, a check-in answer, a motivation or any other free text people
write. Append-only in the product: nothing updates or deletes an entry (``save`` refuses an
update, the admin site shows it read-only); entries go with their organization.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from organizations.models.tenancy import Organization


class AuditAction(models.TextChoices):
    ELIGIBILITY_OVERRIDE = "eligibility.override", "Eligibility overridden"
    APPLICATION_DECISION = "application.decision", "Application decided"
    SELECTION_APPLY = "selection.apply", "Class selected"
    WAITLIST_PROMOTE = "selection.promote", "Promoted from the waitlist"
    COHORT_START = "cohort.start", "Cohort started"
    MATCH_PUBLISH = "matching.publish", "Pairs published"
    MATCH_EDIT = "matching.edit", "Match edited"
    REMATCH = "matching.rematch", "Rematch resolved"
    ROLE_CHANGE = "membership.role", "Role changed"
    MEMBER_REMOVE = "membership.remove", "Member removed"
    INVITATION_CREATE = "invitation.create", "Invitation sent"
    INVITATION_REVOKE = "invitation.revoke", "Invitation revoked"
    INVITATION_ACCEPT = "invitation.accept", "Invitation accepted"
    ROSTER_LOAD = "roster.load", "Roster loaded"
    APIKEY_CREATE = "apikey.create", "API key created"
    APIKEY_REVOKE = "apikey.revoke", "API key revoked"
    TALENT_FLAG = "talent.flag", "Talent flagged"
    TALENT_UNFLAG = "talent.unflag", "Talent flag removed"
    DATA_EXPORT = "data.export", "Data exported"
    PERSON_ERASE = "person.erase", "Person erased"
    RETENTION_SWEEP = "retention.sweep", "Expired records blanked"
    ORGANIZATION_EXPORT = "organization.export", "Organization exported"
    ORGANIZATION_DELETION = "organization.deletion", "Organization deletion scheduled or cancelled"
    SETTINGS_CHANGE = "organization.settings", "Settings changed"
    SIGNIN_FAILED = "signin.failed", "Sign-in failed"
    SIGNIN_LOCKOUT = "signin.lockout", "Sign-in locked"
    SCIM_TOKEN_CREATE = "scim.token.create", "SCIM token created"
    SCIM_TOKEN_REVOKE = "scim.token.revoke", "SCIM token revoked"
    SCIM_USER_CREATE = "scim.user.create", "SCIM: member provisioned"
    SCIM_USER_UPDATE = "scim.user.update", "SCIM: member updated"
    SCIM_USER_DEACTIVATE = "scim.user.deactivate", "SCIM: member deactivated"
    SCIM_USER_REACTIVATE = "scim.user.reactivate", "SCIM: member reactivated"
    SCIM_USER_DELETE = "scim.user.delete", "SCIM: member deleted"


class AuditEntry(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="audit_entries")
    created_at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    # Who: a person, or an API key (with the person who made the key), or nobody (a task).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    api_key = models.ForeignKey(
        "organizations.APIKey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The actor as they were named then (an account can be deleted, a key renamed).
    actor_label = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # The object acted on: "programs.application", its id and a short label.
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    # Names of the fields that changed, or a few words of outcome ("accepted"); never values
    # people wrote.
    changes = models.JSONField(default=list, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="audit_recent"),
            models.Index(fields=["organization", "action", "-created_at"], name="audit_by_action"),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)
