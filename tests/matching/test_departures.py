"""A member the identity provider deactivates leaves their pairs: history kept, the partner
told and matched again, the roster untouched, nothing given back on reactivation."""

import pytest

from cohorts.models import Participant, ParticipantStatus
from matching.models import Pair, PairKind, PairMember, PairStatus, RematchStatus
from matching.services.publish import match_run_publish
from matching.services.rematch import rematch_request_create
from matching.services.runs import match_run_create
from organizations.models import AuditAction, AuditEntry, Employee, Notification
from organizations.scim.tokens import scim_token_create
from programs.models import ApplicantRole, Structure
from tests.matching.factories import active_matching_cohort, member
from tests.organizations.scim.conftest import ScimClient

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


@pytest.fixture
def scim(org, admin):
    """Acme's identity provider."""
    token, raw = scim_token_create(organization=org, actor=admin, name="Okta")
    return ScimClient(raw, token)


@pytest.fixture
def paired(org, manager, mentee, mentor):
    cohort = active_matching_cohort(org)
    people = {
        "mentee": member(cohort, MENTEE, user=mentee, name="Mia Mentee"),
        "mentor": member(cohort, MENTOR, level=5, department="Finance", user=mentor, name="Marco Mentor"),
    }
    match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    people["pair"] = Pair.objects.get(members__participant=people["mentee"])
    people["cohort"] = cohort
    return people


def _deactivate(scim, user):
    response = scim.patch(f"Users/{user.pk}", {"op": "replace", "value": {"active": False}})
    assert response.status_code == 200, response.content


def test_the_pair_ends_and_keeps_its_history(scim, paired, mentor):
    _deactivate(scim, mentor)
    pair = Pair.objects.get(pk=paired["pair"].pk)
    assert pair.status == PairStatus.ENDED and pair.ended_at is not None
    assert PairMember.objects.filter(pair=pair, left_at__isnull=False).count() == 2
    entry = AuditEntry.objects.get(action=AuditAction.SCIM_USER_DEACTIVATE)
    assert "pairs ended: 1" in entry.changes and "classes withdrawn: 1" in entry.changes


def test_the_partner_is_told_without_a_reason_and_offered_a_new_match(scim, paired, mentor, mentee):
    _deactivate(scim, mentor)
    message = Notification.objects.get(kind="pair_ended_member_left")
    assert message.user == mentee and message.key == f"pair:{paired['pair'].pk}:ended"
    assert "Marco Mentor is no longer taking part" in message.body_text
    assert "You will be matched again" in message.body_text
    assert not Notification.objects.filter(kind="pair_ended_member_left", user=mentor).exists()


def test_the_partner_is_in_the_next_run_and_the_person_who_left_is_not(scim, paired, mentor, manager, org):
    spare = member(paired["cohort"], MENTOR, level=5, department="Sales", name="Sam Spare")
    _deactivate(scim, mentor)
    assert Participant.objects.get(pk=paired["mentor"].pk).status == ParticipantStatus.WITHDRAWN
    run = match_run_create(cohort=paired["cohort"], actor=manager)
    proposed = run.proposed_pairs.get()
    assert proposed.mentee_id == paired["mentee"].pk and proposed.mentor_id == spare.pk


def test_open_rematch_requests_on_the_pair_are_resolved_with_it(scim, paired, mentee, mentor):
    request = rematch_request_create(pair=paired["pair"], participant=paired["mentee"], actor=mentee)
    _deactivate(scim, mentor)
    request.refresh_from_db()
    assert request.status == RematchStatus.RESOLVED


def test_the_roster_row_stays_for_analytics(scim, paired, mentor):
    employee = Employee.objects.get(user=mentor)
    before = (employee.hire_date, employee.termination_date, employee.department, employee.level)
    _deactivate(scim, mentor)
    employee.refresh_from_db()
    assert (employee.hire_date, employee.termination_date, employee.department, employee.level) == before
    assert employee.user_id == mentor.pk


def test_reactivation_does_not_bring_back_the_ended_pair(scim, paired, mentor):
    _deactivate(scim, mentor)
    scim.patch(f"Users/{mentor.pk}", {"op": "replace", "value": {"active": True}})
    assert Pair.objects.get(pk=paired["pair"].pk).status == PairStatus.ENDED
    assert Participant.objects.get(pk=paired["mentor"].pk).status == ParticipantStatus.WITHDRAWN


def test_a_mentee_leaving_a_group_leaves_it_running_and_nobody_is_told(scim, org, manager, mentee):
    cohort = active_matching_cohort(org, structure=Structure.GROUP, group_size=3)
    member(cohort, MENTEE, user=mentee)
    staying = member(cohort, MENTEE)
    mentor = member(cohort, MENTOR, level=5, department="Finance")
    match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    _deactivate(scim, mentee)
    group = Pair.objects.get(kind=PairKind.GROUP)
    assert group.status == PairStatus.ACTIVE
    current = set(group.members.filter(left_at__isnull=True).values_list("participant_id", flat=True))
    assert current == {staying.pk, mentor.pk}
    assert not Notification.objects.filter(kind="pair_ended_member_left").exists()


def test_nothing_registered_stops_start_up(monkeypatch):
    from organizations import checks, departures

    monkeypatch.setattr(departures, "_listeners", [])
    assert [error.id for error in checks.departure_listener_registered()] == ["organizations.E002"]
    monkeypatch.undo()
    assert checks.departure_listener_registered() == []


def test_the_check_passes_with_matching_installed():
    from organizations import departures

    assert departures.departure_listeners_registered()


def test_removing_a_member_on_the_members_page_ends_their_pairs_too(
    client_for, org, admin, paired, mentor, mentee
):
    from organizations.models import Membership

    membership = Membership.objects.get(organization=org, user=mentor)
    response = client_for(admin).post(f"/o/{org.slug}/members/{membership.pk}/remove/")
    assert response.status_code == 302

    pair = Pair.objects.get(pk=paired["pair"].pk)
    assert pair.status == PairStatus.ENDED
    assert Notification.objects.get(kind="pair_ended_member_left").user == mentee
    entry = AuditEntry.objects.get(action=AuditAction.MEMBER_REMOVE)
    assert entry.object_id == str(membership.pk)
    assert "pairs ended: 1" in entry.changes
    assert Employee.objects.filter(user=mentor).exists()  # the roster keeps them for analytics
