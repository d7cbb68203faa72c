"""Participants in, numpy arrays out: what the score and the solver read.

No Django here. The Django layer turns roster rows and trust profiles into ``MatchProfile``
records (the ``id`` is the roster employee's id, so reporting lines can be followed) and calls
``build_features`` once per run; everything after that is arrays.

Encodings
---------
- Departments become integer codes in one code space shared by both sides, so "same
  department" is ``mentee_code == mentor_code``.
- Each distinct (location, UTC offset) a participant gives is a *place* with an integer
  code; the location component is then a small place × place table looked up per pair.
- Values, passions and learning topics become bit sets: item ``k`` of a sorted vocabulary
  (the union of what anyone named, plus the passion framework) is bit ``k % 64`` of word
  ``k // 64`` of a ``uint64`` row. The overlap of two sets is ``popcount(a & b)``, an exact
  count computed for every mentee × mentor cell at the cost of one AND and one popcount per
  word; vocabularies of a program fit in one or two words.
- Reporting lines use an Euler tour of the roster's manager forest: a depth-first walk numbers
  each person on entry (``tin``) and records where their subtree ends (``tout``, exclusive).
  ``u`` is ``v`` or one of ``v``'s managers, at any depth, exactly when
  ``tin[u] <= tin[v] < tout[u]``: two comparisons, so the whole mentee × mentor test is a
  broadcast, not a walk up the chain per pair. A person counts as in their own line, which
  also keeps anyone from being paired with themselves.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from cohorts.profiles.passions import PASSION_ARCHETYPES  # the default framework (docs/product.md)


def _frozen(items: Iterable[str]) -> frozenset[str]:
    if isinstance(items, str):
        raise TypeError(f"expected a collection of strings, got the string {items!r}")
    return frozenset(items)


@dataclass(frozen=True)
class MatchProfile:
    """One mentee or mentor as the engine sees them (named apart from ``cohorts.models.Participant``).

    ``id`` is the roster employee id (the key of ``manager_of``). ``wishes`` is what a mentee
    wants to learn and ``strengths`` what a mentor offers; each side reads only its own field.
    ``utc_offset_hours`` is the person's current offset from UTC, or ``None`` when unknown.
    """

    id: Hashable
    department: str
    level: int
    location: str = ""
    utc_offset_hours: float | None = None
    values: frozenset[str] = field(default_factory=frozenset)
    passions: frozenset[str] = field(default_factory=frozenset)
    wishes: frozenset[str] = field(default_factory=frozenset)
    strengths: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for name in ("values", "passions", "wishes", "strengths"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))


@dataclass(frozen=True, eq=False)
class Side:
    """The arrays for one side of the cohort, one row per person in input order.

    ``topics`` holds the mentees' learning wishes on the mentee side and the mentors'
    strengths on the mentor side. Set columns are ``uint64`` bit words; ``n_*`` their sizes.
    """

    ids: tuple[Hashable, ...]
    department: np.ndarray  # int64 codes into CohortFeatures.departments
    level: np.ndarray  # int64
    place: np.ndarray  # int64 codes into CohortFeatures.places
    values: np.ndarray  # (n, words) uint64 bit sets over CohortFeatures.values
    passions: np.ndarray  # (n, words) uint64 bit sets over CohortFeatures.passions
    topics: np.ndarray  # (n, words) uint64 bit sets over CohortFeatures.topics
    n_values: np.ndarray  # int64 set sizes
    n_passions: np.ndarray
    n_topics: np.ndarray
    tin: np.ndarray  # int64 Euler-tour entry number
    tout: np.ndarray  # int64 end of the person's subtree (exclusive)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, eq=False)
class CohortFeatures:
    """Both sides of a cohort, their vocabularies, and the records they came from."""

    mentees: Side
    mentors: Side
    departments: tuple[str, ...]
    places: tuple[tuple[str, float | None], ...]  # (location or "", UTC offset or None)
    values: tuple[str, ...]
    passions: tuple[str, ...]
    topics: tuple[str, ...]
    mentee_records: tuple[MatchProfile, ...]
    mentor_records: tuple[MatchProfile, ...]

    @cached_property
    def mentee_rows(self) -> dict[Hashable, int]:
        """Mentee id → row of the score matrix."""
        return {pid: n for n, pid in enumerate(self.mentees.ids)}

    @cached_property
    def mentor_columns(self) -> dict[Hashable, int]:
        """Mentor id → column of the score matrix."""
        return {pid: n for n, pid in enumerate(self.mentors.ids)}

    def mentee_index(self, mentee_id: Hashable) -> int:
        """Row of a mentee id; ``KeyError`` names the id when it is not in the cohort."""
        try:
            return self.mentee_rows[mentee_id]
        except KeyError:
            raise KeyError(f"{mentee_id!r} is not a mentee of this cohort") from None

    def mentor_index(self, mentor_id: Hashable) -> int:
        """Column of a mentor id; ``KeyError`` names the id when it is not in the cohort."""
        try:
            return self.mentor_columns[mentor_id]
        except KeyError:
            raise KeyError(f"{mentor_id!r} is not a mentor of this cohort") from None


def euler_intervals(
    people: Iterable[Hashable], manager_of: Mapping[Hashable, Hashable | None]
) -> dict[Hashable, tuple[int, int]]:
    """Number the manager forest depth-first: person → (tin, tout).

    Covers everyone in ``manager_of`` (keys and managers) and in ``people``; someone with no
    manager, or whose manager is unknown, is a root. Children are walked in the order they
    first appear, so the numbering is deterministic. A cycle in the manager chain is a roster
    error and raises ``ValueError`` naming the people on it.
    """
    order: dict[Hashable, None] = {}
    for person, manager in manager_of.items():
        order.setdefault(person)
        if manager is not None:
            order.setdefault(manager)
    for person in people:
        order.setdefault(person)

    children: dict[Hashable, list[Hashable]] = {person: [] for person in order}
    roots: list[Hashable] = []
    for person in order:
        manager = manager_of.get(person)
        if manager is None:
            roots.append(person)
        else:
            children[manager].append(person)

    intervals: dict[Hashable, tuple[int, int]] = {}
    clock = 0
    for root in roots:
        # Iterative walk: deep hierarchies must not hit Python's recursion limit.
        tin = {root: clock}
        clock += 1
        stack: list[tuple[Hashable, int]] = [(root, 0)]
        while stack:
            node, next_child = stack[-1]
            kids = children[node]
            if next_child < len(kids):
                stack[-1] = (node, next_child + 1)
                child = kids[next_child]
                tin[child] = clock
                clock += 1
                stack.append((child, 0))
            else:
                stack.pop()
                intervals[node] = (tin[node], clock)

    if len(intervals) < len(order):
        stuck = [person for person in order if person not in intervals]
        raise ValueError(
            f"the manager chain loops through {stuck[:10]!r} (they never reach someone without a manager): "
            "fix the roster's managers"
        )
    return intervals


def _codes(labels: Sequence[Hashable], vocabulary: Sequence[Hashable]) -> np.ndarray:
    index = {label: n for n, label in enumerate(vocabulary)}
    return np.fromiter((index[label] for label in labels), dtype=np.int64, count=len(labels))


def bit_sets(sets: Sequence[frozenset[str]], vocabulary: Sequence[str]) -> np.ndarray:
    """Each set as a row of ``uint64`` words, item ``k`` of the vocabulary at bit ``k``."""
    index = {label: n for n, label in enumerate(vocabulary)}
    words = max(1, -(-len(vocabulary) // 64))
    packed = [sum(1 << index[item] for item in items) for items in sets]
    mask = (1 << 64) - 1
    return np.array(
        [[(number >> (64 * w)) & mask for w in range(words)] for number in packed], dtype=np.uint64
    ).reshape(len(sets), words)


def _place(person: MatchProfile) -> tuple[str, float | None]:
    offset = person.utc_offset_hours
    return person.location, None if offset is None else float(offset)


def _side(
    people: Sequence[MatchProfile],
    topics_of: str,
    vocab: dict[str, tuple],
    intervals: Mapping[Hashable, tuple[int, int]],
) -> Side:
    tin_tout = np.array([intervals[p.id] for p in people], dtype=np.int64).reshape(len(people), 2)
    topics = [getattr(p, topics_of) for p in people]
    return Side(
        ids=tuple(p.id for p in people),
        department=_codes([p.department for p in people], vocab["departments"]),
        level=np.array([p.level for p in people], dtype=np.int64),
        place=_codes([_place(p) for p in people], vocab["places"]),
        values=bit_sets([p.values for p in people], vocab["values"]),
        passions=bit_sets([p.passions for p in people], vocab["passions"]),
        topics=bit_sets(topics, vocab["topics"]),
        n_values=np.array([len(p.values) for p in people], dtype=np.int64),
        n_passions=np.array([len(p.passions) for p in people], dtype=np.int64),
        n_topics=np.array([len(t) for t in topics], dtype=np.int64),
        tin=tin_tout[:, 0].copy(),
        tout=tin_tout[:, 1].copy(),
    )


def build_features(
    mentees: Sequence[MatchProfile],
    mentors: Sequence[MatchProfile],
    *,
    manager_of: Mapping[Hashable, Hashable | None],
    passion_framework: Sequence[str] = PASSION_ARCHETYPES,
) -> CohortFeatures:
    """Encode a cohort for scoring.

    ``manager_of`` maps roster employee ids to their manager's id (``None`` at the top) and
    should cover the whole chain above every participant, including managers who are not in
    the cohort; that is what lets "same reporting line" reach any depth. Ids must be unique
    within each side.
    """
    mentees, mentors = tuple(mentees), tuple(mentors)
    for role, people in (("mentee", mentees), ("mentor", mentors)):
        ids = [p.id for p in people]
        if len(set(ids)) != len(ids):
            seen: set[Hashable] = set()
            duplicates = [pid for pid in ids if pid in seen or seen.add(pid)]
            raise ValueError(f"{role} ids must be unique; repeated: {duplicates[:10]!r}")
    everyone = mentees + mentors
    vocab = {
        "departments": tuple(sorted({p.department for p in everyone})),
        "places": tuple(dict.fromkeys(_place(p) for p in everyone)),
        "values": tuple(sorted({v for p in everyone for v in p.values})),
        "passions": tuple(
            dict.fromkeys([*passion_framework, *sorted({x for p in everyone for x in p.passions})])
        ),
        "topics": tuple(
            sorted({t for p in mentees for t in p.wishes} | {t for p in mentors for t in p.strengths})
        ),
    }
    intervals = euler_intervals((p.id for p in everyone), manager_of)
    return CohortFeatures(
        mentees=_side(mentees, "wishes", vocab, intervals),
        mentors=_side(mentors, "strengths", vocab, intervals),
        departments=vocab["departments"],
        places=vocab["places"],
        values=vocab["values"],
        passions=vocab["passions"],
        topics=vocab["topics"],
        mentee_records=mentees,
        mentor_records=mentors,
    )


def same_reporting_line(
    mentees: Side, mentors: Side, mentee_index: np.ndarray, mentor_index: np.ndarray
) -> np.ndarray:
    """True where the mentor is the mentee's manager at any depth, or the other way round.

    The index arrays broadcast: pass ``rows[:, None]`` and ``cols[None, :]`` for a block of the
    matrix, or two equal-length vectors for a list of pairs.
    """
    e_in, e_out = mentees.tin[mentee_index], mentees.tout[mentee_index]
    m_in, m_out = mentors.tin[mentor_index], mentors.tout[mentor_index]
    return ((m_in <= e_in) & (e_in < m_out)) | ((e_in <= m_in) & (m_in < e_out))
