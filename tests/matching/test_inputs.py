"""From the database to the engine: who is in a run, with what, in a fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.inputs import cohort_inputs
from matching.models import MatchMode, MenteeRanking
from matching.services.publish import match_run_publish
from matching.services.runs import match_run_create
from programs.models import ApplicantRole, Structure
from tests.cohorts.factories import ParticipantFactory
from tests.factories import EmployeeFactory
from tests.matching.factories import (
    MatchSettingsFactory,
    active_matching_cohort,
    member,
    published_pair,
    small_class,
)

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


def test_profiles_combine_the_roster_row_and_the_trust_profile(org):
    cohort = active_matching_cohort(org)
    mentee = member(
        cohort,
        MENTEE,
        department="Sales",
        level=2,
        location="Lisbon",
        profile={
            "values": ["Courage"],
            "passions": ["Creator", "Teacher", "Healer"],
            "learning_wishes": ["Pricing"],
        },
    )
    mentor = member(cohort, MENTOR, department="Finance", level=6, profile={"strengths": ["Negotiation"]})
    inputs = cohort_inputs(cohort)
    (e,), (m,) = inputs.mentee_profiles, inputs.mentor_profiles
    assert (e.id, e.department, e.level, e.location) == (mentee.employee_id, "Sales", 2, "Lisbon")
    assert e.values == {"Courage"} and e.passions == {"Creator", "Teacher", "Healer"}
    assert e.wishes == {"Pricing"} and e.strengths == frozenset()
    assert m.id == mentor.employee_id and m.strengths == {"Negotiation"} and m.wishes == frozenset()


def test_someone_without_a_trust_profile_is_matched_on_roster_facts_with_capacity_one(org):
    cohort = active_matching_cohort(org)
    member(cohort, MENTEE, profile=False)
    mentor = member(cohort, MENTOR, level=5, profile=False)
    inputs = cohort_inputs(cohort)
    assert inputs.mentee_profiles[0].values == frozenset()
    assert inputs.places == {mentor.pk: 1}


def test_a_mentor_takes_as_many_mentees_as_their_profile_says(org):
    cohort = active_matching_cohort(org)
    mentor = member(cohort, MENTOR, level=5, capacity=3)
    member(cohort, MENTEE)
    assert cohort_inputs(cohort).constraints.capacity == {mentor.employee_id: 3}


def test_a_group_mentor_takes_the_smaller_of_the_group_size_and_their_stated_capacity(org):
    cohort = active_matching_cohort(org, structure=Structure.GROUP, group_size=4)
    one = member(cohort, MENTOR, level=5, capacity=1)  # "How many mentees can you take? 1"
    five = member(cohort, MENTOR, level=5, capacity=5)
    silent = member(cohort, MENTOR, level=5, profile=False)
    member(cohort, MENTEE)
    assert cohort_inputs(cohort).places == {one.pk: 1, five.pk: 4, silent.pk: 4}


def test_the_whole_rosters_manager_chain_is_read_so_lines_reach_any_depth(org):
    cohort = active_matching_cohort(org)
    boss = EmployeeFactory(organization=org, level=9)
    mentor = member(cohort, MENTOR, level=7, manager=boss)
    middle = EmployeeFactory(organization=org, level=5, manager=mentor.employee)
    mentee = member(cohort, MENTEE, level=2, manager=middle)
    manager_of = cohort_inputs(cohort).manager_of
    assert manager_of[mentee.employee_id] == middle.pk
    assert manager_of[middle.pk] == mentor.employee_id
    assert manager_of[mentor.employee_id] == boss.pk


def test_people_paired_in_an_earlier_cohort_are_previous_pairs(org):
    earlier = published_pair(active_matching_cohort(org))
    mentor_employee = earlier.members.get(role="mentor").participant.employee
    mentee_employee = earlier.members.get(role="mentee").participant.employee
    cohort = active_matching_cohort(org)
    for employee, role in ((mentor_employee, MENTOR), (mentee_employee, MENTEE)):
        ParticipantFactory(cohort=cohort, application__role=role, application__employee=employee)
    previous = cohort_inputs(cohort).constraints.previous_pairs
    assert tuple(sorted((mentor_employee.pk, mentee_employee.pk))) in previous


def test_after_publishing_a_run_takes_only_the_unpaired_and_mentors_with_places(org, manager):
    cohort, mentees, mentors = small_class(org, mentees=3, mentors=2)
    match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    member(cohort, MENTOR, level=6, name="Late mentor")
    inputs = cohort_inputs(cohort)
    assert [p.pk for p in inputs.mentees] == [p.pk for p in mentees if not p.pair_memberships.exists()]
    assert [p.name for p in inputs.mentors] == ["Late mentor"]
    assert inputs.already_paired == 2


def test_hybrid_ranks_are_read_favourite_first_among_mentors_in_the_run(org):
    cohort, mentees, mentors = small_class(org, mentees=1, mentors=3)
    MatchSettingsFactory(program=cohort.program, mode=MatchMode.HYBRID, shortlist_size=2)
    for rank, mentor in enumerate([mentors[2], mentors[0], mentors[1]], start=1):
        MenteeRanking.objects.create(organization=org, mentee=mentees[0], mentor=mentor, rank=rank)
    ranks = cohort_inputs(cohort).ranks
    assert ranks == {mentees[0].employee_id: [mentors[2].employee_id, mentors[0].employee_id]}


def _queries_for(cohort) -> int:
    with CaptureQueriesContext(connection) as captured:
        cohort_inputs(cohort)
    return len(captured)


def test_reading_a_class_takes_the_same_number_of_queries_whatever_its_size(org):
    small, _, _ = small_class(org, mentees=2, mentors=2)
    large, _, _ = small_class(org, mentees=15, mentors=10)
    _queries_for(small)  # the organization's profile framework is made on first use
    assert _queries_for(small) == _queries_for(large) <= 10
