"""Writes that create and configure organizations."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from organizations.audit import audit_record
from organizations.models import AuditAction, Membership, Organization
from organizations.reauth import uses_mfa
from organizations.roles import Role

RESERVED_SLUGS = {"new", "api", "admin", "accounts", "static", "media"}


@transaction.atomic
def organization_create(*, actor, name: str, slug: str = "", timezone: str = "UTC") -> Organization:
    """Create an organization with ``actor`` as its first admin."""
    slug = slugify(slug or name)[:60]
    if not slug or slug in RESERVED_SLUGS:
        raise ValidationError({"slug": "Choose another web address; this one is reserved or empty."})
    if Organization.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": "An organization already uses this web address."})
    organization = Organization.objects.create(name=name.strip(), slug=slug, timezone=timezone)
    Membership.objects.create(organization=organization, user=actor, role=Role.ADMIN)
    return organization


@transaction.atomic
def organization_update(
    *,
    organization: Organization,
    name: str,
    timezone: str,
    min_group_size: int,
    require_mfa: bool | None = None,
    actor=None,
) -> Organization:
    """Save the settings; ``require_mfa`` (left as it is when ``None``) can only be turned on
    by an admin who uses two-factor authentication themselves, so nobody locks themselves out."""
    if min_group_size < 2:
        raise ValidationError({"min_group_size": "Groups smaller than 2 can never be anonymous."})
    fields = {"name": name.strip(), "timezone": timezone, "min_group_size": min_group_size}
    if require_mfa is not None:
        if require_mfa and not organization.require_mfa and not (actor is not None and uses_mfa(actor)):
            raise ValidationError(
                {
                    "require_mfa": "Set up two-factor authentication for your own account first "
                    "(Account → Two-factor authentication), so the requirement cannot lock you out."
                }
            )
        fields["require_mfa"] = require_mfa
    changed = [name for name, value in fields.items() if getattr(organization, name) != value]
    for name, value in fields.items():
        setattr(organization, name, value)
    organization.full_clean()
    organization.save(update_fields=list(fields))
    if changed:
        audit_record(
            organization,
            AuditAction.SETTINGS_CHANGE,
            target=organization,
            label=organization.name,
            changes=changed,
            actor=actor,
        )
    return organization
