"""Writes that create and configure organizations."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from organizations.models import Membership, Organization
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
    *, organization: Organization, name: str, timezone: str, min_group_size: int
) -> Organization:
    if min_group_size < 2:
        raise ValidationError({"min_group_size": "Groups smaller than 2 can never be anonymous."})
    organization.name = name.strip()
    organization.timezone = timezone
    organization.min_group_size = min_group_size
    organization.full_clean()
    organization.save(update_fields=["name", "timezone", "min_group_size"])
    return organization
