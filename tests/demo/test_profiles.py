"""The demo's trust profiles: the Leadership Bridge class filled through the service, two
mentees left to finish, mentors' strengths meeting mentees' wishes; running it twice is harmless."""

import pytest

from cohorts.models import CohortStatus, TrustProfile
from demo.context import DemoContext
from demo.profiles import seed_trust_profiles
from demo.programs import BRIDGE, WISHES
from programs.models import ApplicantRole
from tests.cohorts.factories import CohortFactory, ParticipantFactory, employee_of_user


@pytest.fixture
def bridge(org, mentee, mentor):
    cohort = CohortFactory(program__organization=org, program__name=BRIDGE, status=CohortStatus.ACTIVE)
    ParticipantFactory(cohort=cohort, application__employee=employee_of_user(mentee, org))
    ParticipantFactory(
        cohort=cohort,
        application__employee=employee_of_user(mentor, org),
        application__role=ApplicantRole.MENTOR,
    )
    for index in range(5):
        ParticipantFactory(cohort=cohort, application__learning_goals=WISHES[index % len(WISHES)])
    for _ in range(3):
        ParticipantFactory(cohort=cohort, application__role=ApplicantRole.MENTOR)
    return cohort


@pytest.fixture
def context(org, mentee, mentor, manager):
    return DemoContext(
        organization=org, accounts={"mentee": mentee, "mentor": mentor, "manager": manager}, password="x"
    )


def test_the_class_gets_profiles_with_two_mentees_left_to_finish(bridge, context, mentee, mentor):
    message = seed_trust_profiles(context)
    profiles = list(
        TrustProfile.objects.filter(participant__cohort=bridge).select_related("participant__employee")
    )
    assert len(profiles) == 9  # one of the ten has not started
    incomplete = [p for p in profiles if not p.is_complete]
    assert len(incomplete) == 1 and incomplete[0].participant.role == ApplicantRole.MENTEE
    assert 0 < incomplete[0].completion < 1
    assert message == f"Trust profiles: 8 of 10 in {BRIDGE} are complete; 2 still to finish."
    demo = [p for p in profiles if p.participant.employee.user in (mentee, mentor)]
    assert len(demo) == 2 and all(p.is_complete for p in demo)
    assert next(p for p in demo if p.participant.employee.user == mentee).updated_by == mentee


def test_mentors_offer_what_mentees_want_to_learn(bridge, context):
    seed_trust_profiles(context)
    profiles = TrustProfile.objects.filter(participant__cohort=bridge).select_related("participant")
    mentors = [p for p in profiles if p.participant.role == ApplicantRole.MENTOR]
    mentees = [p for p in profiles if p.participant.role == ApplicantRole.MENTEE and p.learning_wishes]
    assert {p.mentor_capacity for p in mentors} == {1, 2}
    offered = {skill for p in mentors for skill in p.strengths}
    assert all(set(p.learning_wishes) & offered for p in mentees)


def test_a_mentees_wishes_follow_their_application(bridge, context):
    seed_trust_profiles(context)
    profile = TrustProfile.objects.filter(
        participant__cohort=bridge, participant__application__learning_goals=WISHES[1]
    ).first()
    assert profile.learning_wishes == ["Negotiation", "Pricing", "Commercial thinking"]


def test_running_it_twice_changes_nothing(bridge, context):
    seed_trust_profiles(context)
    before = {p.pk: (p.updated_at, p.completion) for p in TrustProfile.objects.all()}
    assert seed_trust_profiles(context) == "Trust profiles: already filled."
    assert {p.pk: (p.updated_at, p.completion) for p in TrustProfile.objects.all()} == before


def test_without_the_bridge_class_it_says_so(org, context):
    assert seed_trust_profiles(context) == "Trust profiles: no Leadership Bridge class to fill."
    assert not TrustProfile.objects.exists()
