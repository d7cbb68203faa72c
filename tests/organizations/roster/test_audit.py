"""A roster load is in the audit log with its counts, never a row of the file."""

import pytest

from organizations.models import AuditAction, AuditEntry
from organizations.roster.loads import roster_import
from tests.organizations.roster.samples import VALID_ROWS, valid_roster

pytestmark = pytest.mark.django_db


def test_an_applied_load_is_recorded_with_its_counts(org, admin):
    load = roster_import(organization=org, actor=admin, content=valid_roster())
    entry = AuditEntry.objects.get(action=AuditAction.ROSTER_LOAD)
    assert (entry.actor, entry.object_id) == (admin, str(load.pk))
    assert f"created: {len(VALID_ROWS)}" in entry.changes and f"rows: {len(VALID_ROWS)}" in entry.changes
