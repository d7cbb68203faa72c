"""Peer-circle programs: split the participants into circles that mix departments and levels.

Sizes
-----
With ``n`` people and a target size ``s`` there are ``floor(n/s)`` or ``ceil(n/s)`` circles,
whichever keeps every circle closest to ``s`` (then the one with more circles of exactly
``s``, then fewer circles); sizes are balanced, so they differ by at most one, and the first
circles are the larger. Usually every circle is ``s`` or ``s ± 1``; only a handful of people
(e.g. 8 for circles of 6) can force a bigger deviation.

The diversity objective
-----------------------
``diversity = sum over circles of (distinct departments + distinct levels)``: it grows with
every department or level a circle would otherwise lack. Two people who must be kept apart in
one circle cost more than any diversity could gain, so such conflicts are removed first:
people of one reporting line (one manages the other at any depth, when reporting lines are
given) and people who shared a pair or circle before (``keep_apart``, unless the program
allows repeats).

The method
----------
1. A *snake draft*: participants sorted by department then level are dealt to the circles
   1, 2, …, c, c, …, 2, 1, 1, 2, … (skipping full circles), so each department is spread over
   as many circles as possible and, within it, the levels too.
2. The draft is compared with the naive split (consecutive chunks in input order) and the
   better one is kept, so the result is never worse than chunking, by construction.
3. Local search: swaps of two people in different circles are tried in a fixed order and
   the first one that strictly improves the objective is applied, until a full pass finds
   none (or 50 passes). Each swap changes the objective by an amount computed from per-circle
   counts in constant time (plus the two circles' members for conflicts).

The manager's choices
---------------------
``keep_together`` pairs join people into *clusters* (two pairs sharing a person make one
cluster of three) that always share a circle: clusters are placed first, the largest first,
each in the circle with the most room (a circle grows, and the others shrink, when a cluster
is larger than its planned size), then everyone else is drafted into the room left, and the
local search swaps only people outside clusters. ``keep_apart`` pairs (the manager's, and
people who shared a pair or circle before) count as conflicts, as reporting lines do. With
clusters the naive split is not a candidate: it would break them.

Everything is deterministic: the same participants in the same order give the same circles.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence

from matching.features import MatchProfile, euler_intervals

_MAX_PASSES = 50


def circle_sizes(n: int, size: int) -> list[int]:
    """The balanced circle sizes for ``n`` people and a target ``size`` (see module doc)."""
    if size < 2:
        raise ValueError("a circle needs a target size of at least 2")
    if n == 0:
        return []
    options = []
    for count in {max(1, n // size), max(1, math.ceil(n / size))}:
        sizes = [n // count + (1 if k < n % count else 0) for k in range(count)]
        options.append((max(abs(x - size) for x in sizes), -sizes.count(size), count, sizes))
    return min(options)[3]


def diversity(circles: Sequence[Sequence[MatchProfile]]) -> int:
    """Distinct departments plus distinct levels, summed over the circles."""
    return sum(len({p.department for p in c}) + len({p.level for p in c}) for c in circles)


class _State:
    """Circles with per-circle counts, so a swap's effect is cheap to compute."""

    def __init__(
        self,
        people: Sequence[MatchProfile],
        members: list[list[int]],
        intervals,
        penalty: int,
        apart: frozenset[frozenset[int]] = frozenset(),
    ):
        self.people = people
        self.apart = apart
        self.members = members
        self.where = {i: c for c, ms in enumerate(members) for i in ms}
        self.depts = [Counter(people[i].department for i in ms) for ms in members]
        self.levels = [Counter(people[i].level for i in ms) for ms in members]
        self.intervals = intervals
        self.penalty = penalty

    @property
    def has_conflicts(self) -> bool:
        return self.intervals is not None or bool(self.apart)

    def conflict(self, a: int, b: int) -> bool:
        """Whether ``a`` and ``b`` must not share a circle: one reporting line, or together before."""
        if frozenset((a, b)) in self.apart:
            return True
        if self.intervals is None:
            return False
        (a_in, a_out), (b_in, b_out) = self.intervals[a], self.intervals[b]
        return a_in <= b_in < a_out or b_in <= a_in < b_out

    def conflicts_with(self, person: int, circle: int, excluding: int) -> int:
        return sum(
            1 for j in self.members[circle] if j not in (person, excluding) and self.conflict(person, j)
        )

    def objective(self) -> int:
        conflicts = sum(
            self.conflict(a, b) for ms in self.members for x, a in enumerate(ms) for b in ms[x + 1 :]
        )
        return sum(len(d) for d in self.depts) + sum(len(v) for v in self.levels) - self.penalty * conflicts

    @staticmethod
    def _distinct_change(counts: Counter, leaving, arriving) -> int:
        if leaving == arriving:
            return 0
        return (counts[arriving] == 0) - (counts[leaving] == 1)

    def swap_gain(self, a: int, b: int) -> int:
        ca, cb = self.where[a], self.where[b]
        pa, pb = self.people[a], self.people[b]
        gain = (
            self._distinct_change(self.depts[ca], pa.department, pb.department)
            + self._distinct_change(self.depts[cb], pb.department, pa.department)
            + self._distinct_change(self.levels[ca], pa.level, pb.level)
            + self._distinct_change(self.levels[cb], pb.level, pa.level)
        )
        if self.has_conflicts:
            before = self.conflicts_with(a, ca, a) + self.conflicts_with(b, cb, b)
            after = self.conflicts_with(b, ca, a) + self.conflicts_with(a, cb, b)
            gain -= self.penalty * (after - before)
        return gain

    def swap(self, a: int, b: int) -> None:
        ca, cb = self.where[a], self.where[b]
        pa, pb = self.people[a], self.people[b]
        for counts, key_a, key_b in (
            (self.depts, pa.department, pb.department),
            (self.levels, pa.level, pb.level),
        ):
            counts[ca][key_a] -= 1
            counts[ca][key_b] += 1
            counts[cb][key_b] -= 1
            counts[cb][key_a] += 1
            for c in (ca, cb):
                counts[c] += Counter()  # drops zero counts so len() is the number of distinct keys
        self.members[ca][self.members[ca].index(a)] = b
        self.members[cb][self.members[cb].index(b)] = a
        self.where[a], self.where[b] = cb, ca


def clusters_of(n: int, together: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Groups of indexes ``0..n-1`` joined by the ``together`` pairs (union–find), each in
    index order, largest first; people in no pair are left out."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in together:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g[0]))


def _place_clusters(clusters: list[list[int]], sizes: list[int]) -> list[list[int]]:
    """Each cluster into the circle with the most room; a circle too small grows, taking the
    places from the circles with the most room left (``sizes`` is changed to match)."""
    members: list[list[int]] = [[] for _ in sizes]
    for cluster in clusters:
        room = [sizes[c] - len(members[c]) for c in range(len(sizes))]
        target = max(range(len(sizes)), key=lambda c: (room[c], -c))
        deficit = len(cluster) - room[target]
        if deficit > 0:
            sizes[target] += deficit
            for c in sorted(range(len(sizes)), key=lambda c: (-room[c], c)):
                if c == target or deficit == 0:
                    continue
                give = min(deficit, room[c])
                sizes[c] -= give
                deficit -= give
        members[target].extend(cluster)
    return members


def _snake_draft(
    people: Sequence[MatchProfile], sizes: list[int], placed: list[list[int]] | None = None
) -> list[list[int]]:
    """Deal everyone not already ``placed`` into the room the circles have left."""
    members: list[list[int]] = [list(ms) for ms in placed] if placed else [[] for _ in sizes]
    taken = {i for ms in members for i in ms}
    order = sorted(
        (i for i in range(len(people)) if i not in taken),
        key=lambda i: (people[i].department, people[i].level),
    )
    forward = list(range(len(sizes)))
    turn: list[int] = []
    for person in order:
        while True:
            if not turn:
                turn = forward[:]
                forward.reverse()
            circle = turn.pop(0)
            if len(members[circle]) < sizes[circle]:
                members[circle].append(person)
                break
    return members


def _chunks(n: int, sizes: list[int]) -> list[list[int]]:
    members, start = [], 0
    for size in sizes:
        members.append(list(range(start, start + size)))
        start += size
    return members


def form_circles(
    people: Sequence[MatchProfile],
    *,
    size: int,
    manager_of: Mapping[Hashable, Hashable | None] | None = None,
    keep_apart: Iterable[tuple[Hashable, Hashable]] = (),
    keep_together: Iterable[tuple[Hashable, Hashable]] = (),
) -> list[tuple[Hashable, ...]]:
    """Split ``people`` into circles of about ``size`` mixing departments and levels.

    With ``manager_of`` (roster id → manager id), people in one reporting line are kept apart
    whenever the sizes allow; so are the id pairs in ``keep_apart`` (people who shared a pair or
    circle in an earlier cohort, or the manager said so). The id pairs in ``keep_together`` always
    share a circle (see the module doc). Returns the circles as tuples of ids, members in input
    order.
    """
    people = list(people)
    sizes = circle_sizes(len(people), size)
    if not sizes:
        return []
    intervals = None
    if manager_of is not None:
        by_id = euler_intervals((p.id for p in people), manager_of)
        intervals = [by_id[p.id] for p in people]
    penalty = 2 * len(people) + 1  # more than the whole diversity can ever be
    index = {p.id: i for i, p in enumerate(people)}
    apart = frozenset(
        frozenset((index[a], index[b])) for a, b in keep_apart if a in index and b in index and a != b
    )

    together = [(index[a], index[b]) for a, b in keep_together if a in index and b in index and a != b]
    clusters = clusters_of(len(people), together)
    if clusters:
        candidates = [_snake_draft(people, sizes, _place_clusters(clusters, sizes))]
    else:
        candidates = [_snake_draft(people, sizes), _chunks(len(people), sizes)]
    state = max(
        (_State(people, members, intervals, penalty, apart) for members in candidates), key=_State.objective
    )
    fixed = {i for cluster in clusters for i in cluster}
    movable = [i for i in range(len(people)) if i not in fixed]
    for _ in range(_MAX_PASSES):
        improved = False
        for x, a in enumerate(movable):
            for b in movable[x + 1 :]:
                if state.where[a] != state.where[b] and state.swap_gain(a, b) > 0:
                    state.swap(a, b)
                    improved = True
        if not improved:
            break
    return [tuple(people[i].id for i in sorted(ms)) for ms in state.members if ms]
