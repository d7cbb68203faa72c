"""The solver: optimal against brute force, hard rules never broken, reasons for those left out."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.features import MatchProfile, build_features
from matching.scoring import ScoringRules, score_matrix
from matching.solver import Constraints, PinError, UnmatchedReason, greedy_assignment, solve
from tests.matching.cohorts import cohorts, in_same_line, scoring_rules


@st.composite
def problems(draw, max_mentees=6, max_mentors=4, max_capacity=2):
    """A scored cohort with capacities, forbidden pairs, earlier pairs and pins that can hold."""
    mentees, mentors, manager_of = draw(cohorts(max_mentees=max_mentees, max_mentors=max_mentors))
    rules = draw(scoring_rules())
    scores = score_matrix(build_features(mentees, mentors, manager_of=manager_of), rules)
    capacity = {m.id: draw(st.integers(0, max_capacity)) for m in mentors}
    cells = [(e.id, m.id) for e in mentees for m in mentors]
    forbidden = draw(st.lists(st.sampled_from(cells), unique=True, max_size=len(cells))) if cells else []
    previous = draw(st.lists(st.sampled_from(cells), unique=True, max_size=3)) if cells else []
    # Earlier pairs may have had the roles the other way round.
    previous = [pair if draw(st.booleans()) else pair[::-1] for pair in previous]
    pinned = []
    left = dict(capacity)
    for mentee in mentees:
        options = [
            m.id
            for m in mentors
            if left[m.id] > 0
            and (mentee.id, m.id) not in forbidden
            and not in_same_line(mentee.id, m.id, manager_of)
        ]
        if options and draw(st.integers(0, 4)) == 0:
            mentor_id = draw(st.sampled_from(options))
            pinned.append((mentee.id, mentor_id))
            left[mentor_id] -= 1
    # Hybrid programs that honour first choices: some mentees' favourite (allowed or not).
    first_choices = []
    if mentors and draw(st.booleans()):
        for mentee in mentees:
            if draw(st.booleans()):
                first_choices.append((mentee.id, draw(st.sampled_from([m.id for m in mentors]))))
    constraints = Constraints(
        capacity=capacity,
        pinned=pinned,
        forbidden=forbidden,
        previous_pairs=previous,
        allow_previous_pairs=draw(st.booleans()),
        first_choices=first_choices,
    )
    return mentees, mentors, manager_of, rules, scores, constraints


def may_pair(mentee, mentor, manager_of, rules, constraints):
    """The hard rules, written out independently of the solver."""
    earlier = {frozenset(pair) for pair in constraints.previous_pairs}
    return not (
        in_same_line(mentee.id, mentor.id, manager_of)
        or (mentee.id, mentor.id) in set(constraints.forbidden)
        or (not constraints.allow_previous_pairs and frozenset((mentee.id, mentor.id)) in earlier)
        or (rules.level_gap_is_hard and mentor.level - mentee.level < rules.min_level_gap)
    )


def brute_force(mentees, mentors, manager_of, rules, scores, constraints):
    """Try every assignment; return the best (pairs made, first choices granted, total score),
    the solver's objective."""
    capacity = [constraints.capacity.get(m.id, constraints.default_capacity) for m in mentors]
    pinned = dict(constraints.pinned)
    favourite = dict(constraints.first_choices)
    base_count, base_first, base_score = 0, 0, 0.0
    for i, mentee in enumerate(mentees):
        if mentee.id in pinned:
            j = [m.id for m in mentors].index(pinned[mentee.id])
            capacity[j] -= 1
            base_count += 1
            base_first += favourite.get(mentee.id) == mentors[j].id
            base_score += float(scores.pair_scores(i, j))
    free = [i for i, mentee in enumerate(mentees) if mentee.id not in pinned]
    options = {
        i: [
            j
            for j, mentor in enumerate(mentors)
            if may_pair(mentees[i], mentor, manager_of, rules, constraints)
        ]
        for i in free
    }
    best = (0, 0, 0.0)

    def search(k, count, first, score):
        nonlocal best
        if k == len(free):
            best = max(best, (count, first, score))
            return
        i = free[k]
        search(k + 1, count, first, score)
        for j in options[i]:
            if capacity[j] > 0:
                capacity[j] -= 1
                is_first = favourite.get(mentees[i].id) == mentors[j].id
                search(k + 1, count + 1, first + is_first, score + float(scores.pair_scores(i, j)))
                capacity[j] += 1

    search(0, 0, 0, 0.0)
    return base_count + best[0], base_first + best[1], base_score + best[2]


def assert_hard_rules_hold(assignment, mentees, mentors, manager_of, rules, constraints):
    by_id = {p.id: p for p in mentees + mentors}
    pinned = set(constraints.pinned)
    per_mentor = {}
    for pair in assignment.pairs:
        per_mentor[pair.mentor_id] = per_mentor.get(pair.mentor_id, 0) + 1
        assert not in_same_line(pair.mentee_id, pair.mentor_id, manager_of)
        assert ((pair.mentee_id, pair.mentor_id) in pinned) == pair.pinned
        if not pair.pinned:
            assert may_pair(by_id[pair.mentee_id], by_id[pair.mentor_id], manager_of, rules, constraints)
    assert pinned <= {(p.mentee_id, p.mentor_id) for p in assignment.pairs}
    for mentor in mentors:
        capacity = constraints.capacity.get(mentor.id, constraints.default_capacity)
        assert per_mentor.get(mentor.id, 0) <= capacity
        assert assignment.remaining_capacity[mentor.id] == capacity - per_mentor.get(mentor.id, 0)
    matched = [p.mentee_id for p in assignment.pairs]
    assert len(matched) == len(set(matched))
    assert sorted(matched + [u.mentee_id for u in assignment.unmatched]) == sorted(m.id for m in mentees)


@settings(max_examples=300, deadline=None)
@given(problems())
def test_the_solver_finds_the_brute_force_optimum(problem):
    mentees, mentors, manager_of, rules, scores, constraints = problem
    count, first, score = solve(scores, constraints).objective()
    best_count, best_first, best_score = brute_force(*problem)
    assert (count, first) == (best_count, best_first)
    assert score == pytest.approx(best_score, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(problems(max_mentees=25, max_mentors=10, max_capacity=4))
def test_capacities_pins_forbids_and_reporting_lines_are_never_broken(problem):
    mentees, mentors, manager_of, rules, scores, constraints = problem
    for assignment in (solve(scores, constraints), greedy_assignment(scores, constraints)):
        assert_hard_rules_hold(assignment, mentees, mentors, manager_of, rules, constraints)


@settings(max_examples=200, deadline=None)
@given(problems(max_mentees=12, max_mentors=6, max_capacity=3))
def test_greedy_never_beats_the_optimum(problem):
    scores, constraints = problem[4], problem[5]
    optimal, greedy = (
        solve(scores, constraints).objective(),
        greedy_assignment(scores, constraints).objective(),
    )
    assert optimal[0] >= greedy[0]
    if optimal[0] == greedy[0]:
        assert optimal[1] >= greedy[1]  # first choices (when honoured), then the total
        if optimal[1] == greedy[1]:
            assert optimal[2] >= greedy[2] - 1e-9


@settings(max_examples=100, deadline=None)
@given(problems(max_mentees=10, max_mentors=5))
def test_a_pairs_score_is_its_exact_score_and_its_cell_of_the_matrix_rounded(problem):
    scores, constraints = problem[4], problem[5]
    assignment = solve(scores, constraints)
    for pair, row, col in zip(
        assignment.pairs, assignment.mentee_index, assignment.mentor_index, strict=True
    ):
        assert scores.features.mentees.ids[row] == pair.mentee_id
        assert scores.features.mentors.ids[col] == pair.mentor_id
        assert pair.score == scores.pair_scores(row, col)
        assert np.float32(pair.score) == pytest.approx(scores.total[row, col], rel=1e-6, abs=1e-6)
    assert assignment.total_score == pytest.approx(
        math.fsum(scores.pair_scores(assignment.mentee_index, assignment.mentor_index))
    )


# Hand-made cohorts -----------------------------------------------------------------------------


def person(pid, department="Eng", level=1, **fields):
    return MatchProfile(id=pid, department=department, level=level, **fields)


ONLY_DEPARTMENT = ScoringRules(
    weights={name: 0.0 for name in ScoringRules().weights} | {"different_department": 1.0}
)


def test_matching_more_mentees_beats_a_higher_total_for_fewer():
    # Ann fits Max well and Lee poorly; Bob can only take Max. Greedy gives Max to Ann and
    # leaves Bob out; the solver pairs both.
    mentees = [person("ann", "Sales"), person("bob", "Sales")]
    mentors = [person("max", "Eng"), person("lee", "Sales")]
    scores = score_matrix(build_features(mentees, mentors, manager_of={}), ONLY_DEPARTMENT)
    constraints = Constraints(forbidden=[("bob", "lee")])
    optimal = solve(scores, constraints)
    assert {(p.mentee_id, p.mentor_id) for p in optimal.pairs} == {("ann", "lee"), ("bob", "max")}
    greedy = greedy_assignment(scores, constraints)
    assert [(p.mentee_id, p.mentor_id) for p in greedy.pairs] == [("ann", "max")]
    assert greedy.unmatched[0].reason is UnmatchedReason.NO_CAPACITY


def test_a_group_mentor_takes_up_to_their_capacity():
    mentees = [person(f"e{n}", "Sales") for n in range(5)]
    mentors = [person("group lead", "Eng"), person("other", "Sales")]
    scores = score_matrix(build_features(mentees, mentors, manager_of={}), ONLY_DEPARTMENT)
    assignment = solve(scores, Constraints(capacity={"group lead": 4}, default_capacity=0))
    assert [p.mentor_id for p in assignment.pairs] == ["group lead"] * 4
    assert assignment.remaining_capacity == {"group lead": 0, "other": 0}
    assert [u.reason for u in assignment.unmatched] == [UnmatchedReason.NO_CAPACITY]
    assert assignment.unmatched[0].detail == "no mentor capacity left: all 2 compatible mentors are full"


def test_pins_are_kept_and_use_up_their_mentors_capacity():
    mentees = [person("ann", "Sales"), person("bob", "Sales")]
    mentors = [person("max", "Eng"), person("lee", "Sales")]
    scores = score_matrix(build_features(mentees, mentors, manager_of={}), ONLY_DEPARTMENT)
    assignment = solve(scores, Constraints(pinned=[("bob", "lee")]))
    assert [(p.mentee_id, p.mentor_id, p.pinned) for p in assignment.pairs] == [
        ("ann", "max", False),
        ("bob", "lee", True),
    ]


def test_a_pin_may_repeat_an_earlier_pair_or_fall_short_of_the_level_gap():
    scores = score_matrix(
        build_features([person("ann", level=3)], [person("max", level=3)], manager_of={}),
        ScoringRules(min_level_gap=2, level_gap_is_hard=True),
    )
    constraints = Constraints(pinned=[("ann", "max")], previous_pairs=[("max", "ann")])
    assert [p.pinned for p in solve(scores, constraints).pairs] == [True]


def test_impossible_pins_are_refused_each_with_its_reason():
    mentees = [person("ann"), person("bob"), person("cat")]
    mentors = [person("boss"), person("max")]
    scores = score_matrix(build_features(mentees, mentors, manager_of={"ann": "boss"}))
    constraints = Constraints(
        pinned=[("ann", "boss"), ("bob", "max"), ("cat", "max"), ("bob", "boss")],
        forbidden=[("cat", "max")],
    )
    with pytest.raises(PinError) as error:
        solve(scores, constraints)
    assert error.value.problems == [
        "'ann' and 'boss' are in the same reporting line",
        "'cat' and 'max' are both pinned and forbidden",
        "mentee 'bob' is pinned more than once",
        "mentor 'max' has 2 pins but capacity 1",
    ]


def test_people_paired_before_are_kept_apart_in_either_role_unless_allowed():
    mentees = [person("ann", "Sales")]
    mentors = [person("max", "Eng"), person("lee", "Sales")]
    scores = score_matrix(build_features(mentees, mentors, manager_of={}), ONLY_DEPARTMENT)
    earlier = [("max", "ann")]  # max was the mentee then
    assert solve(scores, Constraints(previous_pairs=earlier)).pairs[0].mentor_id == "lee"
    allowed = Constraints(previous_pairs=earlier, allow_previous_pairs=True)
    assert solve(scores, allowed).pairs[0].mentor_id == "max"


def test_earlier_pairs_of_people_outside_the_cohort_are_ignored():
    scores = score_matrix(build_features([person("ann")], [person("max")], manager_of={}))
    assert len(solve(scores, Constraints(previous_pairs=[("ann", "someone gone")])).pairs) == 1


def test_a_forbidden_pair_naming_someone_outside_the_cohort_is_refused():
    scores = score_matrix(build_features([person("ann")], [person("max")], manager_of={}))
    with pytest.raises(KeyError, match="not a mentor of this cohort"):
        solve(scores, Constraints(forbidden=[("ann", "nobody")]))


def test_more_mentees_than_places_fills_every_place_with_the_best():
    mentees = [person(f"e{n}", "Sales" if n % 2 else "Eng") for n in range(6)]
    mentors = [person("max", "Eng"), person("lee", "Sales")]
    scores = score_matrix(build_features(mentees, mentors, manager_of={}), ONLY_DEPARTMENT)
    assignment = solve(scores, Constraints(default_capacity=2))
    assert len(assignment.pairs) == 4
    assert all(p.score == 1.0 for p in assignment.pairs)
    assert {u.reason for u in assignment.unmatched} == {UnmatchedReason.NO_CAPACITY}


@pytest.mark.parametrize(
    ("constraints", "rules", "reason", "detail"),
    [
        (
            Constraints(),
            ScoringRules(),
            UnmatchedReason.REPORTING_LINE,
            "only conflicting mentors (reporting line): 2 in their reporting line",
        ),
        (
            Constraints(forbidden=[("dev", "peer")]),
            ScoringRules(),
            UnmatchedReason.FORBIDDEN,
            "all compatible mentors forbidden: 2 in their reporting line, 1 forbidden",
        ),
        (
            Constraints(previous_pairs=[("peer", "dev")]),
            ScoringRules(),
            UnmatchedReason.PREVIOUSLY_PAIRED,
            "all compatible mentors were paired with them before: 2 in their reporting line, "
            "1 paired with them before",
        ),
        (
            Constraints(),
            ScoringRules(min_level_gap=1, level_gap_is_hard=True),
            UnmatchedReason.LEVEL_GAP,
            "no mentor senior enough (minimum gap: 1 level): 2 in their reporting line, 1 not senior enough",
        ),
    ],
)
def test_a_mentee_left_out_is_told_the_last_barrier_and_every_count(constraints, rules, reason, detail):
    manager_of = {"dev": "lead", "lead": "boss", "boss": None, "peer": "lead"}
    mentors = [person("lead", level=3), person("boss", level=5), person("peer", level=1)]
    mentees = [person("dev", level=1)]
    if reason is not UnmatchedReason.REPORTING_LINE:
        scores = score_matrix(build_features(mentees, mentors, manager_of=manager_of), rules)
    else:
        scores = score_matrix(build_features(mentees, mentors[:2], manager_of=manager_of), rules)
    assignment = solve(scores, constraints)
    assert assignment.pairs == ()
    assert [(u.mentee_id, u.reason, u.detail) for u in assignment.unmatched] == [("dev", reason, detail)]


def test_a_cohort_without_mentors_says_so():
    scores = score_matrix(build_features([person("ann")], [], manager_of={}))
    assignment = solve(scores)
    assert [(u.reason, u.detail) for u in assignment.unmatched] == [
        (UnmatchedReason.NO_MENTORS, "no mentors in the cohort")
    ]


def test_negative_capacities_are_refused():
    with pytest.raises(ValueError, match="capacities"):
        Constraints(capacity={"max": -1})


def test_the_optimum_spreads_good_pairs_where_greedy_exhausts_them():
    # Two mentees both like mentor A best, but the second has no other good option.
    mentees = [person("first", "Sales"), person("second", "Ops")]
    mentors = [person("a", "Eng"), person("b", "Ops")]
    scores = score_matrix(build_features(mentees, mentors, manager_of={}), ONLY_DEPARTMENT)
    optimal, greedy = solve(scores), greedy_assignment(scores)
    assert optimal.total_score == 2.0 and optimal.worst_score == 1.0
    assert greedy.total_score == 1.0 and greedy.worst_score == 0.0
    np.testing.assert_array_equal(optimal.mentor_index, [1, 0])
