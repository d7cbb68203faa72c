"""The exact assignment on a sparse graph, with a proof that pruning lost nothing.

``solve`` (``matching/solver.py``) hands this module the unpinned mentees, each mentor's places
left and the score matrix; it returns the optimal pairs for the *whole* problem — every allowed
mentee × mentor cell — while the solver only ever looks at a few dozen cells per mentee.

The problem
-----------
Maximize ``Σ w_ij x_ij`` over allowed cells with ``x`` a 0/1 assignment (each mentee at most
once, mentor ``j`` at most ``c_j`` times), where ``w_ij = score_ij + M`` and ``M`` is large
enough that one more pair outweighs any difference in score (so the most people are matched
first, then the total is highest; see ``matching/solver.py``). With load balance, a mentor's
``k``-th mentee costs an extra ``(k - 1) × penalty``: mentor ``j`` becomes ``c_j`` *slots*,
slot ``k`` taking ``w_ij - (k - 1) × penalty``; since later slots cost more, an optimum fills a
mentor's slots in order, and a mentor with ``L`` mentees pays ``penalty × L(L-1)/2``.

The method
----------
1. **Candidates.** Each mentee's ``CANDIDATES`` best allowed mentors with a place (by the
   float32 score matrix).
2. **Sparse solve.** The candidate edges, capacity-expanded into slots, plus one private
   "nobody" column per mentee (weight 0, so every mentee can stay unmatched), go to
   ``scipy.sparse.csgraph.min_weight_full_bipartite_matching`` (LAPJVsp) with exact float64
   scores (``ScoreMatrix.pair_scores``). While every mentee can be matched the graph is first
   tried without the "nobody" columns (the same optimum, a smaller graph).
3. **Dual prices.** The linear program's dual gives every *unit* (a mentor without penalty, a
   slot with one) a price ``v ≥ 0`` and every mentee a utility ``u ≥ 0`` with
   ``u_i + v_b ≥ w_ib`` on every edge, equality on the chosen pairs, ``u_i = 0`` for a mentee
   left out and ``v_b = 0`` for a unit with room. Those conditions are difference constraints
   between prices: with an arc per candidate edge and a root at price 0, the least prices are
   minus the shortest-path distances to the root. The sparse optimum guarantees no negative
   cycle, and a vectorized Bellman–Ford finds them (least prices leave each mentee the most
   utility, which settles the most pruned cells).
4. **Proof.** The same ``(u, v)`` prove the sparse pairs optimal for the *full* problem when no
   pruned cell has a negative reduced cost ``u_i + min_k(v_jk + p_k) - w_ij``: then
   ``Σu + Σ c·v`` bounds every assignment, and the sparse one reaches it. Every pruned cell of
   the float32 matrix is checked (rows whose best pruned score is below their utility are
   settled at once); cells the float32 rounding cannot settle are re-checked on their exact
   score. Cells that fail join the candidates — and, after the first round, the best mentors by
   score minus price of every row the proof had to scan — and the problem is solved again until
   the proof holds
   (each round adds cells, so it ends; the bench's 10,000-mentee class takes two rounds).

First choices (``first_choices``, hybrid programs that honour them): the cells where a mentee
ranked the mentor first weigh ``B`` more, ``B = min(rows, places) × (best score + largest
penalty) + 1``: more than any difference in total score (minus load cost) between two
assignments, so one more first choice granted always wins, and ``M`` grows by ``B`` per pair so
one more pair still wins over any number of first choices. The objective is then (matches,
first choices, total score). Those cells are candidates from the first round on, so the proof
over pruned cells reads plain scores; the tolerance grows with ``M`` (float64 rounding of
``M``-sized sums, ``1e-13 × M`` when that is larger).

Numbers: at 10,000 mentees × 4,000 mentors with capacity 3, about 225,000 candidate cells
(675,000 slot edges) instead of a 10,000 × 12,000 dense matrix (960 MB). Proof tolerances: a
reduced cost down to ``-1e-7 × (best score + 1)`` counts as zero (float64 rounding in sums of
``M``-sized numbers), so the total is optimal to within that per mentee, and the number
matched exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from matching.scoring import ScoreMatrix

CANDIDATES = 16  # mentors per mentee in the first round
WIDER = 1  # after a failed proof, every row also gets its best mentors by score minus price
_BLOCK_CELLS = 2**20  # cells per block when scanning the score matrix
_FLOAT32_SLACK = 1e-5  # relative error bound of a float32 score (a few roundings of a sum)


@dataclass(frozen=True)
class SparseStats:
    """How the proof went: rounds solved, candidate cells in the last round, cells added."""

    rounds: int
    edges: int
    added: int


@dataclass(frozen=True, eq=False)
class _Units:
    """The columns the duals price: a mentor (no penalty) or one slot of a mentor."""

    mentor: np.ndarray  # mentor column of each unit
    capacity: np.ndarray  # places per unit
    penalty: np.ndarray  # what a mentee in this unit costs, score units
    first: np.ndarray  # per mentor, its first unit
    count: np.ndarray  # per mentor, how many units


def _units(capacity: np.ndarray, penalty: float, base_load: np.ndarray) -> _Units:
    n_m = capacity.size
    if penalty <= 0:
        return _Units(
            mentor=np.arange(n_m),
            capacity=capacity.copy(),
            penalty=np.zeros(n_m),
            first=np.arange(n_m),
            count=np.ones(n_m, dtype=np.int64),
        )
    count = np.maximum(capacity, 0)
    first = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
    mentor = np.repeat(np.arange(n_m), count)
    rank = np.arange(mentor.size) - first[mentor]
    return _Units(
        mentor=mentor,
        capacity=np.ones(mentor.size, dtype=np.int64),
        penalty=(base_load[mentor] + rank) * float(penalty),
        first=first,
        count=count,
    )


def _candidates(
    scores: ScoreMatrix,
    allowed: np.ndarray,
    rows: np.ndarray,
    open_cols: np.ndarray,
    k: int,
    prices: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``k`` best allowed open columns — by score, or by score minus ``prices`` —
    and the best score (or score minus price) left out per row."""
    n_m = open_cols.size
    step = max(1, _BLOCK_CELLS // max(1, n_m))
    out_rows: list[np.ndarray] = []
    out_cols: list[np.ndarray] = []
    best_pruned = np.full(rows.size, -np.inf)
    for start in range(0, rows.size, step):
        block_rows = rows[start : start + step]
        block = scores.total[block_rows].astype(np.float32, copy=True)
        if prices is not None:
            block -= prices
        block[~(allowed[block_rows] & open_cols[None, :])] = -np.inf
        if n_m > k:
            part = np.argpartition(block, n_m - k - 1, axis=1)
            top = part[:, n_m - k :]
            best_pruned[start : start + step] = np.take_along_axis(block, part[:, n_m - k - 1 : n_m - k], 1)[
                :, 0
            ]
        else:
            top = np.broadcast_to(np.arange(n_m), (block_rows.size, n_m))
        picked = np.take_along_axis(block, top, 1)
        keep = np.isfinite(picked)
        out_rows.append(np.broadcast_to(np.arange(start, start + block_rows.size)[:, None], top.shape)[keep])
        out_cols.append(top[keep])
    return np.concatenate(out_rows), np.concatenate(out_cols), best_pruned


@dataclass(frozen=True, eq=False)
class _Edges:
    """Candidate cells: local row, mentor column, exact weight (score, plus the first-choice
    bonus on those cells); sorted by (row, column)."""

    row: np.ndarray
    col: np.ndarray
    score: np.ndarray

    def keys(self, n_m: int) -> np.ndarray:
        return self.row * n_m + self.col


def _unit_edges(edges: _Edges, units: _Units) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each candidate cell once per unit of its mentor: (edge index, unit, penalty)."""
    per_edge = units.count[edges.col]
    edge = np.repeat(np.arange(edges.row.size), per_edge)
    offset = np.arange(edge.size) - np.repeat(np.cumsum(per_edge) - per_edge, per_edge)
    unit = units.first[edges.col[edge]] + offset
    return edge, unit, units.penalty[unit]


def _match(
    edges: _Edges, units: _Units, n_rows: int, big: float, top: float, *, try_everyone: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """The sparse optimum: per row its unit, or -1; and per unit its load.

    With ``try_everyone``, first without the "nobody" columns: when the edges can match every
    row that is the same optimum (most people matched comes first), on a graph a third smaller;
    SciPy refuses when they cannot, and the full graph is solved.
    """
    edge, unit, penalty = _unit_edges(edges, units)
    # Slots: unit ``b`` with capacity ``c`` becomes ``c`` identical columns (never more than
    # the rows that may take it); then one "nobody" column per row.
    demand = np.bincount(unit, minlength=units.mentor.size)
    slots = np.minimum(units.capacity, demand)
    slot_first = np.concatenate([[0], np.cumsum(slots)[:-1]]).astype(np.int64)
    n_slots = int(slots.sum())
    per = slots[unit]
    e2 = np.repeat(np.arange(edge.size), per)
    slot = slot_first[unit[e2]] + (np.arange(e2.size) - np.repeat(np.cumsum(per) - per, per))
    # Cost: top + 1 - (score - penalty) for a pair, top + 1 + big for nobody (both > 0, so no
    # explicit zero is lost by the sparse matrix).
    pair_cost = top + 1.0 - (edges.score[edge[e2]] - penalty[e2])
    pair_row = edges.row[edge[e2]]
    col_of_row = None
    if try_everyone and n_rows <= n_slots:
        try:
            graph = csr_matrix((pair_cost, (pair_row, slot)), shape=(n_rows, n_slots))
            _, col_of_row = min_weight_full_bipartite_matching(graph)
        except ValueError:  # no matching of every row: some must stay unmatched
            col_of_row = None
    if col_of_row is None:
        cost = np.concatenate([pair_cost, np.full(n_rows, top + 1.0 + big)])
        r = np.concatenate([pair_row, np.arange(n_rows)])
        c = np.concatenate([slot, n_slots + np.arange(n_rows)])
        graph = csr_matrix((cost, (r, c)), shape=(n_rows, n_slots + n_rows))
        _, col_of_row = min_weight_full_bipartite_matching(graph)
    slot_unit = np.repeat(np.arange(units.mentor.size), slots)
    matched = col_of_row < n_slots
    unit_of_row = np.full(n_rows, -1, dtype=np.int64)
    unit_of_row[matched] = slot_unit[col_of_row[matched]]
    load = np.bincount(unit_of_row[matched], minlength=units.mentor.size)
    return unit_of_row, load


def _prices(
    edges: _Edges, units: _Units, unit_of_row: np.ndarray, load: np.ndarray, big: float, tolerance: float
) -> np.ndarray:
    """Unit prices ``v`` satisfying the dual conditions of the sparse optimum (module doc)."""
    edge, unit, penalty = _unit_edges(edges, units)
    weight = edges.score[edge] - penalty  # w - M
    row = edges.row[edge]
    n_units = units.mentor.size
    root = n_units
    own = unit_of_row[row]
    matched = own >= 0
    # This row's own edge weight, per edge of a matched row.
    is_own = matched & (unit == own)
    own_weight = np.full(unit_of_row.size, np.nan)
    own_weight[row[is_own]] = weight[is_own]
    # v_own ≤ v_b + w_own - w_b (mentee prefers its own unit); v_own ≤ 0 + w_own (u ≥ 0);
    # 0 ≤ v_b - w_b for rows left out (u = 0); 0 ≤ v_b (prices ≥ 0); v_b ≤ 0 with room.
    other = matched & ~is_own
    src = [unit[other], np.full(int(np.count_nonzero(is_own)), root), unit[~matched]]
    dst = [own[other], unit[is_own], np.full(int(np.count_nonzero(~matched)), root)]
    length = [own_weight[row[other]] - weight[other], weight[is_own] + big, -(weight[~matched] + big)]
    room = np.flatnonzero(load < units.capacity)
    everyone = np.arange(n_units)
    src += [everyone, np.full(room.size, root)]
    dst += [np.full(n_units, root), room]
    length += [np.zeros(n_units), np.zeros(room.size)]
    # The least prices: v = -(shortest distance to the root), found from the root on reversed arcs.
    dst_a, src_a, len_a = np.concatenate(src), np.concatenate(dst), np.concatenate(length)
    order = np.argsort(dst_a, kind="stable")
    src_a, dst_a, len_a = src_a[order], dst_a[order], len_a[order]
    heads, starts = np.unique(dst_a, return_index=True)

    distance = np.full(n_units + 1, np.inf)
    distance[root] = 0.0
    # Jacobi Bellman–Ford: relax every arc at once until nothing improves by more than the
    # tolerance (which also stops float rounding from circling a zero-length cycle forever).
    for _ in range(n_units + 2):
        through = distance[src_a] + len_a
        best = np.minimum.reduceat(through, starts)
        improved = best < distance[heads] - tolerance
        if not improved.any():
            break
        distance[heads[improved]] = best[improved]
    else:  # pragma: no cover - the sparse optimum has no negative cycle
        raise RuntimeError("the sparse assignment is not optimal: its dual has a negative cycle")
    return -distance[:n_units]


def solve_sparse(
    scores: ScoreMatrix,
    allowed: np.ndarray,
    rows: np.ndarray,
    capacity: np.ndarray,
    *,
    penalty: float = 0.0,
    base_load: np.ndarray | None = None,
    candidates: int | None = None,
    first_choices: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, SparseStats]:
    """Optimal (mentee row, mentor column) pairs for ``rows`` given each mentor's places left.

    ``penalty`` is the load-balance cost of each mentee after a mentor's first, growing by one
    step per mentee (module doc); ``base_load`` the mentees each mentor has already (pins,
    earlier pairs). ``first_choices`` is the mentor column each row ranked first, or -1: those
    cells are granted before any score (module doc). Returns the pairs and how the proof went.
    """
    empty = np.empty(0, dtype=np.int64)
    n_m = scores.shape[1]
    open_cols = capacity > 0
    if rows.size == 0 or not open_cols.any():
        return empty, empty, SparseStats(0, 0, 0)
    score_top = max(float(scores.rules.max_score), float(scores.total.max(initial=0.0)), 0.0)
    base = np.zeros(n_m, dtype=np.int64) if base_load is None else base_load
    units = _units(np.where(open_cols, capacity, 0), penalty, base)
    places = min(rows.size, int(capacity[open_cols].sum()))
    first_rows, first_cols = _first_choice_cells(allowed, rows, open_cols, first_choices)
    bonus = places * (score_top + float(units.penalty.max(initial=0.0))) + 1.0 if first_rows.size else 0.0
    top = score_top + bonus
    swing = top + float(units.penalty.max(initial=0.0)) + 1.0
    big = (places + 1) * swing
    slack = _FLOAT32_SLACK * (score_top + 1.0)
    tolerance = max(1e-7 * (score_top + 1.0), 1e-13 * big)

    candidates = max(1, CANDIDATES if candidates is None else candidates)
    cand_rows, cand_cols, best_pruned = _candidates(scores, allowed, rows, open_cols, candidates)
    cand_rows = np.concatenate([cand_rows, first_rows])
    cand_cols = np.concatenate([cand_cols, first_cols])
    keys = np.unique(cand_rows * n_m + cand_cols)
    cand_rows, cand_cols = keys // n_m, keys % n_m
    weight = scores.pair_scores(rows[cand_rows], cand_cols)
    if first_rows.size:
        weight[np.isin(keys, first_rows * n_m + first_cols)] += bonus
    edges = _Edges(cand_rows, cand_cols, weight)
    rounds = added = 0
    unit_of_row = np.zeros(rows.size, dtype=np.int64)  # before the first round: "everyone could be"
    while True:
        rounds += 1
        # Try matching everyone first while everyone could be (first round) or was (since).
        everyone = bool(np.all(unit_of_row >= 0))
        unit_of_row, load = _match(edges, units, rows.size, big, top, try_everyone=everyone)
        prices = _prices(edges, units, unit_of_row, load, big, tolerance)
        # u_i - M: the row's utility above M (its own weight minus its unit's price), -M if left out.
        utility = np.full(rows.size, -big)
        matched = unit_of_row >= 0
        own_edge = _own_edge(edges, units, unit_of_row, n_m)
        own_unit = unit_of_row[matched]
        utility[matched] = edges.score[own_edge[matched]] - units.penalty[own_unit] - prices[own_unit]
        # The cheapest unit of each mentor, price plus penalty: what a pruned cell must beat.
        effective = np.full(n_m, np.inf)
        np.minimum.at(effective, units.mentor, prices + units.penalty)
        *failing, suspects = _pruned_failures(
            scores, allowed, rows, open_cols, edges, utility, effective, best_pruned, slack, tolerance
        )
        if failing[0].size == 0:
            break
        # Widen candidates at once, not only by the cells that failed: prices move when edges
        # are added, and a wider set settles the neighbourhood in one more round instead of
        # several. After the first round every *suspect* row (one whose best pruned score could
        # beat its utility plus the cheapest price: the only rows a later price move can unsettle
        # cheaply) gets its best mentors by score minus price; later, the rows that failed.
        # Widening every row instead read the whole score matrix again for rows already settled
        # (10,000 × 4,000: 2.5 s of CPU → 1.5 s, the same optimum, still two rounds).
        wide = suspects if rounds == 1 else np.unique(failing[0])
        price = np.where(np.isfinite(effective), effective, 0.0).astype(np.float32)
        more_rows, more_cols, _ = _candidates(
            scores, allowed, rows[wide], open_cols, WIDER * candidates, price
        )
        extra = (np.concatenate([failing[0], wide[more_rows]]), np.concatenate([failing[1], more_cols]))
        before = edges.row.size
        edges = _merge(edges, extra, scores, rows, n_m)
        added += edges.row.size - before
    chosen_rows = rows[matched]
    chosen_cols = units.mentor[unit_of_row[matched]]
    return chosen_rows, chosen_cols, SparseStats(rounds, int(edges.row.size), added)


def _first_choice_cells(
    allowed: np.ndarray, rows: np.ndarray, open_cols: np.ndarray, first_choices: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """(local row, column) of each row's first choice that is allowed and has a place."""
    empty = np.empty(0, dtype=np.int64)
    if first_choices is None:
        return empty, empty
    local = np.flatnonzero(first_choices >= 0)
    cols = first_choices[local]
    keep = allowed[rows[local], cols] & open_cols[cols]
    return local[keep].astype(np.int64), cols[keep].astype(np.int64)


def _own_edge(edges: _Edges, units: _Units, unit_of_row: np.ndarray, n_m: int) -> np.ndarray:
    """Per row, the index of its edge to its own unit's mentor (-1 when left out)."""
    found = np.full(unit_of_row.size, -1, dtype=np.int64)
    matched = np.flatnonzero(unit_of_row >= 0)
    if matched.size:
        keys = edges.keys(n_m)
        wanted = matched * n_m + units.mentor[unit_of_row[matched]]
        found[matched] = np.searchsorted(keys, wanted)
    return found


def _pruned_failures(
    scores, allowed, rows, open_cols, edges, utility, effective, best_pruned, slack, tolerance
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pruned cells whose reduced cost ``utility_i + effective_j - score_ij`` is negative (rows,
    columns), and the rows that had to be scanned for them."""
    n_m = open_cols.size
    # A row is settled when even its best pruned score cannot beat its utility plus the
    # cheapest mentor price.
    floor = float(effective[open_cols].min()) if open_cols.any() else 0.0
    suspects = np.flatnonzero(best_pruned + slack >= utility + floor)
    none = np.empty(0, dtype=np.int64)
    if suspects.size == 0:
        return none, none, suspects
    keys = edges.keys(n_m)
    out_rows: list[np.ndarray] = []
    out_cols: list[np.ndarray] = []
    step = max(1, _BLOCK_CELLS // max(1, n_m))
    priced = np.where(open_cols, effective, np.inf)
    for start in range(0, suspects.size, step):
        local = suspects[start : start + step]
        block = scores.total[rows[local]]
        reduced = utility[local, None] + priced[None, :] - block
        flagged = (reduced < slack) & allowed[rows[local]]
        r, c = np.nonzero(flagged)
        if r.size == 0:
            continue
        r = local[r]
        cells = r * n_m + c
        at = np.minimum(np.searchsorted(keys, cells), keys.size - 1)
        pruned = keys[at] != cells
        r, c = r[pruned], c[pruned]
        if r.size == 0:
            continue
        exact = utility[r] + effective[c] - scores.pair_scores(rows[r], c)
        bad = exact < -tolerance
        out_rows.append(r[bad])
        out_cols.append(c[bad])
    if not out_rows:
        return none, none, suspects
    return np.concatenate(out_rows), np.concatenate(out_cols), suspects


def _merge(edges: _Edges, new: tuple[np.ndarray, np.ndarray], scores, rows, n_m) -> _Edges:
    """The edges plus the new cells not among them yet, sorted by (row, column)."""
    cells = np.sort(new[0] * n_m + new[1])
    if cells.size:
        cells = cells[np.concatenate([[True], cells[1:] != cells[:-1]])]
    keys = edges.keys(n_m)
    if keys.size:
        at = np.minimum(np.searchsorted(keys, cells), keys.size - 1)
        cells = cells[keys[at] != cells]
    new_row, new_col = cells // n_m, cells % n_m
    merged = np.concatenate([keys, cells])
    order = np.argsort(merged, kind="stable")
    row = np.concatenate([edges.row, new_row])[order]
    col = np.concatenate([edges.col, new_col])[order]
    score = np.concatenate([edges.score, scores.pair_scores(rows[new_row], new_col)])[order]
    return _Edges(row, col, score)
