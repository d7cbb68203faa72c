"""Peer circles: right sizes, everyone once, more varied than chunking, reporting lines apart."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.circles import circle_sizes, diversity, form_circles
from matching.features import MatchProfile


@st.composite
def groups(draw):
    n = draw(st.integers(0, 40))
    departments = draw(st.lists(st.sampled_from("ABCDEFG"), min_size=1, max_size=5, unique=True))
    return [
        MatchProfile(id=k, department=draw(st.sampled_from(departments)), level=draw(st.integers(1, 6)))
        for k in range(n)
    ]


def _chunks(people, sizes):
    out, start = [], 0
    for size in sizes:
        out.append(people[start : start + size])
        start += size
    return out


@settings(max_examples=200, deadline=None)
@given(groups(), st.integers(2, 7))
def test_circles_have_balanced_sizes_and_place_everyone_once(people, size):
    circles = form_circles(people, size=size)
    lengths = [len(c) for c in circles]
    assert lengths == circle_sizes(len(people), size)
    assert sorted(pid for c in circles for pid in c) == [p.id for p in people]
    if people:
        assert max(lengths) - min(lengths) <= 1
    if len(people) >= size * (size - 1):
        # Enough people to spread the remainder: every circle within one of the target.
        assert all(abs(length - size) <= 1 for length in lengths)


@settings(max_examples=200, deadline=None)
@given(groups(), st.integers(2, 7))
def test_circles_are_never_less_varied_than_chunking_and_always_the_same(people, size):
    by_id = {p.id: p for p in people}
    circles = form_circles(people, size=size)
    assert diversity([[by_id[i] for i in c] for c in circles]) >= diversity(
        _chunks(people, circle_sizes(len(people), size))
    )
    assert form_circles(people, size=size) == circles


def test_circles_mix_departments_that_arrive_in_blocks():
    people = [MatchProfile(id=n, department="Eng" if n < 4 else "Sales", level=1 + n % 4) for n in range(8)]
    circles = form_circles(people, size=4)
    for circle in circles:
        assert {people[i].department for i in circle} == {"Eng", "Sales"}
    assert diversity([[people[i] for i in c] for c in circles]) == 2 * 2 + 2 * 4


def test_a_manager_and_their_report_are_kept_apart():
    people = [MatchProfile(id=name, department="Eng", level=3) for name in ("boss", "report", "x", "y")]
    manager_of = {"report": "mid", "mid": "boss", "boss": None}
    circles = form_circles(people, size=2, manager_of=manager_of)
    assert not any({"boss", "report"} <= set(c) for c in circles)


@pytest.mark.parametrize(
    ("n", "size", "sizes"),
    [(0, 4, []), (3, 4, [3]), (12, 4, [4, 4, 4]), (10, 4, [4, 3, 3]), (13, 4, [5, 4, 4]), (8, 6, [8])],
)
def test_circle_sizes_stay_closest_to_the_target(n, size, sizes):
    assert circle_sizes(n, size) == sizes


def test_a_circle_of_one_is_refused():
    with pytest.raises(ValueError):
        circle_sizes(5, 1)


def test_people_who_were_together_before_are_kept_apart():
    # Two departments, two circles of four: chunking or a diversity-only draft could reunite
    # 0 and 1, who shared a circle last year.
    people = [MatchProfile(id=k, department="AB"[k % 2], level=1 + k % 4) for k in range(8)]
    earlier = [(0, 1), (2, 3), (0, 2)]
    circles = form_circles(people, size=4, keep_apart=earlier)
    together = {frozenset((a, b)) for c in circles for a in c for b in c if a != b}
    assert not together & {frozenset(pair) for pair in earlier}
    assert sorted(pid for c in circles for pid in c) == list(range(8))


@settings(max_examples=100, deadline=None)
@given(groups(), st.integers(2, 5), st.data())
def test_keeping_people_apart_never_reunites_a_pair_when_a_lone_pair_allows_it(people, size, data):
    """One pair to keep apart can always be split when there are at least two circles."""
    if len(circle_sizes(len(people), size)) < 2:
        return
    a, b = data.draw(st.lists(st.sampled_from([p.id for p in people]), min_size=2, max_size=2, unique=True))
    circles = form_circles(people, size=size, keep_apart=[(a, b)])
    assert not any(a in c and b in c for c in circles)
