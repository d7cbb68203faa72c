"""Talent flags are in the audit log with their readiness level, never the note."""

import pytest

from cohorts.teams.services.talent import talent_flag, talent_flag_remove
from organizations.models import AuditAction, AuditEntry
from tests.cohorts.factories import ParticipantFactory
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_flagging_and_unflagging_are_recorded_without_the_note(cohort, manager):
    employee = EmployeeFactory(organization=cohort.organization, name="Ada Byron")
    participant = ParticipantFactory(cohort=cohort, application__employee=employee)
    flag = talent_flag(
        actor=manager, participant=participant, readiness="ready_now", note="Brilliant in the room."
    )
    talent_flag_remove(actor=manager, flag=flag)
    flagged, removed = AuditEntry.objects.order_by("pk")
    assert (flagged.action, flagged.changes) == (AuditAction.TALENT_FLAG, ["readiness: ready_now"])
    assert removed.action == AuditAction.TALENT_UNFLAG
    assert "Ada Byron" in flagged.object_label
    assert all(
        "Brilliant" not in str(value) for entry in (flagged, removed) for value in entry.__dict__.values()
    )
