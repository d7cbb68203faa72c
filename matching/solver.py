"""The optimal assignment of mentees to mentors, and the greedy baseline it is measured against.

The objective
-------------
Among assignments that respect every hard rule, the solver returns one that first matches as
many mentees as possible and then, among those, has the highest total score. Matching more
people comes first on purpose: a program would rather give everyone a good-enough mentor
than leave one mentee out to give another a slightly better one.

Hard rules: a mentor takes at most their capacity (1..N; group programs give a mentor with
k mentees capacity k); pinned pairs are kept; forbidden pairs, reporting-line conflicts
(either one is the other's manager at any depth) and — unless the program allows it — people
paired in an earlier cohort are never chosen; with ``level_gap_is_hard`` neither is a mentor
less than ``min_level_gap`` levels above the mentee. A pin is the manager's explicit choice,
so it may repeat an earlier pair or fall short of the level gap; a pin in the same reporting
line, on a forbidden pair, or beyond a mentor's capacity raises ``PinError``.

The method
----------
Pinned pairs are fixed first and use up their mentor's capacity. The rest is solved exactly
on a sparse graph by ``matching.sparse_assignment``: each mentee's best few allowed mentors,
capacity-expanded and solved with ``scipy.sparse.csgraph.min_weight_full_bipartite_matching``,
then proven optimal for the whole matrix with the dual prices (no pruned cell has a negative
reduced cost), adding cells and solving again until the proof holds. Allowed cells weigh
``score + M`` with ``M = (min(rows, places) + 1) * (best score + 1)``, and every mentee may stay
unmatched at weight 0: every assignment with ``f`` pairs then weighs between ``f * M`` and
``f * (M + best)``, so one more pair always outweighs any difference in score, and maximizing
the weight maximizes (matches, total score) lexicographically. A pair's score is its exact
float64 score (``ScoreMatrix.pair_scores``); the float32 matrix only chooses candidates.

First choices (``Constraints.first_choices``, hybrid programs that honour them): a mentee's
first choice — the mentor they ranked first among those in the run — is granted before any
score: the objective becomes (matches, first choices granted, total score). A first choice
weighs ``B`` more than the pair's score, ``B`` larger than any difference in total score
(``matching.sparse_assignment``), so an available first choice is never lost to a score
difference, however small or large; later choices count through the ``mentee_rank`` score
component. With it the solver never grants fewer first choices than without it, and matches as
many people.

Load balance (``Constraints.load_penalty``): a mentor's ``n``-th mentee, counting the mentees
they already have (``current_load``) and pins, costs ``(n - 1) × load_penalty`` of score; the
objective is then (matches, total score minus that cost). More people matched still comes first.

``solve_dense`` is the former method, kept as the reference the sparse one is tested and
benchmarked against: ``scipy.optimize.linear_sum_assignment`` on the whole mentee ×
mentor-slot matrix, a mentor with ``c`` places left getting ``c`` columns (at 10,000 × 4,000
with capacity 3, one 960 MB matrix).

Unmatched mentees get a reason from their row: each mentor is ruled out by the first that
applies of reporting line, level gap, earlier pairing, forbidden; if some mentor was allowed,
the reason is that no capacity was left; otherwise it is the last barrier that stood (so with
three mentors in the reporting line and two forbidden, "all compatible mentors forbidden"),
and the detail gives every count. ``Unmatched.mentors`` names the mentors behind each barrier
(the full ones, for "no capacity"), so a page can say which.

The greedy baseline goes down the mentees in input order and gives each the best-scoring
allowed mentor who still has a place (pins first, ties to the earlier mentor): what a manager
would do by hand. It is what ``bench/matching.py`` compares the optimum with.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from scipy.optimize import linear_sum_assignment

from matching.scoring import ScoreMatrix
from matching.sparse_assignment import solve_sparse

_BLOCK_CELLS = 2**21
NAMED_MENTORS = 5  # mentors named per barrier of a mentee left out (the counts say the rest)


class PinError(ValueError):
    """Pinned pairs that cannot all hold; ``problems`` lists each one in words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class UnmatchedReason(StrEnum):
    NO_MENTORS = "no_mentors"
    NO_CAPACITY = "no_capacity"
    REPORTING_LINE = "reporting_line"
    LEVEL_GAP = "level_gap"
    PREVIOUSLY_PAIRED = "previously_paired"
    FORBIDDEN = "forbidden"


# The order in which a mentor is ruled out for a mentee, most structural first.
_BARRIERS = (
    UnmatchedReason.REPORTING_LINE,
    UnmatchedReason.LEVEL_GAP,
    UnmatchedReason.PREVIOUSLY_PAIRED,
    UnmatchedReason.FORBIDDEN,
)
_ALL_BLOCKED_BY = {
    UnmatchedReason.REPORTING_LINE: "only conflicting mentors (reporting line)",
    UnmatchedReason.LEVEL_GAP: "no mentor senior enough (minimum gap: {gap})",
    UnmatchedReason.PREVIOUSLY_PAIRED: "all compatible mentors were paired with them before",
    UnmatchedReason.FORBIDDEN: "all compatible mentors forbidden",
}
COUNTED_AS = {
    UnmatchedReason.REPORTING_LINE: "in their reporting line",
    UnmatchedReason.LEVEL_GAP: "not senior enough",
    UnmatchedReason.PREVIOUSLY_PAIRED: "paired with them before",
    UnmatchedReason.FORBIDDEN: "forbidden",
}


@dataclass(frozen=True)
class Constraints:
    """The hard rules of one run, by participant id.

    ``capacity`` maps mentor ids to how many mentees they take (others get
    ``default_capacity``); ``pinned`` and ``forbidden`` are (mentee id, mentor id) pairs;
    ``previous_pairs`` are pairs of people matched in an earlier cohort, in either role and
    possibly outside this cohort (those are ignored); leave out any the manager re-allowed, or
    set ``allow_previous_pairs``.
    """

    capacity: Mapping[Hashable, int] = field(default_factory=dict)
    default_capacity: int = 1
    pinned: Collection[tuple[Hashable, Hashable]] = ()
    forbidden: Collection[tuple[Hashable, Hashable]] = ()
    previous_pairs: Collection[tuple[Hashable, Hashable]] = ()
    allow_previous_pairs: bool = False
    load_penalty: float = 0.0
    current_load: Mapping[Hashable, int] = field(default_factory=dict)
    # (mentee id, mentor id): each mentee's first choice, granted before any score (module doc).
    first_choices: Collection[tuple[Hashable, Hashable]] = ()

    def __post_init__(self) -> None:
        if self.default_capacity < 0 or any(c < 0 for c in self.capacity.values()):
            raise ValueError("mentor capacities must be ≥ 0")
        if not math.isfinite(self.load_penalty) or self.load_penalty < 0:
            raise ValueError("the load penalty must be a finite number ≥ 0")


@dataclass(frozen=True)
class ProposedPair:
    """One proposed mentee–mentor pair (a published pair is ``matching.models.Pair``).

    ``score`` is the pair's exact score (its cell of the score matrix before float32 rounding).
    """

    mentee_id: Hashable
    mentor_id: Hashable
    score: float
    pinned: bool = False


@dataclass(frozen=True)
class Unmatched:
    """A mentee left out, with a reason code and the same reason in words.

    ``mentors`` names the mentors concerned, per reason, as (reason, how many, the first
    ``NAMED_MENTORS`` of them): the full compatible mentors for ``NO_CAPACITY``; otherwise each
    barrier that stood with the mentors it ruled out, in the order of ``detail``'s counts."""

    mentee_id: Hashable
    reason: UnmatchedReason
    detail: str
    mentors: tuple[tuple[UnmatchedReason, int, tuple[Hashable, ...]], ...] = ()


@dataclass(frozen=True, eq=False)
class Assignment:
    """The pairs (in mentee order), the mentees left out, and each mentor's places left.

    ``mentee_index`` and ``mentor_index`` give each pair's cell in the score matrix.
    """

    pairs: tuple[ProposedPair, ...]
    unmatched: tuple[Unmatched, ...]
    mentee_index: np.ndarray
    mentor_index: np.ndarray
    remaining_capacity: Mapping[Hashable, int]
    first_choices_granted: int = 0

    @property
    def total_score(self) -> float:
        return math.fsum(pair.score for pair in self.pairs)

    @property
    def worst_score(self) -> float | None:
        return min((pair.score for pair in self.pairs), default=None)

    def objective(self) -> tuple[int, int, float]:
        """What the solver maximizes, in order: pairs made, first choices granted (0 unless
        ``Constraints.first_choices`` asks for them), then total score."""
        return len(self.pairs), self.first_choices_granted, self.total_score


@dataclass(frozen=True, eq=False)
class PreparedConstraints:
    """Constraints turned into indices: the allowed-cell mask, pins, and places left."""

    allowed: np.ndarray  # bool (mentees, mentors): cells the solver may choose
    pinned_rows: np.ndarray
    pinned_cols: np.ndarray
    capacity_left: np.ndarray  # int64 per mentor, after pins
    forbidden_by_row: Mapping[int, tuple[int, ...]]  # mentor columns forbidden per mentee row
    previous_by_row: Mapping[int, tuple[int, ...]]  # earlier partners per mentee row
    first_choice: np.ndarray  # int64 per mentee row: the mentor column ranked first, or -1


def prepare_constraints(scores: ScoreMatrix, constraints: Constraints) -> PreparedConstraints:
    """Check the pins and build the mask of cells the solver may choose."""
    f = scores.features
    n_e, n_m = scores.shape
    capacity = np.array(
        [constraints.capacity.get(mid, constraints.default_capacity) for mid in f.mentors.ids], dtype=np.int64
    )
    forbidden = frozenset((f.mentee_index(e), f.mentor_index(m)) for e, m in constraints.forbidden)

    mentee_rows, mentor_cols = f.mentee_rows, f.mentor_columns
    previous: set[tuple[int, int]] = set()
    if not constraints.allow_previous_pairs:
        for a, b in constraints.previous_pairs:
            for mentee, mentor in ((a, b), (b, a)):
                if mentee in mentee_rows and mentor in mentor_cols:
                    previous.add((mentee_rows[mentee], mentor_cols[mentor]))

    allowed = ~scores.same_line
    if scores.rules.level_gap_is_hard:
        allowed &= ~scores.below_min_gap
    for cells in (forbidden, previous):
        if cells:
            rows, cols = np.array(sorted(cells)).T
            allowed[rows, cols] = False

    problems: list[str] = []
    seen: set[int] = set()
    pinned_rows: list[int] = []
    pinned_cols: list[int] = []
    for mentee_id, mentor_id in constraints.pinned:
        row, col = f.mentee_index(mentee_id), f.mentor_index(mentor_id)
        if row in seen:
            problems.append(f"mentee {mentee_id!r} is pinned more than once")
            continue
        seen.add(row)
        if scores.same_line[row, col]:
            problems.append(f"{mentee_id!r} and {mentor_id!r} are in the same reporting line")
        if (row, col) in forbidden:
            problems.append(f"{mentee_id!r} and {mentor_id!r} are both pinned and forbidden")
        pinned_rows.append(row)
        pinned_cols.append(col)
    used = np.bincount(np.array(pinned_cols, dtype=np.int64), minlength=n_m)
    for col in np.flatnonzero(used > capacity):
        problems.append(f"mentor {f.mentors.ids[col]!r} has {used[col]} pins but capacity {capacity[col]}")
    if problems:
        raise PinError(problems)

    first_choice = np.full(n_e, -1, dtype=np.int64)
    for mentee_id, mentor_id in constraints.first_choices:
        first_choice[f.mentee_index(mentee_id)] = f.mentor_index(mentor_id)

    return PreparedConstraints(
        allowed=allowed,
        pinned_rows=np.array(pinned_rows, dtype=np.int64),
        pinned_cols=np.array(pinned_cols, dtype=np.int64),
        capacity_left=capacity - used,
        forbidden_by_row=_by_row(forbidden),
        previous_by_row=_by_row(previous),
        first_choice=first_choice,
    )


def _by_row(cells: Collection[tuple[int, int]]) -> dict[int, tuple[int, ...]]:
    grouped: dict[int, list[int]] = {}
    for row, col in sorted(cells):
        grouped.setdefault(row, []).append(col)
    return {row: tuple(cols) for row, cols in grouped.items()}


def _dense_costs(
    scores: ScoreMatrix,
    allowed: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    layers: list[int],
    penalty: np.ndarray,
    big: float,
    first_choice: np.ndarray | None = None,
    bonus: float = 0.0,
) -> tuple[np.ndarray, bool]:
    """The expanded cost matrix, in the orientation SciPy reads without a copy.

    ``penalty[k, n]`` is what slot ``k`` of mentor ``cols[n]`` costs (load balance); a row's
    first choice (``first_choice``, a column per row or -1) weighs ``bonus`` more."""
    n_slots = sum(layers)
    transposed = len(rows) > n_slots
    cost = np.empty((n_slots, len(rows)) if transposed else (len(rows), n_slots), dtype=np.float64)
    step = max(1, _BLOCK_CELLS // max(1, len(cols)))
    for start in range(0, len(rows), step):
        block = rows[start : start + step]
        exact = scores.pair_scores(block[:, None], cols[None, :])
        if bonus and first_choice is not None:
            exact = exact + bonus * (cols[None, :] == first_choice[block][:, None])
        blocked = ~allowed[block][:, cols]
        offset = 0
        for k, count in enumerate(layers):
            layer = -(exact[:, :count] - penalty[k, :count] + big)
            np.copyto(layer, 0.0, where=blocked[:, :count])
            if transposed:
                cost[offset : offset + count, start : start + len(block)] = layer.T
            else:
                cost[start : start + len(block), offset : offset + count] = layer
            offset += count
    return cost, transposed


def _solve_free_dense(
    scores: ScoreMatrix,
    allowed: np.ndarray,
    rows: np.ndarray,
    capacity: np.ndarray,
    load_penalty: float = 0.0,
    base_load: np.ndarray | None = None,
    first_choice: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Optimal pairs for the unpinned mentees ``rows`` given each mentor's places left, from
    the whole capacity-expanded matrix (``linear_sum_assignment``); first choices as in
    ``matching.sparse_assignment``."""
    if rows.size == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    sub_allowed = allowed[rows] & (capacity > 0)[None, :]
    rows = rows[sub_allowed.any(axis=1)]
    sub_allowed = allowed[rows] & (capacity > 0)[None, :]
    # Without load balance, a mentor never needs more columns than the mentees who may take them.
    slots = capacity.copy() if load_penalty > 0 else np.minimum(capacity, sub_allowed.sum(axis=0))
    slots = np.minimum(slots, np.where(sub_allowed.any(axis=0), capacity, 0))
    cols = np.flatnonzero(slots > 0)
    if rows.size == 0 or cols.size == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    order = np.argsort(-slots[cols], kind="stable")
    cols, slots = cols[order], slots[cols][order]
    layers = [int(np.count_nonzero(slots >= k)) for k in range(1, int(slots[0]) + 1)]
    slot_col = np.concatenate([cols[:count] for count in layers])
    base = np.zeros(scores.shape[1]) if base_load is None else base_load
    penalty = np.array([(base[cols] + k) * load_penalty for k in range(len(layers))]).reshape(
        len(layers), cols.size
    )

    best = max(float(scores.rules.max_score), float(scores.total.max(initial=0.0)), 0.0)
    places = min(rows.size, slot_col.size)
    has_first = first_choice is not None and bool(np.any(first_choice[rows] >= 0))
    bonus = places * (best + float(penalty.max(initial=0.0))) + 1.0 if has_first else 0.0
    big = (places + 1) * (best + bonus + float(penalty.max(initial=0.0)) + 1.0)
    cost, transposed = _dense_costs(scores, allowed, rows, cols, layers, penalty, big, first_choice, bonus)
    first, second = linear_sum_assignment(cost)
    del cost
    picked_rows, picked_slots = (second, first) if transposed else (first, second)
    mentee_rows, mentor_cols = rows[picked_rows], slot_col[picked_slots]
    keep = allowed[mentee_rows, mentor_cols]
    return mentee_rows[keep], mentor_cols[keep]


def _unmatched(
    scores: ScoreMatrix, prepared: PreparedConstraints, rows: np.ndarray, capacity_left: np.ndarray
) -> tuple[Unmatched, ...]:
    f = scores.features
    n_m = scores.shape[1]
    out: list[Unmatched] = []
    for row in rows:
        mentee_id = f.mentees.ids[row]
        if n_m == 0:
            out.append(Unmatched(mentee_id, UnmatchedReason.NO_MENTORS, "no mentors in the cohort"))
            continue
        compatible = int(prepared.allowed[row].sum())
        if compatible:
            full = (
                "the compatible mentor is full"
                if compatible == 1
                else f"all {compatible} compatible mentors are full"
            )
            named = tuple(f.mentors.ids[c] for c in np.flatnonzero(prepared.allowed[row])[:NAMED_MENTORS])
            out.append(
                Unmatched(
                    mentee_id,
                    UnmatchedReason.NO_CAPACITY,
                    f"no mentor capacity left: {full}",
                    ((UnmatchedReason.NO_CAPACITY, compatible, named),),
                )
            )
            continue
        barrier = np.full(n_m, len(_BARRIERS), dtype=np.int64)
        masks = (
            scores.same_line[row],
            scores.below_min_gap[row] if scores.rules.level_gap_is_hard else np.zeros(n_m, dtype=bool),
            _row_mask(prepared.previous_by_row, row, n_m),
            _row_mask(prepared.forbidden_by_row, row, n_m),
        )
        for level, mask in reversed(list(enumerate(masks))):
            barrier[mask] = level
        counts = np.bincount(barrier, minlength=len(_BARRIERS) + 1)
        last = max(level for level in range(len(_BARRIERS)) if counts[level])
        reason = _BARRIERS[last]
        gap = scores.rules.min_level_gap
        headline = _ALL_BLOCKED_BY[reason].format(gap=f"{gap} level" if gap == 1 else f"{gap} levels")
        tally = ", ".join(
            f"{counts[level]} {COUNTED_AS[_BARRIERS[level]]}" for level in range(last + 1) if counts[level]
        )
        named = tuple(
            (
                _BARRIERS[level],
                int(counts[level]),
                tuple(f.mentors.ids[c] for c in np.flatnonzero(barrier == level)[:NAMED_MENTORS]),
            )
            for level in range(last + 1)
            if counts[level]
        )
        out.append(Unmatched(mentee_id, reason, f"{headline}: {tally}", named))
    return tuple(out)


def _row_mask(by_row: Mapping[int, tuple[int, ...]], row: int, n_m: int) -> np.ndarray:
    mask = np.zeros(n_m, dtype=bool)
    mask[list(by_row.get(row, ()))] = True
    return mask


def _assignment(
    scores: ScoreMatrix, prepared: PreparedConstraints, free_rows: np.ndarray, free_cols: np.ndarray
) -> Assignment:
    f = scores.features
    n_e = scores.shape[0]
    rows = np.concatenate([prepared.pinned_rows, free_rows]).astype(np.int64)
    cols = np.concatenate([prepared.pinned_cols, free_cols]).astype(np.int64)
    pinned = np.zeros(rows.size, dtype=bool)
    pinned[: prepared.pinned_rows.size] = True
    order = np.argsort(rows, kind="stable")
    rows, cols, pinned = rows[order], cols[order], pinned[order]

    capacity_left = prepared.capacity_left - np.bincount(free_cols, minlength=scores.shape[1])
    unmatched_rows = np.setdiff1d(np.arange(n_e), rows)
    pair_scores = scores.pair_scores(rows, cols)
    pairs = tuple(
        ProposedPair(f.mentees.ids[r], f.mentors.ids[c], float(s), bool(p))
        for r, c, s, p in zip(
            rows.tolist(), cols.tolist(), pair_scores.tolist(), pinned.tolist(), strict=True
        )
    )
    return Assignment(
        pairs=pairs,
        unmatched=_unmatched(scores, prepared, unmatched_rows, capacity_left),
        mentee_index=rows,
        mentor_index=cols,
        remaining_capacity=dict(zip(f.mentors.ids, capacity_left.tolist(), strict=True)),
        first_choices_granted=int(np.count_nonzero(prepared.first_choice[rows] == cols)),
    )


def _free_rows(prepared: PreparedConstraints, n_e: int) -> np.ndarray:
    free = np.ones(n_e, dtype=bool)
    free[prepared.pinned_rows] = False
    return np.flatnonzero(free)


def _base_load(scores: ScoreMatrix, constraints: Constraints, prepared: PreparedConstraints) -> np.ndarray:
    """Mentees each mentor has before this run's free choices: earlier pairs, then pins."""
    current = np.array(
        [constraints.current_load.get(mid, 0) for mid in scores.features.mentors.ids], dtype=np.int64
    )
    return current + np.bincount(prepared.pinned_cols, minlength=scores.shape[1])


def solve(scores: ScoreMatrix, constraints: Constraints | None = None) -> Assignment:
    """The optimal assignment: most mentees matched, then highest total score (see module doc),
    found on a sparse graph and proven optimal for the whole matrix (``matching.sparse_assignment``)."""
    constraints = constraints or Constraints()
    prepared = prepare_constraints(scores, constraints)
    free = _free_rows(prepared, scores.shape[0])
    rows, cols, _stats = solve_sparse(
        scores,
        prepared.allowed,
        free,
        prepared.capacity_left,
        penalty=constraints.load_penalty,
        base_load=_base_load(scores, constraints, prepared),
        first_choices=prepared.first_choice[free] if constraints.first_choices else None,
    )
    return _assignment(scores, prepared, rows, cols)


def solve_dense(scores: ScoreMatrix, constraints: Constraints | None = None) -> Assignment:
    """The same optimum from the whole capacity-expanded cost matrix: the reference the sparse
    method is tested against (memory grows with mentees × places: 960 MB at 10,000 × 12,000)."""
    constraints = constraints or Constraints()
    prepared = prepare_constraints(scores, constraints)
    rows, cols = _solve_free_dense(
        scores,
        prepared.allowed,
        _free_rows(prepared, scores.shape[0]),
        prepared.capacity_left,
        constraints.load_penalty,
        _base_load(scores, constraints, prepared),
        prepared.first_choice if constraints.first_choices else None,
    )
    return _assignment(scores, prepared, rows, cols)


def greedy_assignment(scores: ScoreMatrix, constraints: Constraints | None = None) -> Assignment:
    """The baseline: each mentee in input order takes the best allowed mentor with a place left."""
    prepared = prepare_constraints(scores, constraints or Constraints())
    capacity = prepared.capacity_left.copy()
    open_mentors = capacity > 0
    rows: list[int] = []
    cols: list[int] = []
    for row in _free_rows(prepared, scores.shape[0]).tolist():
        candidates = prepared.allowed[row] & open_mentors
        if not candidates.any():
            continue
        col = int(np.argmax(np.where(candidates, scores.total[row], -np.inf)))
        rows.append(row)
        cols.append(col)
        capacity[col] -= 1
        if capacity[col] == 0:
            open_mentors[col] = False
    return _assignment(scores, prepared, np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))
