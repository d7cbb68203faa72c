"""The sparse solver against the dense one: the same optimum on random classes, whatever pruning
the first round did, with hard rules, pins and load balance; and the proof's extra rounds."""

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import sparse_assignment
from matching.features import MatchProfile, build_features
from matching.scoring import ScoringRules, score_matrix
from matching.solver import Constraints, _free_rows, prepare_constraints, solve, solve_dense
from tests.matching.test_solver import assert_hard_rules_hold, problems


def balanced_objective(assignment, constraints):
    """(pairs, total score minus the load-balance cost), what both solvers maximize."""
    load = Counter(pair.mentor_id for pair in assignment.pairs)
    for mentor_id, already in constraints.current_load.items():
        load[mentor_id] += already
    cost = constraints.load_penalty * sum(n * (n - 1) / 2 for n in load.values())
    earlier = sum(n * (n - 1) / 2 for n in constraints.current_load.values()) * constraints.load_penalty
    return len(assignment.pairs), assignment.total_score - (cost - earlier)


@settings(max_examples=200, deadline=None)
@given(
    problems(max_mentees=14, max_mentors=6, max_capacity=3),
    st.sampled_from([0.0, 0.0, 0.25, 1.0, 3.0]),
    st.integers(1, 4),
)
def test_sparse_and_dense_reach_the_same_optimum(problem, penalty, candidates):
    mentees, mentors, manager_of, rules, scores, constraints = problem
    constraints = Constraints(
        capacity=constraints.capacity,
        pinned=constraints.pinned,
        forbidden=constraints.forbidden,
        previous_pairs=constraints.previous_pairs,
        allow_previous_pairs=constraints.allow_previous_pairs,
        load_penalty=penalty,
        first_choices=constraints.first_choices,
    )
    original = sparse_assignment.CANDIDATES
    sparse_assignment.CANDIDATES = candidates  # few candidates: the proof must add edges
    try:
        sparse = solve(scores, constraints)
    finally:
        sparse_assignment.CANDIDATES = original
    dense = solve_dense(scores, constraints)
    assert_hard_rules_hold(sparse, mentees, mentors, manager_of, rules, constraints)
    count, total = balanced_objective(sparse, constraints)
    dense_count, dense_total = balanced_objective(dense, constraints)
    assert count == dense_count
    assert sparse.first_choices_granted == dense.first_choices_granted
    assert total == pytest.approx(dense_total, abs=1e-7)


def person(pid, department, level=1):
    return MatchProfile(id=pid, department=department, level=level)


ONLY_DEPARTMENT = ScoringRules(
    weights={name: 0.0 for name in ScoringRules().weights} | {"different_department": 1.0}
)


def test_a_proof_that_fails_adds_edges_and_solves_again():
    # Everyone prefers the Eng mentor (another department); with one candidate each, the
    # first round gives Eng one mentee and leaves the others out, and the dual prices show
    # that the pruned Sales mentors could take them.
    mentees = [person(f"e{n}", "Sales") for n in range(4)]
    mentors = [person("eng", "Eng")] + [person(f"s{n}", "Sales") for n in range(3)]
    scores = score_matrix(build_features(mentees, mentors, manager_of={}), ONLY_DEPARTMENT)
    prepared = prepare_constraints(scores, Constraints())
    rows, cols, stats = sparse_assignment.solve_sparse(
        scores, prepared.allowed, _free_rows(prepared, 4), prepared.capacity_left, candidates=1
    )
    assert stats.rounds >= 2 and stats.added > 0
    assert len(rows) == 4
    assert sorted(cols.tolist()).count(0) == 1


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_sparse_matches_dense_on_a_larger_random_class(seed):
    rng = np.random.default_rng(seed)
    departments = ["Eng", "Sales", "Ops", "Finance"]
    values = ["Care", "Craft", "Courage", "Curiosity", "Fairness"]
    people = [
        MatchProfile(
            id=n,
            department=str(rng.choice(departments)),
            level=int(rng.integers(1, 8)),
            values=frozenset(rng.choice(values, size=2, replace=False).tolist()),
        )
        for n in range(70)
    ]
    manager_of = {n: (None if n < 3 else int(rng.integers(0, n))) for n in range(70)}
    mentees, mentors = people[:50], people[50:]
    scores = score_matrix(build_features(mentees, mentors, manager_of=manager_of))
    capacity = {m.id: int(rng.integers(0, 4)) for m in mentors}
    pinned = [] if scores.same_line[0, 0] else [(0, 50)]
    if pinned:
        capacity[50] = max(1, capacity[50])
    forbidden = {(int(rng.integers(0, 50)), int(rng.integers(50, 70))) for _ in range(40)} - set(pinned)
    constraints = Constraints(
        capacity=capacity,
        forbidden=sorted(forbidden),
        pinned=pinned,
        load_penalty=float(rng.choice([0.0, 0.5])),
    )
    sparse, dense = solve(scores, constraints), solve_dense(scores, constraints)
    assert balanced_objective(sparse, constraints)[0] == balanced_objective(dense, constraints)[0]
    assert balanced_objective(sparse, constraints)[1] == pytest.approx(
        balanced_objective(dense, constraints)[1], abs=1e-7
    )
