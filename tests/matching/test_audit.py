"""The matching actions a manager takes are in the audit log: publishing, pins and never-pair
rules made and removed, rematches resolved (names and outcomes only)."""

import pytest

from matching.models import Pair
from matching.services.edits import pair_forbid, pair_pin, pair_unforbid, pair_unpin
from matching.services.publish import match_run_publish
from matching.services.rematch import rematch_request_create, rematch_resolve
from matching.services.runs import match_run_create
from organizations.models import AuditAction, AuditEntry
from programs.models import ApplicantRole
from tests.matching.factories import active_matching_cohort, member, small_class

pytestmark = pytest.mark.django_db
MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


def test_publishing_is_recorded_with_the_number_of_pairs(org, manager):
    cohort, _, _ = small_class(org, mentees=3, mentors=3)
    run = match_run_create(cohort=cohort, actor=manager)
    match_run_publish(run=run, actor=manager)
    entry = AuditEntry.objects.get(action=AuditAction.MATCH_PUBLISH)
    assert (entry.actor, entry.object_id, entry.changes) == (manager, str(run.pk), ["pairs: 3"])
    assert f"run {run.number}" in entry.object_label


def test_pins_and_never_pair_rules_are_recorded_as_they_are_made_and_undone(org, manager):
    cohort, mentees, mentors = small_class(org, mentees=2, mentors=2)
    pin = pair_pin(cohort=cohort, mentee=mentees[0], mentor=mentors[0], actor=manager)
    pair_unpin(pin=pin, actor=manager)
    forbid = pair_forbid(cohort=cohort, mentee=mentees[1], mentor=mentors[0], actor=manager)
    pair_unforbid(forbid=forbid, actor=manager)
    entries = AuditEntry.objects.filter(action=AuditAction.MATCH_EDIT).order_by("pk")
    assert [entry.changes for entry in entries] == [
        ["pinned"],
        ["unpinned"],
        ["never pair"],
        ["may pair again"],
    ]
    first = entries[0]
    assert mentees[0].employee.name in first.object_label and mentors[0].employee.name in first.object_label


def test_a_resolved_rematch_is_recorded_with_its_outcome(org, manager, mentee, mentor):
    cohort = active_matching_cohort(org)
    person = member(cohort, MENTEE, user=mentee, name="Mia Mentee")
    member(cohort, MENTOR, level=5, department="Finance", user=mentor, name="Marco Mentor")
    match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    pair = Pair.objects.get(members__participant=person)
    request = rematch_request_create(pair=pair, participant=person, actor=mentee)
    rematch_resolve(request=request, actor=manager, end_pair=True)
    entry = AuditEntry.objects.get(action=AuditAction.REMATCH)
    assert (entry.actor, entry.changes) == (manager, ["pair ended"])
    assert "Mia Mentee" in entry.object_label
