"""The selection assistant, on its own: properties that must hold for every pool and limit."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohorts.selection import Candidate, first_come, propose_class, spread

DEPARTMENTS = ["Engineering", "Finance", "Legal", "Marketing", "Operations", "Sales"]


@st.composite
def pools(draw, max_size=40):
    """Pools with skewed departments and levels, and ties in application dates."""
    size = draw(st.integers(min_value=0, max_value=max_size))
    departments = draw(st.lists(st.sampled_from(DEPARTMENTS), min_size=1, max_size=6, unique=True))
    levels = draw(st.lists(st.integers(1, 9), min_size=1, max_size=6, unique=True))
    return [
        Candidate(
            id=1000 + n,
            department=draw(st.sampled_from(departments)),
            level=draw(st.sampled_from(levels)),
            applied_at=draw(st.integers(0, 30)),
        )
        for n in range(size)
    ]


pool_and_limit = pools().flatmap(lambda pool: st.tuples(st.just(pool), st.integers(0, len(pool) + 3)))


@settings(max_examples=400, deadline=None)
@given(pool_and_limit)
def test_the_proposal_never_exceeds_the_limit(case):
    pool, limit = case
    assert len(propose_class(pool, limit)) <= limit


@settings(max_examples=400, deadline=None)
@given(pool_and_limit)
def test_the_proposal_only_picks_from_the_pool_and_never_twice(case):
    pool, limit = case
    proposal = propose_class(pool, limit)
    ids = [c.id for c in proposal]
    assert len(ids) == len(set(ids))
    assert set(proposal) <= set(pool)


@settings(max_examples=400, deadline=None)
@given(pool_and_limit)
def test_the_proposal_fills_the_class_and_takes_everyone_when_the_pool_fits(case):
    pool, limit = case
    proposal = propose_class(pool, limit)
    assert len(proposal) == min(limit, len(pool))
    if len(pool) <= limit:
        assert set(proposal) == set(pool)


@settings(max_examples=600, deadline=None)
@given(pool_and_limit)
def test_the_proposal_is_at_least_as_spread_as_first_come_first_served(case):
    pool, limit = case
    proposal = spread(propose_class(pool, limit), pool=pool)
    baseline = spread(first_come(pool, limit), pool=pool)
    assert proposal.overall >= baseline.overall


@settings(max_examples=300, deadline=None)
@given(pools(max_size=9).flatmap(lambda pool: st.tuples(st.just(pool), st.integers(0, len(pool)))))
def test_the_proposal_is_the_most_spread_class_possible(case):
    """Against brute force on small pools: the flow finds the optimum, not just a good class."""
    pool, limit = case
    best = max(spread(list(group), pool=pool).overall for group in itertools.combinations(pool, limit))
    assert spread(propose_class(pool, limit), pool=pool).overall == pytest.approx(best, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(pool_and_limit)
def test_the_proposal_is_in_application_order_and_does_not_depend_on_the_pools_order(case):
    pool, limit = case
    proposal = propose_class(pool, limit)
    assert proposal == sorted(proposal, key=lambda c: (c.applied_at, c.id))
    assert propose_class(list(reversed(pool)), limit) == proposal


@st.composite
def classes_with_members(draw):
    """Some of the pool is already in the class; the rest competes for the open places."""
    everyone = draw(pools())
    kept = draw(st.integers(0, len(everyone)))
    limit = draw(st.integers(0, len(everyone) + 3))
    return everyone[kept:], everyone[:kept], limit


@settings(max_examples=400, deadline=None)
@given(classes_with_members())
def test_filling_open_places_keeps_the_class_within_the_limit_and_beats_first_come(case):
    pool, keep, limit = case
    picks = propose_class(pool, limit, keep=keep)
    assert len(keep) + len(picks) <= max(limit, len(keep))
    assert len(picks) == min(max(limit - len(keep), 0), len(pool))
    assert set(picks) <= set(pool)
    reference = pool + keep
    baseline = first_come(pool, limit, keep=keep)
    assert spread(keep + picks, pool=reference).overall >= spread(keep + baseline, pool=reference).overall


@settings(max_examples=200, deadline=None)
@given(
    pools(max_size=9).flatmap(
        lambda everyone: st.tuples(
            st.just(everyone), st.integers(0, len(everyone)), st.integers(0, len(everyone))
        )
    )
)
def test_filling_open_places_finds_the_most_spread_class_possible(case):
    everyone, kept, limit = case
    pool, keep = everyone[kept:], everyone[:kept]
    places = min(max(limit - len(keep), 0), len(pool))
    best = max(
        spread(keep + list(group), pool=everyone).overall for group in itertools.combinations(pool, places)
    )
    picks = propose_class(pool, limit, keep=keep)
    assert spread(keep + picks, pool=everyone).overall == pytest.approx(best, abs=1e-6)


def test_open_places_go_to_the_departments_the_class_lacks():
    keep = [Candidate(1, "Engineering", 2, 0), Candidate(2, "Engineering", 3, 1)]
    pool = [Candidate(3, "Engineering", 4, 2), Candidate(4, "Finance", 2, 3), Candidate(5, "Legal", 3, 4)]
    assert [c.id for c in propose_class(pool, 4, keep=keep)] == [4, 5]


def test_a_skewed_pool_yields_a_class_from_every_department_and_level():
    pool = [Candidate(n, "Engineering", 3, n) for n in range(20)]
    pool += [Candidate(100, "Finance", 5, 50), Candidate(101, "Legal", 1, 51), Candidate(102, "Sales", 7, 52)]
    proposal = propose_class(pool, 4)
    assert {c.department for c in proposal} == {"Engineering", "Finance", "Legal", "Sales"}
    assert {c.level for c in proposal} == {1, 3, 5, 7}
    assert spread(proposal, pool=pool).overall == pytest.approx(1.0)
    assert spread(first_come(pool, 4), pool=pool).overall == 0.0


def test_equally_spread_classes_go_to_earlier_applicants():
    pool = [
        Candidate(1, "Finance", 2, applied_at=5),
        Candidate(2, "Finance", 2, applied_at=1),
        Candidate(3, "Legal", 4, applied_at=9),
        Candidate(4, "Legal", 4, applied_at=3),
    ]
    assert [c.id for c in propose_class(pool, 2)] == [2, 4]


def test_spread_is_one_for_an_even_class_and_zero_for_a_single_category():
    pool = [Candidate(n, dept, level, n) for n, (dept, level) in enumerate(itertools.product("AB", [1, 2]))]
    assert spread(pool).overall == pytest.approx(1.0)
    same = [Candidate(n, "A", 1, n) for n in range(3)]
    assert spread(same, pool=pool).overall == 0.0


def test_a_pool_with_one_department_counts_as_evenly_spread_over_it():
    pool = [Candidate(n, "A", n % 2, n) for n in range(4)]
    assert spread(pool).department == 1.0
    assert spread([], pool=pool).overall == 0.0


def test_a_negative_limit_or_a_repeated_candidate_is_refused():
    one = Candidate(1, "A", 1, 0)
    with pytest.raises(ValueError, match="negative"):
        propose_class([one], -1)
    with pytest.raises(ValueError, match="only once"):
        propose_class([one, one], 1)
    with pytest.raises(ValueError, match="only once"):
        propose_class([one], 2, keep=[one])


def test_large_pools_are_proposed_quickly():
    import random
    import time

    rng = random.Random(7)
    pool = [Candidate(n, f"Dept {rng.randint(1, 25)}", rng.randint(1, 12), rng.random()) for n in range(5000)]
    started = time.perf_counter()
    proposal = propose_class(pool, 60)
    assert time.perf_counter() - started < 2.0
    assert len(proposal) == 60
