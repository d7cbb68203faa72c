"""Kaplan–Meier and the log-rank test against examples worked by hand."""

import math

import pytest

from analytics.survival import Z_95, kaplan_meier, log_rank


def test_kaplan_meier_matches_a_hand_computed_example():
    # Ten people. Day 3: one leaves. Day 5: two leave, one is censored. Day 8: one leaves.
    # Day 10: the last five are censored (still employed when follow-up ended).
    steps = kaplan_meier(time=[3, 5, 5, 8, 10], events=[1, 2, 0, 1, 0], censored=[0, 0, 1, 0, 5])

    # At risk: 10 at day 3; 10 − 1 = 9 at day 5 (the censored one still counts that day);
    # 9 − 3 = 6 at day 8; 6 − 1 = 5 at day 10.
    assert [(s.time, s.at_risk, s.events, s.censored) for s in steps] == [
        (3, 10, 1, 0),
        (5, 9, 2, 1),
        (8, 6, 1, 0),
        (10, 5, 0, 5),
    ]
    # S(3) = 1 − 1/10 = 0.9; S(5) = 0.9 × (1 − 2/9) = 0.7; S(8) = 0.7 × (1 − 1/6) = 0.58333…;
    # S(10) = S(8), no event.
    assert [s.survival for s in steps] == pytest.approx([0.9, 0.7, 0.7 * 5 / 6, 0.7 * 5 / 6])

    # Greenwood sums Σ d/(n(n − d)): 1/(10·9) = 0.011111; + 2/(9·7) = 0.042857; + 1/(6·5) = 0.076190.
    # log(−log) band: se = sqrt(sum) / |ln S|, bounds S^exp(±1.96·se).
    # Day 3: se = sqrt(0.011111)/0.105361 = 1.000463 → 0.9^exp(1.96·1.000463) = 0.47301,
    #        0.9^exp(−1.96·1.000463) = 0.98528.
    # Day 5: se = sqrt(0.042857)/0.356675 = 0.580416 → 0.32872 and 0.89195.
    # Day 8: se = sqrt(0.076190)/0.539016 = 0.512111 → 0.22979 and 0.82074.
    assert pytest.approx(1.959964, abs=1e-6) == Z_95
    assert [s.lower for s in steps] == pytest.approx([0.47301, 0.32872, 0.22979, 0.22979], abs=1e-5)
    assert [s.upper for s in steps] == pytest.approx([0.98528, 0.89195, 0.82074, 0.82074], abs=1e-5)


def test_the_band_uses_the_formula_in_the_module_docstring():
    steps = kaplan_meier(time=[1, 2, 4], events=[2, 1, 0], censored=[0, 1, 6])
    survival = (1 - 2 / 10) * (1 - 1 / 8)
    greenwood = 2 / (10 * 8) + 1 / (8 * 7)
    se = math.sqrt(greenwood) / abs(math.log(survival))
    assert steps[1].survival == pytest.approx(survival)
    assert steps[1].lower == pytest.approx(survival ** math.exp(Z_95 * se))
    assert steps[1].upper == pytest.approx(survival ** math.exp(-Z_95 * se))


def test_duplicate_times_are_summed_and_order_does_not_matter():
    one = kaplan_meier(time=[8, 3, 5, 3], events=[1, 1, 1, 1], censored=[0, 0, 2, 0])
    other = kaplan_meier(time=[3, 5, 8], events=[2, 1, 1], censored=[0, 2, 0])
    assert one == other


def test_the_band_is_undefined_where_survival_is_one_or_zero():
    steps = kaplan_meier(time=[2, 4], events=[0, 3], censored=[1, 0])
    assert steps[0].survival == 1.0 and steps[0].lower is None and steps[0].upper is None
    assert steps[1].survival == 0.0 and steps[1].lower is None


def test_no_one_followed_gives_no_steps():
    assert kaplan_meier(time=[], events=[], censored=[]) == []


def test_log_rank_matches_a_hand_computed_example():
    # Group 1: leaves on days 1 and 3, one censored on day 4 (3 people).
    # Group 2: leaves on day 2, two censored on day 5 (3 people).
    # Day 1: n1=3, n2=3, d=1 (group 1): E1 = 1·3/6 = 0.5, V = 1·(3/6)(3/6)(5/5) = 0.25
    # Day 2: n1=2, n2=3, d=1 (group 2): E1 = 1·2/5 = 0.4, V = (2/5)(3/5)(4/4) = 0.24
    # Day 3: n1=2, n2=2, d=1 (group 1): E1 = 2/4 = 0.5,   V = (2/4)(2/4)(3/3) = 0.25
    # O1 = 2, E1 = 1.4, V = 0.74: chi² = (2 − 1.4)² / 0.74 = 0.486486; p = P(χ²₁ > 0.486486) = 0.48550
    result = log_rank(group1=([1, 3, 4], [1, 1, 0], [0, 0, 1]), group2=([2, 5], [1, 0], [0, 2]))
    assert result.observed == 2
    assert result.expected == pytest.approx(1.4)
    assert result.variance == pytest.approx(0.74)
    assert result.chi_square == pytest.approx(0.36 / 0.74)
    assert result.p_value == pytest.approx(0.48550, abs=1e-5)


def test_log_rank_of_identical_groups_finds_no_difference():
    group = ([3, 5, 8, 10], [1, 2, 1, 0], [0, 1, 0, 5])
    result = log_rank(group1=group, group2=group)
    assert result.chi_square == pytest.approx(0.0)
    assert result.p_value == pytest.approx(1.0)


def test_log_rank_without_any_event_is_undefined():
    assert log_rank(group1=([5], [0], [4]), group2=([5], [0], [3])) is None
