"""An organization as a whole: exported in one file, and deleted after a grace period.

- ``organization_export_lines``: every row of every model that belongs to the organization
  (a foreign key named ``organization`` to it), and the accounts of its members, as JSON lines
  (one object a line: ``{"model": ..., "pk": ..., "fields": {...}}``, Django's serializer
  format), streamed so a large organization never sits in memory. Secrets are left out:
  password hashes, token hashes of invitations, API keys, calendar feeds and partner links.
- ``organization_deletion_request``: an admin schedules the deletion ``DELETION_GRACE_DAYS``
  days ahead (typing the organization's name); every admin sees a banner with the date and can
  cancel until then. ``organizations_delete_due`` (daily) deletes what is due: every row of the
  organization goes with it (the foreign keys cascade); member accounts stay (they may belong
  to other organizations).
"""

import datetime
import json
from collections.abc import Iterator

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from organizations.audit import audit_record
from organizations.models import AuditAction, Organization, User
from organizations.sso.services import sso_organization_delete

DELETION_GRACE_DAYS = 30
SECRET_FIELDS = {"password", "token_hash", "key_hash"}
CHUNK = 2000


def _organization_models() -> list[type[models.Model]]:
    found = []
    for model in apps.get_models():
        try:
            field = model._meta.get_field("organization")
        except Exception:  # noqa: BLE001 - a model without the field is not the organization's
            continue
        if getattr(field, "related_model", None) is Organization and not model._meta.proxy:
            found.append(model)
    return sorted(found, key=lambda model: model._meta.label)


def _row(model: type[models.Model], values: dict) -> str:
    pk = values.pop(model._meta.pk.attname)
    fields = {name: value for name, value in values.items() if name not in SECRET_FIELDS}
    return (
        json.dumps({"model": model._meta.label_lower, "pk": pk, "fields": fields}, cls=DjangoJSONEncoder)
        + "\n"
    )


def organization_export_lines(organization: Organization) -> Iterator[str]:
    """The organization's rows, model by model, as JSON lines (see the module doc)."""
    yield (
        json.dumps(
            {"export": "lodestar-organization", "organization": organization.slug, "at": timezone.now()},
            cls=DjangoJSONEncoder,
        )
        + "\n"
    )
    org_fields = [f.attname for f in Organization._meta.concrete_fields]
    yield _row(Organization, Organization.objects.filter(pk=organization.pk).values(*org_fields).get())
    members = User.objects.filter(memberships__organization=organization).distinct()
    user_fields = [f.attname for f in User._meta.concrete_fields if f.attname not in SECRET_FIELDS]
    for values in members.values(*user_fields).order_by("pk").iterator(chunk_size=CHUNK):
        yield _row(User, values)
    for model in _organization_models():
        names = [f.attname for f in model._meta.concrete_fields]
        manager = model._base_manager  # the organization filter below is the scope
        for values in (
            manager.filter(organization=organization).values(*names).order_by("pk").iterator(chunk_size=CHUNK)
        ):
            yield _row(model, values)


@transaction.atomic
def organization_deletion_request(*, organization: Organization, actor, confirm_name: str) -> Organization:
    if " ".join(confirm_name.split()).casefold() != " ".join(organization.name.split()).casefold():
        raise ValidationError(
            {"confirm_name": f"Type “{organization.name}” exactly to schedule its deletion."}
        )
    if organization.deletion_due_on is None:
        organization.deletion_due_on = timezone.localdate() + datetime.timedelta(days=DELETION_GRACE_DAYS)
        organization.deletion_requested_by = actor
        organization.save(update_fields=["deletion_due_on", "deletion_requested_by"])
        audit_record(
            organization,
            AuditAction.ORGANIZATION_DELETION,
            target=organization,
            label=organization.name,
            changes=[f"deletion due on {organization.deletion_due_on:%Y-%m-%d}"],
            actor=actor,
        )
    return organization


@transaction.atomic
def organization_deletion_cancel(*, organization: Organization, actor) -> Organization:
    if organization.deletion_due_on is not None:
        organization.deletion_due_on = None
        organization.deletion_requested_by = None
        organization.save(update_fields=["deletion_due_on", "deletion_requested_by"])
        audit_record(
            organization,
            AuditAction.ORGANIZATION_DELETION,
            target=organization,
            label=organization.name,
            changes=["deletion cancelled"],
            actor=actor,
        )
    return organization


def organization_delete(organization: Organization) -> None:
    """Delete the organization and every row that belongs to it, in one transaction.

    The models' own ``on_delete`` rules protect history inside a living organization (an
    application cannot be deleted while a class refers to it); when the whole organization goes,
    every one of its rows goes, so each organization model's rows are deleted with plain SQL and
    the foreign keys (deferred to the commit on both databases) hold at the end."""
    with transaction.atomic():
        sso_organization_delete(organization)
        for model in _organization_models():
            model._base_manager.filter(organization=organization)._raw_delete(model._base_manager.db)
        Organization.objects.filter(pk=organization.pk)._raw_delete(Organization.objects.db)
        # Every foreign key checked now rather than at the commit, so a row of another table that
        # still points into the organization fails the deletion here, with its table named.
        connection.check_constraints()


def organizations_delete_due(today: datetime.date) -> list[str]:
    """Delete every organization whose deletion is due; their slugs. Each in its own transaction."""
    deleted = []
    for organization in Organization.objects.filter(deletion_due_on__lte=today).order_by("pk"):
        organization_delete(organization)
        deleted.append(organization.slug)
    return deleted
