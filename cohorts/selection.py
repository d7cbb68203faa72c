"""The selection assistant: propose a class spread across departments and levels.

Pure Python, no Django: candidates in, a proposed class out, so the rule can be tested on its
own (tests/cohorts/test_selection.py) and reused by the API.

The measure of spread
---------------------
For one dimension (department, or level) the spread of a class is the Shannon entropy of its
distribution, normalized by the largest entropy the *pool* allows::

    H = -sum(p_k * log p_k)          p_k = share of the class in category k
    normalized = H / log(K)          K = number of categories present in the pool

1.0 means the class is spread evenly over every department (or level) that applied; 0.0 means
everyone comes from one. A dimension whose pool has a single category has nothing to spread
over and counts as 1.0 for a non-empty class. The overall spread is the mean of the department
and level figures. It depends only on the counts per category, and sums are exact
(``math.fsum``), so the same class always gets the same figure, whatever its order.

The method
----------
With the class size ``n`` fixed, maximizing the spread is minimizing
``sum(c log c) / log(K_dept)`` over department counts plus the same over level counts, where
counts are limited by who applied in each (department, level) cell. That is a min-cost flow
with convex arc costs — source → department → (department, level) cell → level → sink — and
successive shortest augmenting paths, one person at a time, reach the optimum exactly (the
convexity of ``c log c`` is what makes one-at-a-time augmentation optimal, not merely greedy).
Each cell fills in application order, and taking a later applicant carries a tiny cost, so of
two classes equally spread (to within a millionth) the one whose people applied earlier wins.
The graph has one node per department and level, not per person, so pools of thousands take
milliseconds; the work grows with the class size times the number of (department, level) cells.

Finally the result is compared with the first ``n`` applicants in date order, and that
first-come class is returned whenever it is at least as spread: the proposal is therefore
never less varied than first come, first served, by construction and not only by the proof.

People already in the class (``keep``) stay: they take their places and start the counts,
so the open places go to whoever balances the class as a whole.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# Weight of the application-date tie-break, in the units of the objective. Small enough never
# to trade away visible spread, large enough to stay above floating-point noise.
_DATE_WEIGHT = 1e-6
_TOLERANCE = 1e-12


@dataclass(frozen=True)
class Candidate:
    """One accepted applicant as the algorithm sees them."""

    id: Any
    department: Hashable
    level: Hashable
    applied_at: Any  # anything ordered: a datetime in the app, an int in tests


@dataclass(frozen=True)
class Spread:
    """Normalized entropies, each in [0, 1]; ``overall`` is their mean."""

    department: float
    level: float

    @property
    def overall(self) -> float:
        return (self.department + self.level) / 2


def _normalized_entropy(counts: Iterable[int], categories: int) -> float:
    counts = [c for c in counts if c > 0]
    total = sum(counts)
    if total == 0:
        return 0.0
    if categories <= 1:
        return 1.0
    # H = log(n) - sum(c log c) / n; fsum makes the figure independent of the counts' order.
    entropy = math.log(total) - math.fsum(c * math.log(c) for c in counts) / total
    return max(0.0, min(1.0, entropy / math.log(categories)))


def spread(members: Sequence[Candidate], *, pool: Sequence[Candidate] | None = None) -> Spread:
    """The spread of ``members``, normalized by the categories present in ``pool``.

    Without ``pool``, the members are their own reference (the spread of the pool itself).
    """
    reference = members if pool is None else pool
    departments = {c.department for c in reference} | {c.department for c in members}
    levels = {c.level for c in reference} | {c.level for c in members}
    return Spread(
        department=_normalized_entropy(Counter(c.department for c in members).values(), len(departments)),
        level=_normalized_entropy(Counter(c.level for c in members).values(), len(levels)),
    )


def _date_order(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (c.applied_at, c.id))


def _open_places(limit: int, keep: Sequence[Candidate]) -> int:
    return max(limit - len(keep), 0)


def first_come(pool: Sequence[Candidate], limit: int, *, keep: Sequence[Candidate] = ()) -> list[Candidate]:
    """The earliest applicants for the open places: the picks the assistant must beat."""
    return _date_order(pool)[: _open_places(limit, keep)]


def _check(pool: Sequence[Candidate], limit: int, keep: Sequence[Candidate]) -> None:
    if limit < 0:
        raise ValueError("The class-size limit cannot be negative")
    ids = [c.id for c in pool] + [c.id for c in keep]
    if len(ids) != len(set(ids)):
        raise ValueError("Each candidate may appear in the pool (or the class) only once")


def _plogp(count: int) -> float:
    return count * math.log(count) if count > 1 else 0.0


class _ClassFlow:
    """The convex-cost flow behind ``propose_class``; see the module docstring."""

    def __init__(self, pool: Sequence[Candidate], keep: Sequence[Candidate]):
        ordered = _date_order(pool)
        rank_weight = _DATE_WEIGHT / max(len(ordered), 1)
        self.departments = sorted({c.department for c in [*ordered, *keep]}, key=repr)
        self.levels = sorted({c.level for c in [*ordered, *keep]}, key=repr)
        dept_index = {d: i for i, d in enumerate(self.departments)}
        level_index = {v: j for j, v in enumerate(self.levels)}
        n_dept, n_level = len(self.departments), len(self.levels)
        self.cells: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
        self.rank_cost: dict[tuple[int, int], list[float]] = defaultdict(list)
        for rank, candidate in enumerate(ordered):
            key = (dept_index[candidate.department], level_index[candidate.level])
            self.cells[key].append(candidate)
            self.rank_cost[key].append(rank * rank_weight)
        self.dept_weight = 1 / math.log(n_dept) if n_dept > 1 else 0.0
        self.level_weight = 1 / math.log(n_level) if n_level > 1 else 0.0
        self.dept_capacity = [0] * n_dept
        self.level_capacity = [0] * n_level
        for (i, j), members in self.cells.items():
            self.dept_capacity[i] += len(members)
            self.level_capacity[j] += len(members)
        # Who is already in the class starts the counts; the arc costs stay convex from there.
        self.dept_count = [0] * n_dept
        self.level_count = [0] * n_level
        for member in keep:
            i, j = dept_index[member.department], level_index[member.level]
            self.dept_count[i] += 1
            self.level_count[j] += 1
            self.dept_capacity[i] += 1
            self.level_capacity[j] += 1
        self.taken: dict[tuple[int, int], int] = dict.fromkeys(self.cells, 0)
        self.cells_of_dept: list[list[int]] = [[] for _ in range(n_dept)]
        self.cells_of_level: list[list[int]] = [[] for _ in range(n_level)]
        for i, j in sorted(self.cells):
            self.cells_of_dept[i].append(j)
            self.cells_of_level[j].append(i)

    def _augment(self) -> None:
        """Add one person along the cheapest path: source → dept → level (⇄ dept …) → sink.

        Nodes: ("d", i) and ("l", j). Moving from a department to a level takes the next
        applicant of that cell; moving back from a level to a department gives up that cell's
        latest taken applicant, which lets a later person re-balance earlier choices.
        """
        n_dept, n_level = len(self.departments), len(self.levels)
        inf = math.inf
        dist_d = [inf] * n_dept
        dist_l = [inf] * n_level
        pred_d: list[int | None] = [None] * n_dept  # level we came from (None: from the source)
        pred_l: list[int | None] = [None] * n_level  # department we came from
        for i in range(n_dept):
            if self.dept_count[i] < self.dept_capacity[i]:
                count = self.dept_count[i]
                dist_d[i] = self.dept_weight * (_plogp(count + 1) - _plogp(count))
        # Bellman-Ford over a graph of a few dozen nodes; arcs back to a department have
        # negative cost, so Dijkstra would need potentials. Relaxing only on a real improvement
        # keeps floating-point noise from cycling, and the pass count bounds it anyway.
        for _ in range(n_dept + n_level + 1):
            changed = False
            for i in range(n_dept):
                if dist_d[i] == inf:
                    continue
                for j in self.cells_of_dept[i]:
                    taken = self.taken[(i, j)]
                    if taken < len(self.cells[(i, j)]):
                        candidate = dist_d[i] + self.rank_cost[(i, j)][taken]
                        if candidate < dist_l[j] - _TOLERANCE:
                            dist_l[j], pred_l[j] = candidate, i
                            changed = True
            for j in range(n_level):
                if dist_l[j] == inf:
                    continue
                for i in self.cells_of_level[j]:
                    taken = self.taken[(i, j)]
                    if taken > 0:
                        candidate = dist_l[j] - self.rank_cost[(i, j)][taken - 1]
                        if candidate < dist_d[i] - _TOLERANCE:
                            dist_d[i], pred_d[i] = candidate, j
                            changed = True
            if not changed:
                break
        best_level, best_cost = None, inf
        for j in range(n_level):
            if dist_l[j] < inf and self.level_count[j] < self.level_capacity[j]:
                count = self.level_count[j]
                total = dist_l[j] + self.level_weight * (_plogp(count + 1) - _plogp(count))
                if total < best_cost - _TOLERANCE:
                    best_level, best_cost = j, total
        if best_level is None:  # the caller never asks for more people than the pool holds
            raise RuntimeError("No augmenting path: the pool is exhausted")
        self.level_count[best_level] += 1
        j = best_level
        for _ in range(n_dept + n_level + 1):
            i = pred_l[j]
            self.taken[(i, j)] += 1
            back = pred_d[i]
            if back is None:
                self.dept_count[i] += 1
                return
            self.taken[(i, back)] -= 1
            j = back
        raise RuntimeError("Selection path did not close; the flow is inconsistent")

    def solve(self, places: int) -> list[Candidate]:
        for _ in range(places):
            self._augment()
        chosen = [c for key, members in self.cells.items() for c in members[: self.taken[key]]]
        return _date_order(chosen)


def propose_class(
    pool: Sequence[Candidate], limit: int, *, keep: Sequence[Candidate] = ()
) -> list[Candidate]:
    """Who from ``pool`` should fill the class's open places, in application order.

    The class is ``keep`` (already in it) plus the result, at most ``limit`` people, and as
    spread as any such class can be. Everyone is taken when the pool fits the open places.
    Never less spread than ``keep`` plus ``first_come(pool, limit, keep=keep)``.
    """
    _check(pool, limit, keep)
    places = _open_places(limit, keep)
    if len(pool) <= places:
        return _date_order(pool)
    if places == 0:
        return []
    picks = _ClassFlow(pool, keep).solve(places)
    baseline = first_come(pool, limit, keep=keep)
    reference = [*pool, *keep]
    if spread([*keep, *baseline], pool=reference).overall >= spread([*keep, *picks], pool=reference).overall:
        return baseline
    return picks
