"""Rematches: asked privately, resolved by a manager, history kept, the people matched again."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cohorts.models import TrustProfile
from cohorts.profiles.visibility import can_view_profile
from matching.models import Pair, PairKind, PairMember, PairStatus, RematchRequest, RematchStatus, RunScope
from matching.services.publish import match_run_publish
from matching.services.rematch import rematch_request_create, rematch_resolve
from matching.services.runs import match_run_create
from organizations.models import Membership
from programs.models import ApplicantRole, Structure
from tests.matching.factories import active_matching_cohort, member

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


@pytest.fixture
def published(org, manager, mentee, mentor):
    """The mentee@ and mentor@ users paired, plus a spare mentor and a second pair."""
    cohort = active_matching_cohort(org)
    people = {
        "mentee": member(cohort, MENTEE, user=mentee, name="Mia Mentee"),
        "mentor": member(cohort, MENTOR, level=5, department="Finance", user=mentor, name="Marco Mentor"),
    }
    match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    people["spare"] = member(cohort, MENTOR, level=5, department="Sales", name="Sam Spare")
    people["pair"] = Pair.objects.get(members__participant=people["mentee"])
    people["cohort"] = cohort
    return people


def test_only_the_person_in_the_pair_can_ask(published, mentor, manager):
    with pytest.raises(PermissionDenied):
        rematch_request_create(pair=published["pair"], participant=published["mentee"], actor=mentor)
    with pytest.raises(PermissionDenied):
        rematch_request_create(pair=published["pair"], participant=published["mentee"], actor=manager)
    assert not RematchRequest.objects.exists()


def test_asking_twice_while_open_is_refused_kindly(published, mentee):
    rematch_request_create(pair=published["pair"], participant=published["mentee"], actor=mentee, reason="x")
    with pytest.raises(ValidationError, match="already asked"):
        rematch_request_create(pair=published["pair"], participant=published["mentee"], actor=mentee)


def test_ending_a_pair_keeps_its_history(published, mentee, manager):
    request = rematch_request_create(
        pair=published["pair"], participant=published["mentee"], actor=mentee, reason="We never click."
    )
    rematch_resolve(request=request, actor=manager, end_pair=True)
    pair = Pair.objects.get(pk=published["pair"].pk)
    assert pair.status == PairStatus.ENDED and pair.ended_at is not None
    assert pair.members.count() == 2 and not pair.members.filter(left_at__isnull=True).exists()
    request.refresh_from_db()
    assert (request.status, request.outcome, request.resolved_by) == (
        RematchStatus.RESOLVED,
        "ended",
        manager,
    )
    assert request.reason == "We never click."
    with pytest.raises(ValidationError, match="already resolved"):
        rematch_resolve(request=request, actor=manager, end_pair=True)


def test_keeping_the_pair_resolves_the_request_and_changes_nothing_else(published, mentee, manager):
    request = rematch_request_create(pair=published["pair"], participant=published["mentee"], actor=mentee)
    rematch_resolve(request=request, actor=manager, end_pair=False)
    request.refresh_from_db()
    assert request.outcome == "kept"
    assert Pair.objects.get(pk=published["pair"].pk).status == PairStatus.ACTIVE


def test_the_rerun_takes_the_people_affected_only_and_never_the_old_partner(published, mentee, manager):
    request = rematch_request_create(pair=published["pair"], participant=published["mentee"], actor=mentee)
    rematch_resolve(request=request, actor=manager, end_pair=True)
    run = match_run_create(cohort=published["cohort"], actor=manager)
    assert run.scope == RunScope.UNPAIRED
    assert dict(run.proposed_pairs.values_list("mentee_id", "mentor_id")) == {
        published["mentee"].pk: published["spare"].pk
    }
    match_run_publish(run=run, actor=manager)
    assert PairMember.objects.filter(participant=published["mentee"]).count() == 2  # old and new


def test_former_partners_no_longer_read_each_others_profiles(published, mentee, mentor, manager, org):
    membership = Membership.objects.get(user=mentor, organization=org)
    profile = TrustProfile.objects.get(participant=published["mentee"])
    assert can_view_profile(profile=profile, viewer_user=mentor, viewer_membership=membership)
    request = rematch_request_create(pair=published["pair"], participant=published["mentee"], actor=mentee)
    rematch_resolve(request=request, actor=manager, end_pair=True)
    assert not can_view_profile(profile=profile, viewer_user=mentor, viewer_membership=membership)


def test_a_mentee_leaving_a_group_leaves_the_group_running(org, manager, mentee):
    cohort = active_matching_cohort(org, structure=Structure.GROUP, group_size=3)
    leaving = member(cohort, MENTEE, user=mentee)
    staying = member(cohort, MENTEE)
    mentor = member(cohort, MENTOR, level=5, department="Finance", capacity=3)
    match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    group = Pair.objects.get(kind=PairKind.GROUP)
    request = rematch_request_create(pair=group, participant=leaving, actor=mentee)
    rematch_resolve(request=request, actor=manager, end_pair=True)
    group.refresh_from_db()
    assert group.status == PairStatus.ACTIVE
    current = set(group.members.filter(left_at__isnull=True).values_list("participant_id", flat=True))
    assert current == {staying.pk, mentor.pk}
    # The mentor's freed place is offered again, but never to the mentee who left the group.
    run = match_run_create(cohort=cohort, actor=manager)
    assert run.mentor_count == 1 and not run.proposed_pairs.exists()
    assert run.unmatched.get().participant_id == leaving.pk
    assert run.unmatched.get().reason == "forbidden"
