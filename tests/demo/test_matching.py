"""The demo: Leadership Bridge 2026 gets match settings, is not matched, and can be matched.

The seed runs once for the module, inside a transaction rolled back at the end, so the other
test modules still start from an empty database.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from cohorts.models import Cohort, TrustProfile
from cohorts.profiles.visibility import can_view_profile
from demo.matching import BRIDGE, DEMO_WEIGHTS
from matching.models import MatchRun, MatchSettings, Pair, PairMember
from matching.services.publish import match_run_publish
from matching.services.runs import match_run_create
from organizations.models import Membership, User

# The demo builds two organizations; these tests read both, as seed_demo does.
pytestmark = pytest.mark.across_organizations

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def bridge(seeded, db):
    return Cohort.objects.select_related("program", "organization").get(program__name=BRIDGE)


def test_the_demo_program_has_match_settings_and_no_run_yet(seeded, bridge):
    settings = MatchSettings.objects.get(program=bridge.program)
    assert settings.weights == DEMO_WEIGHTS and settings.min_level_gap == 2
    assert not MatchRun.objects.filter(cohort=bridge).exists()
    assert not Pair.objects.filter(cohort=bridge).exists()
    assert "Match settings:" in seeded


def test_seeding_again_changes_nothing(seeded, bridge):
    call_command("seed_demo", stdout=StringIO())
    assert MatchSettings.objects.filter(program=bridge.program).count() == 1
    assert not MatchRun.objects.exists()


def test_the_demo_class_matches_and_the_demo_mentee_then_reads_their_mentors_profile(bridge):
    manager = User.objects.get(email="manager@acme.example")
    run = match_run_create(cohort=bridge, actor=manager)
    assert run.matched_count == run.mentee_count > 0
    match_run_publish(run=run, actor=manager)
    mentee = User.objects.get(email="mentee@acme.example")
    mine = PairMember.objects.get(participant__employee__user=mentee, participant__cohort=bridge)
    mentor_member = mine.pair.members.get(role="mentor")
    profile = TrustProfile.objects.get(participant=mentor_member.participant)
    membership = Membership.objects.get(user=mentee, organization=bridge.organization)
    assert can_view_profile(profile=profile, viewer_user=mentee, viewer_membership=membership)
