"""Small random cohorts for the matching tests, and the plain facts the tests check against."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from hypothesis import strategies as st

from matching.features import PASSION_ARCHETYPES, MatchProfile
from matching.scoring import COMPONENTS, ScoringRules

DEPARTMENTS = ["Engineering", "Finance", "Sales"]
TOPICS = ["negotiation", "pricing", "python", "hiring", "budgeting", "public speaking"]
VALUES = ["Curiosity", "Integrity", "Courage", "Care", "Craft"]
PLACES = [("Lisbon", 0.0), ("London", 0.0), ("Berlin", 1.0), ("New York", -5.0), ("", None), ("Tokyo", 9.0)]


@st.composite
def participant(draw, pid: Hashable) -> MatchProfile:
    location, offset = draw(st.sampled_from(PLACES))
    return MatchProfile(
        id=pid,
        department=draw(st.sampled_from(DEPARTMENTS)),
        level=draw(st.integers(1, 7)),
        location=location,
        utc_offset_hours=offset,
        values=draw(st.frozensets(st.sampled_from(VALUES), max_size=3)),
        passions=draw(st.frozensets(st.sampled_from(PASSION_ARCHETYPES), min_size=3, max_size=3)),
        wishes=draw(st.frozensets(st.sampled_from(TOPICS), max_size=3)),
        strengths=draw(st.frozensets(st.sampled_from(TOPICS), max_size=4)),
    )


@st.composite
def cohorts(draw, max_mentees: int = 6, max_mentors: int = 4, min_mentees: int = 0, min_mentors: int = 0):
    """(mentees, mentors, manager_of): a manager forest over them and a few outside managers."""
    mentees = [draw(participant(f"e{n}")) for n in range(draw(st.integers(min_mentees, max_mentees)))]
    mentors = [draw(participant(f"m{n}")) for n in range(draw(st.integers(min_mentors, max_mentors)))]
    people = [p.id for p in mentees + mentors] + ["x0", "x1", "x2"]
    order = draw(st.permutations(people))
    manager_of: dict[Hashable, Hashable | None] = {}
    for position, person in enumerate(order):
        # Each person reports to someone earlier in the order, or to no one: never a loop.
        manager_of[person] = draw(st.sampled_from([None, *order[:position]])) if position else None
    return mentees, mentors, manager_of


@st.composite
def scoring_rules(draw) -> ScoringRules:
    weights = {name: draw(st.sampled_from([0.0, 0.5, 1.0, 1.7, 3.0])) for name in COMPONENTS}
    return ScoringRules(
        weights=weights,
        min_level_gap=draw(st.integers(0, 3)),
        level_gap_band=draw(st.integers(0, 2)),
        level_gap_fade=draw(st.integers(0, 3)),
        level_gap_is_hard=draw(st.booleans()),
        timezone_window_hours=draw(st.sampled_from([4.0, 8.0, 12.0])),
        other_location_same_zone=draw(st.sampled_from([0.5, 0.8, 1.0])),
        passion_complement_credit=draw(st.sampled_from([0.0, 0.3, 0.5, 1.0])),
        shortlist_size=draw(st.integers(1, 4)),
    )


def managers_above(person: Hashable, manager_of: Mapping[Hashable, Hashable | None]) -> set[Hashable]:
    """Everyone above ``person`` in the manager chain, found by walking it."""
    above: set[Hashable] = set()
    manager = manager_of.get(person)
    while manager is not None:
        above.add(manager)
        manager = manager_of.get(manager)
    return above


def in_same_line(a: Hashable, b: Hashable, manager_of: Mapping[Hashable, Hashable | None]) -> bool:
    return a == b or a in managers_above(b, manager_of) or b in managers_above(a, manager_of)
