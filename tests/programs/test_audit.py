"""Decisions on applications and eligibility overrides are in the audit log; the override's
written reason stays on the application and never reaches the log."""

import pytest

from organizations.models import AuditAction, AuditEntry
from programs.models import ApplicationStatus
from programs.services.applications import application_decide, application_override
from tests.cohorts.factories import CohortFactory, applicant

pytestmark = pytest.mark.django_db
REASON = "Joined from an acquisition; tenure there counts as ours."


def test_a_decision_is_recorded_with_its_outcome(org, manager):
    program = CohortFactory(program__organization=org).program
    application = applicant(program, status=ApplicationStatus.SUBMITTED)
    application_decide(application=application, decision=ApplicationStatus.ACCEPTED, actor=manager)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.changes) == (
        AuditAction.APPLICATION_DECISION,
        manager,
        ["status: accepted"],
    )
    assert application.employee.name in entry.object_label


def test_an_override_is_recorded_without_the_reasons_words(org, manager):
    program = CohortFactory(program__organization=org).program
    application = applicant(program, status=ApplicationStatus.INELIGIBLE)
    application_override(application=application, reason=REASON, actor=manager)
    entry = AuditEntry.objects.get(action=AuditAction.ELIGIBILITY_OVERRIDE)
    assert entry.actor == manager and "override_reason" in entry.changes
    assert all("acquisition" not in str(value) for value in entry.__dict__.values())
