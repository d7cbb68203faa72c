"""Hybrid programs: shortlists of the best allowed mentors, and ranks the solver honours."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.features import MatchProfile, build_features
from matching.scoring import ScoringRules, score_matrix
from matching.shortlist import shortlists
from matching.solver import Constraints, solve
from tests.matching.cohorts import cohorts, in_same_line

ONLY_DEPARTMENT = ScoringRules(
    weights={name: 0.0 for name in ScoringRules().weights}
    | {"different_department": 1.0, "mentee_rank": 2.0},
    shortlist_size=2,
)


def person(pid, department="Eng", level=1):
    return MatchProfile(id=pid, department=department, level=level)


def test_a_shortlist_offers_the_best_allowed_mentors_best_first_with_reasons():
    mentees = [person("ann", "Sales")]
    mentors = [person("eng", "Eng"), person("sales", "Sales"), person("ops", "Ops"), person("boss", "Legal")]
    scores = score_matrix(build_features(mentees, mentors, manager_of={"ann": "boss"}), ONLY_DEPARTMENT)
    offered = shortlists(scores, Constraints(forbidden=[("ann", "ops")]), size=3)
    assert [(e.mentor_id, e.score) for e in offered["ann"]] == [("eng", 1.0), ("sales", 0.0)]
    assert offered["ann"][0].why == "Different department (Sales → Eng)."
    assert offered["ann"][0].contributions["different_department"] == 1.0


def test_ties_go_to_the_mentor_listed_first():
    mentees = [person("ann", "Sales")]
    mentors = [person(f"m{n}", "Eng") for n in range(6)]
    scores = score_matrix(build_features(mentees, mentors, manager_of={}), ONLY_DEPARTMENT)
    assert [e.mentor_id for e in shortlists(scores)["ann"]] == ["m0", "m1"]


def test_pinned_mentees_get_no_shortlist_and_mentors_without_a_place_are_not_offered():
    mentors = [person("max"), person("off"), person("lee")]
    scores = score_matrix(build_features([person("ann"), person("bob")], mentors, manager_of={}))
    offered = shortlists(scores, Constraints(capacity={"off": 0}, pinned=[("ann", "max")]), size=3)
    assert set(offered) == {"bob"}
    assert [e.mentor_id for e in offered["bob"]] == ["lee"]


@settings(max_examples=100, deadline=None)
@given(cohorts(max_mentees=6, max_mentors=7), st.integers(1, 4))
def test_a_shortlist_is_the_top_of_the_allowed_scores(cohort, size):
    mentees, mentors, manager_of = cohort
    scores = score_matrix(build_features(mentees, mentors, manager_of=manager_of))
    offered = shortlists(scores, size=size)
    for i, mentee in enumerate(mentees):
        allowed = [j for j, m in enumerate(mentors) if not in_same_line(mentee.id, m.id, manager_of)]
        expected = sorted(allowed, key=lambda j: (-scores.total[i, j], j))[:size]
        assert [e.mentor_id for e in offered[mentee.id]] == [mentors[j].id for j in expected]


def test_the_solver_honours_a_favourite_and_scores_the_quiet_on_score_alone():
    # On department alone ann takes eng and bob sales. Ann ranks sales first: its bonus (3)
    # outweighs the two department points the swap costs, so she gets sales; bob, who did not
    # rank, is scored without any bonus.
    mentees = [person("ann", "Sales"), person("bob", "Eng")]
    mentors = [person("eng", "Eng"), person("sales", "Sales")]
    rules = ScoringRules(weights=ONLY_DEPARTMENT.weights | {"mentee_rank": 3.0}, shortlist_size=2)
    features = build_features(mentees, mentors, manager_of={})
    plain = solve(score_matrix(features, rules))
    assert [(p.mentee_id, p.mentor_id, p.score) for p in plain.pairs] == [
        ("ann", "eng", 1.0),
        ("bob", "sales", 1.0),
    ]
    ranked = solve(score_matrix(features, rules, ranks={"ann": ["sales"]}))
    assert [(p.mentee_id, p.mentor_id, p.score) for p in ranked.pairs] == [
        ("ann", "sales", 3.0),
        ("bob", "eng", 0.0),
    ]


def test_a_shortlist_needs_at_least_one_place():
    scores = score_matrix(build_features([person("ann")], [person("max")], manager_of={}))
    with pytest.raises(ValueError):
        shortlists(scores, size=0)
