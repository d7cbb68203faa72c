"""Hybrid programs: each mentee's shortlist of their best mentors, with the reasons.

A mentee is offered the ``size`` allowed mentors (not in their reporting line, not forbidden,
not an earlier partner unless allowed) with the highest scores, best first; ties go to the
mentor listed earlier, so the same cohort always gives the same lists. A mentor with no place
left (capacity 0, or filled by pins) is not offered; beyond that, capacity is not considered:
a shortlist is an invitation to rank, and the solver weighs everyone's ranks together. Pinned
mentees already have a mentor and get no shortlist.

Mentees then rank their list (1 = favourite) and the ranks enter the score as the
``mentee_rank`` component (``score_matrix(..., ranks=...)``, see ``matching/scoring.py``).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np

from matching.explain import explain_pairs
from matching.scoring import ScoreMatrix
from matching.solver import Constraints, prepare_constraints

_BLOCK_CELLS = 2**21


@dataclass(frozen=True)
class ShortlistEntry:
    """One offered mentor: score, weighted contribution per component, and the sentence."""

    mentor_id: Hashable
    score: float
    contributions: dict[str, float]
    why: str


def shortlists(
    scores: ScoreMatrix, constraints: Constraints | None = None, *, size: int | None = None
) -> dict[Hashable, tuple[ShortlistEntry, ...]]:
    """Each unpinned mentee's best ``size`` allowed mentors (default: the rules' shortlist size)."""
    size = scores.rules.shortlist_size if size is None else size
    if size < 1:
        raise ValueError("a shortlist needs at least one mentor")
    prepared = prepare_constraints(scores, constraints or Constraints())
    n_e, n_m = scores.shape
    pinned = set(prepared.pinned_rows.tolist())
    open_mentors = prepared.capacity_left > 0
    rows_out: list[int] = []
    cols_out: list[int] = []
    step = max(1, _BLOCK_CELLS // max(1, n_m))
    for start in range(0, n_e, step):
        offerable = prepared.allowed[start : start + step] & open_mentors
        block = np.where(offerable, scores.total[start : start + step], -np.inf)
        for offset, row_scores in enumerate(block):
            row = start + offset
            if row in pinned:
                continue
            cols = _best(row_scores, size)
            rows_out.extend([row] * len(cols))
            cols_out.extend(cols)

    # The mentee reads these before any pair is published: no mentor profile items by name.
    explained = explain_pairs(scores, rows_out, cols_out, reveal_mentor_profile=False)
    lists: dict[Hashable, list[ShortlistEntry]] = {
        scores.features.mentees.ids[row]: [] for row in range(n_e) if row not in pinned
    }
    for row, explanation in zip(rows_out, explained, strict=True):
        lists[scores.features.mentees.ids[row]].append(
            ShortlistEntry(
                explanation.mentor_id, explanation.score, explanation.contributions, explanation.why
            )
        )
    return {mentee_id: tuple(entries) for mentee_id, entries in lists.items()}


def _best(row_scores: np.ndarray, size: int) -> list[int]:
    """Columns of the ``size`` highest finite scores, best first, earlier column on ties."""
    finite = np.flatnonzero(np.isfinite(row_scores))
    if finite.size <= size:
        candidates = finite
    else:
        # Everything at least as good as the size-th best, so ties at the cut are all seen.
        threshold = np.partition(row_scores[finite], finite.size - size)[finite.size - size]
        candidates = finite[row_scores[finite] >= threshold]
    order = np.lexsort((candidates, -row_scores[candidates]))
    return candidates[order][:size].tolist()
