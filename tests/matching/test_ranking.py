"""Hybrid programs: a mentee's shortlist of mentors, and the ranking they send back."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from matching.models import MatchMode, MenteeRanking
from matching.services.edits import pair_forbid, pair_pin
from matching.services.ranking import mentee_ranking_submit, shortlist_for
from programs.models import ApplicantRole
from tests.factories import EmployeeFactory
from tests.matching.factories import MatchSettingsFactory, active_matching_cohort, member

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


@pytest.fixture
def hybrid(org, mentee):
    cohort = active_matching_cohort(org)
    MatchSettingsFactory(program=cohort.program, mode=MatchMode.HYBRID, shortlist_size=2)
    me = member(cohort, MENTEE, user=mentee, profile={"learning_wishes": ["Negotiation", "Writing"]})
    mentors = {
        "both": member(
            cohort, MENTOR, level=5, department="Sales", profile={"strengths": ["Negotiation", "Writing"]}
        ),
        "one": member(cohort, MENTOR, level=5, department="Sales", profile={"strengths": ["Writing"]}),
        "none": member(cohort, MENTOR, level=5, department="Sales", profile={"strengths": ["Coaching"]}),
    }
    return cohort, me, mentors


def test_the_shortlist_is_the_best_allowed_mentors_with_the_reasons(hybrid):
    cohort, me, mentors = hybrid
    shortlist = shortlist_for(participant=me)
    assert shortlist.is_open
    assert [o.mentor.pk for o in shortlist.options] == [mentors["both"].pk, mentors["one"].pk]
    assert "can help with 2 of your 2 learning wishes" in shortlist.options[0].why
    assert shortlist.options[0].score > shortlist.options[1].score


def test_the_shortlist_names_none_of_a_mentors_profile_items(hybrid):
    """Profiles are for partners and managers: before publishing, a mentee sees reasons only."""
    cohort, me, mentors = hybrid
    profile = mentors["both"].trust_profile
    profile.values, profile.passions = ["Curiosity", "Courage"], ["Teacher", "Builder", "Healer"]
    profile.save()
    mine = me.trust_profile
    mine.values, mine.passions = ["Curiosity"], ["Teacher", "Creator", "Conceiver"]
    mine.save()
    why = shortlist_for(participant=me).options[0].why
    assert "shared values" in why and "shared or complementary passions" in why
    for item in ("Curiosity", "Courage", "Teacher", "Builder", "Healer", "Negotiation", "Writing"):
        assert item not in why


def test_forbidden_and_reporting_line_mentors_are_not_offered(hybrid, org):
    cohort, me, mentors = hybrid
    pair_forbid(cohort=cohort, mentee=me, mentor=mentors["both"], actor=None)
    boss = member(
        cohort, MENTOR, level=6, department="Sales", profile={"strengths": ["Negotiation", "Writing"]}
    )
    me.employee.manager = EmployeeFactory(organization=org, manager=boss.employee)
    me.employee.save()
    offered = [o.mentor.pk for o in shortlist_for(participant=me).options]
    assert offered == [mentors["one"].pk, mentors["none"].pk]


def test_a_ranking_is_stored_favourite_first_and_replaced_on_resubmit(hybrid, mentee):
    cohort, me, mentors = hybrid
    mentee_ranking_submit(participant=me, actor=mentee, mentor_ids=[mentors["one"].pk, mentors["both"].pk])
    assert list(MenteeRanking.objects.values_list("mentor_id", "rank")) == [
        (mentors["one"].pk, 1),
        (mentors["both"].pk, 2),
    ]
    mentee_ranking_submit(participant=me, actor=mentee, mentor_ids=[mentors["both"].pk])
    assert list(MenteeRanking.objects.values_list("mentor_id", "rank")) == [(mentors["both"].pk, 1)]
    assert shortlist_for(participant=me).ranked_count == 1
    mentee_ranking_submit(participant=me, actor=mentee, mentor_ids=[])
    assert not MenteeRanking.objects.exists()


def test_only_shortlisted_mentors_can_be_ranked(hybrid, mentee):
    cohort, me, mentors = hybrid
    with pytest.raises(ValidationError, match="only the mentors on your shortlist"):
        mentee_ranking_submit(participant=me, actor=mentee, mentor_ids=[mentors["none"].pk])
    assert not MenteeRanking.objects.exists()


def test_only_the_mentee_ranks_their_own_shortlist(hybrid, mentor):
    cohort, me, mentors = hybrid
    with pytest.raises(PermissionDenied):
        mentee_ranking_submit(participant=me, actor=mentor, mentor_ids=[mentors["both"].pk])


def test_ranking_closes_at_the_deadline(hybrid, mentee):
    cohort, me, mentors = hybrid
    cohort.program.match_settings.ranking_deadline = timezone.now() - datetime.timedelta(minutes=1)
    cohort.program.match_settings.save()
    shortlist = shortlist_for(participant=me)
    assert shortlist.closed.startswith("The ranking deadline has passed") and not shortlist.options
    with pytest.raises(ValidationError, match="deadline has passed"):
        mentee_ranking_submit(participant=me, actor=mentee, mentor_ids=[mentors["both"].pk])


def test_a_pinned_mentee_gets_no_shortlist(hybrid):
    cohort, me, mentors = hybrid
    pair_pin(cohort=cohort, mentee=me, mentor=mentors["none"], actor=None)
    assert shortlist_for(participant=me).options == []


def test_manager_matched_programs_have_no_ranking(org, mentee):
    cohort = active_matching_cohort(org)
    me = member(cohort, MENTEE, user=mentee)
    member(cohort, MENTOR, level=5)
    assert "matches mentors and mentees themselves" in shortlist_for(participant=me).closed
