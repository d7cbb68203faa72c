"""Explanations: the breakdown adds up to the score, and the sentence says what the numbers mean."""

import numpy as np
import pytest
from hypothesis import given, settings

from matching.explain import HistogramBin, explain_pair, explain_pairs, score_summary
from matching.features import MatchProfile, build_features
from matching.scoring import COMPONENTS, ScoringRules, score_matrix
from tests.matching.cohorts import cohorts, scoring_rules

MENTEE = MatchProfile(
    id="ana",
    department="Finance",
    level=2,
    location="Lisbon",
    utc_offset_hours=0.0,
    values={"Curiosity", "Care"},
    passions={"Teacher", "Creator", "Healer"},
    wishes={"negotiation", "pricing", "hiring"},
)
MENTOR = MatchProfile(
    id="max",
    department="Engineering",
    level=5,
    location="Lisbon",
    utc_offset_hours=0.0,
    values={"Curiosity", "Craft"},
    passions={"Teacher", "Discoverer", "Builder"},
    strengths={"negotiation", "pricing", "python"},
)


def _explain(mentee=MENTEE, mentor=MENTOR, rules=None, manager_of=None, ranks=None):
    scores = score_matrix(build_features([mentee], [mentor], manager_of=manager_of or {}), rules, ranks=ranks)
    return explain_pair(scores, mentee.id, mentor.id)


def test_the_sentence_names_each_reason_in_plain_words():
    assert _explain().why == (
        "Different department (Finance → Engineering), mentor 3 levels senior, shares 2 of your 3 "
        "learning wishes (negotiation, pricing), both value Curiosity, both Teachers, same city."
    )


def test_the_breakdown_is_each_weighted_component_and_adds_up_to_the_score():
    explanation = _explain()
    weights = ScoringRules().weights
    assert list(explanation.contributions) == list(COMPONENTS)
    assert explanation.contributions["learning_fit"] == pytest.approx(weights["learning_fit"] * 2 / 3)
    assert explanation.contributions["values"] == pytest.approx(weights["values"] * 1 / 3)
    assert explanation.contributions["passions"] == pytest.approx(weights["passions"] * 1 / 3)
    assert explanation.contributions["mentee_rank"] == 0.0
    assert sum(explanation.contributions.values()) == pytest.approx(explanation.score)


@settings(max_examples=150, deadline=None)
@given(cohorts(max_mentees=5, max_mentors=5), scoring_rules())
def test_every_pairs_explanation_carries_exactly_its_score(cohort, rules):
    mentees, mentors, manager_of = cohort
    scores = score_matrix(build_features(mentees, mentors, manager_of=manager_of), rules)
    rows, cols = (a.ravel() for a in np.indices(scores.shape))
    for explanation, row, col in zip(explain_pairs(scores, rows, cols), rows, cols, strict=True):
        assert explanation.score == scores.pair_scores(row, col)
        assert explanation.score == pytest.approx(scores.total[row, col], rel=1e-6, abs=1e-6)
        assert sum(explanation.contributions.values()) == pytest.approx(explanation.score, abs=1e-12)
        assert explanation.why.endswith(".")


def test_a_component_the_program_does_not_weigh_is_left_out_of_the_sentence():
    rules = ScoringRules(weights={"values": 0.0, "passions": 0.0, "location": 0.0})
    assert _explain(rules=rules).why == (
        "Different department (Finance → Engineering), mentor 3 levels senior, "
        "shares 2 of your 3 learning wishes (negotiation, pricing)."
    )


def test_a_pair_in_one_reporting_line_is_flagged():
    assert "in the same reporting line (not allowed)" in _explain(manager_of={"ana": "max"}).why


def test_complementary_passions_time_zones_and_juniors_are_described():
    mentee = MatchProfile(
        id="e",
        department="Sales",
        level=4,
        passions={"Conceiver", "Altruist", "Creator"},
        utc_offset_hours=1.0,
    )
    mentor = MatchProfile(
        id="m", department="Sales", level=3, passions={"Builder", "Healer", "Teacher"}, utc_offset_hours=-2.0
    )
    assert _explain(mentee, mentor).why == (
        "Same department (Sales), mentor 1 level junior (below the minimum gap of 1), "
        "no learning wishes given, no shared values, Altruist meets Healer, Conceiver meets Builder, "
        "3 hours apart."
    )


def test_a_ranked_mentor_shows_the_mentees_rank():
    explanation = _explain(rules=ScoringRules(shortlist_size=3), ranks={"ana": ["max"]})
    assert explanation.why.endswith("same city, you ranked this mentor #1.")
    assert explanation.contributions["mentee_rank"] == ScoringRules().weights["mentee_rank"]


def test_the_summary_gives_quartiles_and_a_histogram_up_to_the_best_score():
    summary = score_summary([1.0, 2.0, 3.0, 4.0], best_possible=5.0, bins=5)
    assert (summary.count, summary.minimum, summary.q1, summary.median, summary.q3, summary.maximum) == (
        4,
        1.0,
        1.75,
        2.5,
        3.25,
        4.0,
    )
    assert summary.mean == 2.5
    assert summary.histogram == (
        HistogramBin(0.0, 1.0, 0),
        HistogramBin(1.0, 2.0, 1),
        HistogramBin(2.0, 3.0, 1),
        HistogramBin(3.0, 4.0, 1),
        HistogramBin(4.0, 5.0, 1),
    )


def test_an_empty_run_has_an_empty_summary():
    summary = score_summary([], best_possible=5.0, bins=2)
    assert summary.count == 0 and summary.median is None
    assert [b.count for b in summary.histogram] == [0, 0]
