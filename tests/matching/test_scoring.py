"""The score matrix against a slow reference, and each component's rule on its own."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import matching.scoring
from matching.features import MatchProfile, build_features
from matching.scoring import COMPONENTS, DEFAULT_WEIGHTS, ScoringRules, score_matrix, weighted_sum
from tests.matching.cohorts import cohorts, in_same_line, scoring_rules


def reference_components(mentee, mentor, rules, manager_of, ranks):
    """Each component for one pair, straight from the rules as written in scoring.py."""
    gap = mentor.level - mentee.level
    top_of_band = rules.min_level_gap + rules.level_gap_band
    if gap < rules.min_level_gap:
        level = 0.0
    elif gap <= top_of_band:
        level = 1.0
    elif rules.level_gap_fade == 0:
        level = 0.0
    else:
        level = max(0.0, 1.0 - (gap - top_of_band) / rules.level_gap_fade)

    complements = {}
    for a, b in rules.passion_complements:
        complements.setdefault(a, set()).add(b)
        complements.setdefault(b, set()).add(a)
    credit = 0.0
    for passion in mentee.passions:
        if passion in mentor.passions:
            credit += 1.0
        elif complements.get(passion, set()) & mentor.passions:
            credit += rules.passion_complement_credit

    if mentee.location and mentee.location == mentor.location:
        location = 1.0
    elif mentee.utc_offset_hours is None or mentor.utc_offset_hours is None:
        location = 0.0
    else:
        apart = abs(mentee.utc_offset_hours - mentor.utc_offset_hours)
        apart = min(apart, 24 - apart)
        location = rules.other_location_same_zone * max(0.0, 1 - apart / rules.timezone_window_hours)

    ranked = list(ranks.get(mentee.id, []))
    k = rules.shortlist_size
    union = mentee.values | mentor.values
    return {
        "different_department": float(mentee.department != mentor.department),
        "level_gap": level,
        "reporting_line": 0.0 if in_same_line(mentee.id, mentor.id, manager_of) else 1.0,
        "learning_fit": len(mentee.wishes & mentor.strengths) / len(mentee.wishes) if mentee.wishes else 0.0,
        "values": len(mentee.values & mentor.values) / len(union) if union else 0.0,
        "passions": credit / len(mentee.passions) if mentee.passions else 0.0,
        "location": location,
        "mentee_rank": (k - ranked.index(mentor.id)) / k if mentor.id in ranked else 0.0,
    }


@st.composite
def scored_cohorts(draw):
    mentees, mentors, manager_of = draw(cohorts(max_mentees=7, max_mentors=6))
    rules = draw(scoring_rules())
    ranks = {}
    for mentee in mentees:
        if mentors and draw(st.booleans()):
            ranks[mentee.id] = draw(
                st.lists(st.sampled_from([m.id for m in mentors]), unique=True, max_size=rules.shortlist_size)
            )
    return mentees, mentors, manager_of, rules, ranks


@settings(max_examples=200, deadline=None)
@given(scored_cohorts(), st.sampled_from([1, 3, 2**16]))
def test_the_vectorised_matrix_equals_a_python_double_loop(case, block_cells):
    mentees, mentors, manager_of, rules, ranks = case
    original = matching.scoring._BLOCK_CELLS
    matching.scoring._BLOCK_CELLS = block_cells  # tiny blocks exercise the block boundaries
    try:
        scores = score_matrix(build_features(mentees, mentors, manager_of=manager_of), rules, ranks=ranks)
    finally:
        matching.scoring._BLOCK_CELLS = original
    assert scores.shape == (len(mentees), len(mentors))
    for i, mentee in enumerate(mentees):
        for j, mentor in enumerate(mentors):
            expected = reference_components(mentee, mentor, rules, manager_of, ranks)
            got = scores.components(np.array([i]), np.array([j]))
            for name in COMPONENTS:
                assert got[name][0] == pytest.approx(expected[name], abs=1e-12), name
            total = sum(rules.weights[name] * expected[name] for name in COMPONENTS)
            assert scores.pair_scores(i, j) == pytest.approx(total, abs=1e-9)
            assert scores.total[i, j] == pytest.approx(total, rel=1e-6, abs=1e-6)  # float32
            assert scores.same_line[i, j] == (expected["reporting_line"] == 0.0)
            assert scores.below_min_gap[i, j] == (mentor.level - mentee.level < rules.min_level_gap)


@settings(max_examples=100, deadline=None)
@given(scored_cohorts())
def test_each_pairs_contributions_add_up_exactly_to_its_score(case):
    mentees, mentors, manager_of, rules, ranks = case
    scores = score_matrix(build_features(mentees, mentors, manager_of=manager_of), rules, ranks=ranks)
    rows, cols = np.indices(scores.shape)
    rows, cols = rows.ravel(), cols.ravel()
    contributions = scores.contributions(rows, cols)
    np.testing.assert_array_equal(weighted_sum(contributions), scores.pair_scores(rows, cols))
    np.testing.assert_allclose(scores.total.ravel(), scores.pair_scores(rows, cols), rtol=1e-6, atol=1e-6)
    # The same holds for each pair asked for alone, as the explanation does.
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        single = {name: float(value[0]) for name, value in scores.contributions([i], [j]).items()}
        assert weighted_sum(single) == scores.pair_scores(i, j)


@settings(max_examples=100, deadline=None)
@given(scored_cohorts())
def test_every_component_stays_between_zero_and_one(case):
    mentees, mentors, manager_of, rules, ranks = case
    scores = score_matrix(build_features(mentees, mentors, manager_of=manager_of), rules, ranks=ranks)
    rows, cols = np.indices(scores.shape)
    for name, values in scores.components(rows, cols).items():
        assert np.all((values >= 0) & (values <= 1)), name
    assert np.all(scores.total <= rules.max_score + 1e-5)


def _pair_score(mentee, mentor, rules=None, manager_of=None, ranks=None):
    scores = score_matrix(build_features([mentee], [mentor], manager_of=manager_of or {}), rules, ranks=ranks)
    return {name: float(value[0]) for name, value in scores.components([0], [0]).items()}


def _person(pid, **fields):
    return MatchProfile(id=pid, **{"department": "Eng", "level": 1, **fields})


@pytest.mark.parametrize(
    ("gap", "expected"),
    [(-1, 0.0), (0, 0.0), (1, 1.0), (2, 1.0), (3, 1.0), (4, 2 / 3), (5, 1 / 3), (6, 0.0), (9, 0.0)],
)
def test_level_gap_is_full_inside_the_band_and_fades_beyond_it(gap, expected):
    rules = ScoringRules(min_level_gap=1, level_gap_band=2, level_gap_fade=3)
    components = _pair_score(_person("e", level=2), _person("m", level=2 + gap), rules)
    assert components["level_gap"] == pytest.approx(expected)


def test_shared_passions_count_fully_and_complementary_ones_half():
    mentee = _person("e", passions={"Conceiver", "Teacher", "Healer"})
    mentor = _person("m", passions={"Teacher", "Builder", "Creator"})
    # Teacher shared (1), Conceiver meets Builder (0.5), Healer neither (0).
    assert _pair_score(mentee, mentor)["passions"] == pytest.approx(1.5 / 3)


def test_a_mentor_holding_the_passion_gets_no_extra_credit_for_its_complement():
    mentee = _person("e", passions={"Conceiver", "Teacher", "Healer"})
    mentor = _person("m", passions={"Conceiver", "Builder", "Altruist"})
    # Conceiver shared (1, not 1.5), Healer meets Altruist (0.5), Teacher neither.
    assert _pair_score(mentee, mentor)["passions"] == pytest.approx(1.5 / 3)


@pytest.mark.parametrize(
    ("mentor_place", "expected"),
    [
        (("Lisbon", 0.0), 1.0),
        (("London", 0.0), 0.8),
        (("Berlin", 1.0), 0.8 * (1 - 1 / 8)),
        (("New York", -5.0), 0.8 * (1 - 5 / 8)),
        (("Tokyo", 9.0), 0.0),
        (("Auckland", 13.0), 0.0),  # 11 hours apart round the clock: beyond the window
        (("", None), 0.0),
    ],
)
def test_location_prefers_the_same_city_then_close_time_zones(mentor_place, expected):
    mentee = _person("e", location="Lisbon", utc_offset_hours=0.0)
    mentor = _person("m", location=mentor_place[0], utc_offset_hours=mentor_place[1])
    assert _pair_score(mentee, mentor)["location"] == pytest.approx(expected)


def test_time_zones_are_measured_round_the_clock():
    mentee = _person("e", location="Auckland", utc_offset_hours=13.0)
    mentor = _person("m", location="Honolulu", utc_offset_hours=-10.0)
    assert _pair_score(mentee, mentor)["location"] == pytest.approx(0.8 * (1 - 1 / 8))


def test_two_people_with_no_location_are_not_in_the_same_city():
    assert _pair_score(_person("e"), _person("m"))["location"] == 0.0


def test_learning_fit_is_the_share_of_wishes_the_mentor_covers():
    mentee = _person("e", wishes={"negotiation", "pricing", "hiring"})
    mentor = _person("m", strengths={"negotiation", "pricing", "python", "budgeting"})
    assert _pair_score(mentee, mentor)["learning_fit"] == pytest.approx(2 / 3)
    assert _pair_score(_person("e"), mentor)["learning_fit"] == 0.0


def test_values_are_jaccard_of_the_two_sets():
    mentee = _person("e", values={"Curiosity", "Care"})
    mentor = _person("m", values={"Curiosity", "Craft", "Courage"})
    assert _pair_score(mentee, mentor)["values"] == pytest.approx(1 / 4)


def test_the_favourite_gets_the_full_rank_bonus_and_unranked_mentees_none():
    rules = ScoringRules(shortlist_size=4)
    mentees = [_person("ranker"), _person("quiet")]
    mentors = [_person(f"m{n}", level=3) for n in range(4)]
    scores = score_matrix(
        build_features(mentees, mentors, manager_of={}), rules, ranks={"ranker": ["m2", "m0", "m3"]}
    )
    ranked = scores.components(np.zeros(4, dtype=int), np.arange(4))["mentee_rank"]
    assert ranked.tolist() == [3 / 4, 0.0, 1.0, 2 / 4]
    assert scores.components(np.ones(4, dtype=int), np.arange(4))["mentee_rank"].tolist() == [0.0] * 4
    unranked = score_matrix(build_features(mentees, mentors, manager_of={}), rules)
    np.testing.assert_array_equal(scores.total[1], unranked.total[1])
    bonus = scores.total[0, 2] - unranked.total[0, 2]
    assert bonus == pytest.approx(DEFAULT_WEIGHTS["mentee_rank"], abs=1e-5)


@pytest.mark.parametrize(
    "ranks",
    [{"e": ["m", "m"]}, {"e": ["m", "n", "o"]}, {"nobody": ["m"]}, {"e": ["not a mentor"]}],
)
def test_malformed_ranks_are_refused(ranks):
    mentors = [_person(x, level=3) for x in ("m", "n", "o")]
    with pytest.raises((ValueError, KeyError)):
        score_matrix(
            build_features([_person("e")], mentors, manager_of={}),
            ScoringRules(shortlist_size=2),
            ranks=ranks,
        )


@pytest.mark.parametrize("weights", [{"charisma": 1.0}, {"values": -1.0}, {"values": math.inf}])
def test_unknown_negative_or_infinite_weights_are_refused(weights):
    with pytest.raises(ValueError):
        ScoringRules(weights=weights)


def test_components_a_program_leaves_out_keep_their_default_weight():
    rules = ScoringRules(weights={"learning_fit": 5.0, "location": 0.0})
    assert rules.weights == {**DEFAULT_WEIGHTS, "learning_fit": 5.0, "location": 0.0}


def test_an_empty_side_gives_an_empty_matrix():
    scores = score_matrix(build_features([], [_person("m")], manager_of={}))
    assert scores.shape == (0, 1)


def test_overlaps_of_vocabularies_longer_than_one_word_are_exact():
    topics = [f"topic {n:03}" for n in range(300)]
    mentee = _person("e", wishes=topics[:280])
    mentor = _person("m", strengths=topics[20:], values=topics[:1])
    components = _pair_score(mentee, mentor)
    assert components["learning_fit"] == pytest.approx(260 / 280)
    assert components["values"] == 0.0
