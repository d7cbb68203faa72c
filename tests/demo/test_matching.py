"""The demo: Leadership Bridge 2026 has match settings, its first wave is matched, and the
colleagues who joined from the waiting list — mentee@ and mentor@ among them — can be matched.

The seed runs once for the module (``conftest.seeded``), inside a transaction rolled back at
the end, so the other test modules still start from an empty database.
"""

import pytest

from cohorts.models import Cohort, Participant, ParticipantStatus, TrustProfile
from cohorts.profiles.visibility import can_view_profile
from demo.matching import DEMO_WEIGHTS
from demo.programs import BRIDGE, FIRST_WAVE, LATE_JOINERS
from matching.models import MatchRun, MatchSettings, Pair, PairMember, RunScope, RunStatus
from matching.services.publish import match_run_publish
from matching.services.runs import match_run_create
from organizations.models import Membership, User
from programs.models import ApplicantRole
from tests.demo.seeding import seed

# The demo builds two organizations; these tests read both, as seed_demo does.
pytestmark = pytest.mark.across_organizations


@pytest.fixture
def bridge(seeded, db):
    return Cohort.objects.select_related("program", "organization").get(program__name=BRIDGE)


def _unpaired(cohort, role) -> set[str]:
    paired = PairMember.objects.filter(pair__cohort=cohort, left_at__isnull=True).values("participant_id")
    return set(
        Participant.objects.filter(cohort=cohort, role=role, status=ParticipantStatus.SELECTED)
        .exclude(pk__in=paired)
        .values_list("employee__user__email", flat=True)
    )


def test_the_first_wave_was_matched_with_the_demo_settings(seeded, bridge):
    settings = MatchSettings.objects.get(program=bridge.program)
    assert settings.weights == DEMO_WEIGHTS and settings.min_level_gap == 2
    (run,) = MatchRun.objects.filter(cohort=bridge)
    assert (run.status, run.scope) == (RunStatus.PUBLISHED, RunScope.WHOLE_CLASS)
    assert run.mentee_count == run.matched_count == FIRST_WAVE[ApplicantRole.MENTEE]
    assert Pair.objects.filter(cohort=bridge).count() == FIRST_WAVE[ApplicantRole.MENTEE]
    assert "Match settings:" in seeded.output


def test_mentee_and_mentor_joined_from_the_waiting_list_and_wait_for_matching(bridge):
    waiting_mentees = _unpaired(bridge, ApplicantRole.MENTEE)
    assert len(waiting_mentees) == LATE_JOINERS[ApplicantRole.MENTEE]
    assert "mentee@acme.example" in waiting_mentees
    assert "mentor@acme.example" in _unpaired(bridge, ApplicantRole.MENTOR)


def test_seeding_again_changes_nothing(bridge):
    seed()
    assert MatchSettings.objects.filter(program=bridge.program).count() == 1
    assert MatchRun.objects.filter(cohort=bridge).count() == 1
    assert Pair.objects.filter(cohort=bridge).count() == FIRST_WAVE[ApplicantRole.MENTEE]


def test_the_latecomers_match_and_the_demo_mentee_then_reads_their_mentors_profile(bridge):
    manager = User.objects.get(email="manager@acme.example")
    run = match_run_create(cohort=bridge, actor=manager)
    assert run.scope == RunScope.UNPAIRED
    assert run.matched_count == run.mentee_count == LATE_JOINERS[ApplicantRole.MENTEE]
    match_run_publish(run=run, actor=manager)
    mentee = User.objects.get(email="mentee@acme.example")
    mine = PairMember.objects.get(participant__employee__user=mentee, participant__cohort=bridge)
    mentor_member = mine.pair.members.get(role="mentor")
    profile = TrustProfile.objects.get(participant=mentor_member.participant)
    membership = Membership.objects.get(user=mentee, organization=bridge.organization)
    assert can_view_profile(profile=profile, viewer_user=mentee, viewer_membership=membership)
