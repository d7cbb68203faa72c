"""Choosing the class, promoting from the waitlist and starting the cohort are in the audit log."""

import pytest

from cohorts import services
from organizations.models import AuditAction, AuditEntry
from programs.models import ApplicantRole, ApplicationStatus
from tests.cohorts.factories import CohortFactory, ParticipantFactory, applicant

pytestmark = pytest.mark.django_db
MENTEE = ApplicantRole.MENTEE


@pytest.fixture
def cohort(org):
    return CohortFactory(program__organization=org, program__mentee_limit=3, program__mentor_limit=2)


def test_applying_a_selection_is_recorded_with_how_many_joined(cohort, manager):
    for n in range(3):
        applicant(cohort.program, department=f"Dept {n}", days_ago=n)
    proposal = services.selection_propose(cohort=cohort, role=MENTEE)
    services.selection_apply(
        cohort=cohort, role=MENTEE, application_ids=proposal.application_ids, actor=manager
    )
    entry = AuditEntry.objects.get(action=AuditAction.SELECTION_APPLY)
    assert (entry.actor, entry.object_id, entry.changes) == (manager, str(cohort.pk), ["mentees added: 3"])


def test_a_promotion_from_the_waitlist_is_recorded_with_the_persons_name(cohort, manager):
    waiting = applicant(cohort.program, status=ApplicationStatus.WAITLISTED, days_ago=5)
    services.waitlist_promote(cohort=cohort, role=MENTEE, actor=manager)
    entry = AuditEntry.objects.get(action=AuditAction.WAITLIST_PROMOTE)
    assert waiting.employee.name in entry.object_label and entry.actor == manager
    # The acceptance that goes with it is recorded as a decision too.
    assert AuditEntry.objects.filter(
        action=AuditAction.APPLICATION_DECISION, object_id=str(waiting.pk)
    ).exists()


def test_starting_the_cohort_is_recorded(cohort, manager):
    ParticipantFactory(cohort=cohort)
    services.cohort_activate(cohort=cohort, actor=manager)
    entry = AuditEntry.objects.get(action=AuditAction.COHORT_START)
    assert entry.actor == manager and "status: selecting → active" in entry.changes
