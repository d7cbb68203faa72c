"""Hybrid programs that honour first choices: an available first choice is never lost to a
score difference, matching everyone still comes first, and the solver never grants fewer first
choices than the score-only objective on the same class."""

import dataclasses

from hypothesis import given, settings

from matching.engine import propose_pairs
from matching.features import MatchProfile
from matching.rank_outcome import rank_outcome
from matching.scoring import ScoringRules
from matching.solver import Constraints, solve, solve_dense
from tests.matching.test_solver import assert_hard_rules_hold, problems

RULES = ScoringRules(
    weights={name: 0.0 for name in ScoringRules().weights}
    | {"different_department": 1.0, "learning_fit": 2.0, "mentee_rank": 0.5},
    shortlist_size=3,
)


def person(pid, department, *, wishes=(), strengths=()):
    return MatchProfile(
        id=pid, department=department, level=1, wishes=frozenset(wishes), strengths=frozenset(strengths)
    )


def the_issue(first_choices):
    """Dana ranks Ana (#1, Sales), Mo, then Ben (#3, her own department); Eve, who did not
    rank, fits Ana much better. Scores alone give Dana her #3 for a total 0.67 higher."""
    mentees = [person("dana", "Engineering"), person("eve", "Finance", wishes={"pricing"})]
    mentors = [
        person("ana", "Sales", strengths={"pricing"}),
        person("mo", "Sales"),
        person("ben", "Engineering"),
    ]
    constraints = Constraints(capacity={"ana": 1, "mo": 0, "ben": 1}, first_choices=first_choices)
    return propose_pairs(
        mentees,
        mentors,
        manager_of={},
        rules=RULES,
        constraints=constraints,
        ranks={"dana": ["ana", "mo", "ben"]},
    ).assignment


def test_scores_alone_give_dana_her_third_choice_from_her_own_department():
    assignment = the_issue(first_choices=())
    assert {(p.mentee_id, p.mentor_id) for p in assignment.pairs} == {("dana", "ben"), ("eve", "ana")}
    assert assignment.total_score == 3.0 + 0.5 / 3


def test_honouring_first_choices_gives_dana_her_first_choice_for_a_lower_total():
    assignment = the_issue(first_choices=[("dana", "ana")])
    assert {(p.mentee_id, p.mentor_id) for p in assignment.pairs} == {("dana", "ana"), ("eve", "ben")}
    assert assignment.first_choices_granted == 1
    assert assignment.total_score == 1.5 + 1.0


def test_matching_everyone_still_comes_before_a_first_choice():
    # Ana is Dana's first choice, but Eve can only take Ana: both are matched, Dana to Ben.
    mentees = [person("dana", "Engineering"), person("eve", "Finance")]
    mentors = [person("ana", "Sales"), person("ben", "Finance")]
    constraints = Constraints(
        capacity={"ana": 1, "ben": 1},
        forbidden=[("eve", "ben")],
        first_choices=[("dana", "ana")],
    )
    assignment = propose_pairs(
        mentees, mentors, manager_of={}, rules=RULES, constraints=constraints, ranks={"dana": ["ana"]}
    ).assignment
    assert {(p.mentee_id, p.mentor_id) for p in assignment.pairs} == {("dana", "ben"), ("eve", "ana")}
    assert assignment.first_choices_granted == 0


def test_the_rank_outcome_counts_each_rank_the_mentees_got():
    outcome = rank_outcome(
        [(1, 10), (2, 12), (3, 30), (4, 10)],
        {1: [10, 11], 2: [11, 12], 3: [10, 20], 5: [10]},
        mentees=6,
    )
    assert outcome.by_rank == (1, 1)
    assert (outcome.ranked, outcome.other_mentor, outcome.left_out, outcome.not_ranked) == (4, 1, 1, 2)
    assert outcome.counts() == [("#1", 1), ("#2", 1), ("a mentor they did not rank", 1), ("no mentor", 1)]


def _granted(assignment, first_choices) -> int:
    favourite = dict(first_choices)
    return sum(1 for p in assignment.pairs if favourite.get(p.mentee_id) == p.mentor_id)


@settings(max_examples=200, deadline=None)
@given(problems(max_mentees=10, max_mentors=5, max_capacity=3))
def test_honouring_never_grants_fewer_first_choices_nor_matches_fewer_than_scores_alone(problem):
    mentees, mentors, manager_of, rules, scores, constraints = problem
    honoured = solve(scores, constraints)
    score_only = solve(scores, dataclasses.replace(constraints, first_choices=()))
    assert_hard_rules_hold(honoured, mentees, mentors, manager_of, rules, constraints)
    assert len(honoured.pairs) == len(score_only.pairs)
    assert honoured.first_choices_granted == _granted(honoured, constraints.first_choices)
    assert honoured.first_choices_granted >= _granted(score_only, constraints.first_choices)
    # The same optimum as the dense reference, first choices included.
    dense = solve_dense(scores, constraints)
    assert (len(dense.pairs), dense.first_choices_granted) == (
        len(honoured.pairs),
        honoured.first_choices_granted,
    )
    assert abs(dense.total_score - honoured.total_score) <= 1e-7
