"""Encoding a cohort: reporting lines at any depth, bit sets, and bad rosters refused."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.features import MatchProfile, bit_sets, build_features, euler_intervals, same_reporting_line
from tests.matching.cohorts import cohorts, in_same_line


@st.composite
def forests(draw):
    people = list(range(draw(st.integers(1, 40))))
    manager_of = {}
    for person in people:
        # Managers drawn from lower numbers only: deep chains and wide teams, never a loop.
        manager_of[person] = draw(st.one_of(st.none(), st.integers(0, person - 1))) if person else None
    return manager_of


@settings(max_examples=200, deadline=None)
@given(forests())
def test_the_interval_test_says_who_manages_whom_at_any_depth(manager_of):
    intervals = euler_intervals(manager_of, manager_of)
    for a in manager_of:
        for b in manager_of:
            (a_in, a_out), (b_in, _) = intervals[a], intervals[b]
            assert (a_in <= b_in < a_out) == (a == b or a in _chain(b, manager_of))


def _chain(person, manager_of):
    above = []
    while manager_of.get(person) is not None:
        person = manager_of[person]
        above.append(person)
    return above


@settings(max_examples=150, deadline=None)
@given(cohorts(max_mentees=8, max_mentors=8))
def test_the_vectorised_reporting_line_test_matches_walking_the_chain(cohort):
    mentees, mentors, manager_of = cohort
    f = build_features(mentees, mentors, manager_of=manager_of)
    rows, cols = np.arange(len(mentees))[:, None], np.arange(len(mentors))[None, :]
    matrix = same_reporting_line(f.mentees, f.mentors, rows, cols)
    for i, mentee in enumerate(mentees):
        for j, mentor in enumerate(mentors):
            assert matrix[i, j] == in_same_line(mentee.id, mentor.id, manager_of)


def test_a_manager_five_levels_up_is_in_the_same_line_and_a_peer_is_not():
    manager_of = {
        "ceo": None,
        "vp": "ceo",
        "dir": "vp",
        "mgr": "dir",
        "lead": "mgr",
        "dev": "lead",
        "peer": "lead",
    }
    people = [MatchProfile(id=p, department="Eng", level=1) for p in ("dev", "peer", "ceo")]
    f = build_features(people[:1], people[1:], manager_of=manager_of)
    assert same_reporting_line(f.mentees, f.mentors, np.array([0, 0]), np.array([0, 1])).tolist() == [
        False,
        True,
    ]


def test_a_loop_in_the_manager_chain_is_refused_naming_the_people_on_it():
    with pytest.raises(ValueError, match="loops through.*'a'"):
        euler_intervals(["a"], {"a": "b", "b": "c", "c": "a", "d": None})


def test_someone_missing_from_the_roster_is_their_own_root():
    intervals = euler_intervals(["new hire"], {"boss": None})
    assert set(intervals) == {"new hire", "boss"}


def test_repeated_ids_on_one_side_are_refused():
    person = MatchProfile(id=1, department="Eng", level=2)
    with pytest.raises(ValueError, match="mentee ids must be unique"):
        build_features([person, person], [], manager_of={})


def test_a_string_where_a_set_belongs_is_refused():
    with pytest.raises(TypeError, match="collection of strings"):
        MatchProfile(id=1, department="Eng", level=2, values="Curiosity")


def test_bit_sets_span_several_words_when_the_vocabulary_is_long():
    vocabulary = [f"topic {n:03}" for n in range(130)]
    sets = [frozenset({"topic 000", "topic 064", "topic 129"}), frozenset()]
    bits = bit_sets(sets, vocabulary)
    assert bits.shape == (2, 3)
    assert bits[0].tolist() == [1, 1, 1 << 1]
    assert int(np.bitwise_count(bits[0]).sum()) == 3
    assert bits[1].tolist() == [0, 0, 0]
