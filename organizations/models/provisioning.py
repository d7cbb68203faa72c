"""How an organization's identity provider knows its people (SCIM 2.0, docs/provisioning.md).

A SCIM "User" is a person *in one organization*: the account (``User``, shared by every
organization the person belongs to) plus what this organization's identity provider said about
them. Their access is their ``Membership``; this row keeps what must outlive it, so a
deactivated person is still a SCIM resource (``active: false``) that can be reactivated with
the role they had. The person's roster row is untouched either way: analytics read the roster.
"""

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from organizations.models.tenancy import Organization
from organizations.roles import Role


class ProvisionedUser(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provisioned")
    # The identity provider's own id for the person (SCIM ``externalId``), echoed back as sent.
    external_id = models.CharField(max_length=255, blank=True)
    # The name as this organization's identity provider gives it (``name.givenName`` and
    # ``familyName``); the account's display name is only changed when no other organization
    # shares the account.
    given_name = models.CharField(max_length=150, blank=True)
    family_name = models.CharField(max_length=150, blank=True)
    # The role the person had when deactivated, given back when they are reactivated.
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.MEMBER)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_provisioned_user_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.organization_id} (SCIM)"
