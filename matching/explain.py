"""Why a pair was proposed: the score per component, a sentence, and the spread of a run.

A pair's *breakdown* is each component's weighted contribution, recomputed from the features
with the very formulas that filled the score matrix, so the contributions add up to the
pair's score (see ``matching/scoring.py``). The *why* turns the same facts into one sentence
addressed to the mentee, the reader of a hybrid shortlist, e.g.
"Different department (Finance → Engineering), mentor 3 levels senior, shares 2 of your 3
learning wishes (negotiation, pricing), both value Curiosity, both Teachers, same city."
Clauses appear in component order; a component with weight 0 is left out of the sentence
(it played no part), and a reporting-line clause only appears for a conflict.

``score_summary`` describes a run's pair scores: minimum, quartiles (linear interpolation),
maximum, mean and a histogram of equal-width bins from 0 to the best possible score, so two
runs of one program share their bins and can be compared side by side.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from matching.features import MatchProfile
from matching.scoring import COMPONENTS, ScoreMatrix, weighted_sum
from organizations.text import join_names


@dataclass(frozen=True)
class PairExplanation:
    """One pair's score, its weighted contribution per component, and the sentence."""

    mentee_id: Hashable
    mentor_id: Hashable
    score: float
    contributions: dict[str, float]
    why: str


@dataclass(frozen=True)
class HistogramBin:
    low: float
    high: float
    count: int


@dataclass(frozen=True)
class ScoreSummary:
    """The distribution of a run's pair scores (all ``None`` for a run with no pair)."""

    count: int
    minimum: float | None
    q1: float | None
    median: float | None
    q3: float | None
    maximum: float | None
    mean: float | None
    histogram: tuple[HistogramBin, ...]


def _names(items: Sequence[str]) -> str:
    return join_names(sorted(items))


def _plural(word: str, count: int) -> str:
    return word if count == 1 else word + "s"


def _why(
    scores: ScoreMatrix,
    mentee: MatchProfile,
    mentor: MatchProfile,
    values: dict[str, float],
    same_line: bool,
    reveal_mentor_profile: bool = True,
) -> str:
    rules = scores.rules
    weights = rules.weights
    clauses: list[str] = []
    if weights["different_department"]:
        if mentee.department != mentor.department:
            clauses.append(f"different department ({mentee.department} → {mentor.department})")
        else:
            clauses.append(f"same department ({mentee.department})")
    if weights["level_gap"]:
        gap = mentor.level - mentee.level
        if gap > 0:
            clause = f"mentor {gap} {_plural('level', gap)} senior"
        elif gap == 0:
            clause = "same level"
        else:
            clause = f"mentor {-gap} {_plural('level', -gap)} junior"
        if gap < rules.min_level_gap:
            clause += f" (below the minimum gap of {rules.min_level_gap})"
        clauses.append(clause)
    if same_line:
        clauses.append("in the same reporting line (not allowed)")
    if weights["learning_fit"]:
        wishes = mentee.wishes
        shared = wishes & mentor.strengths
        if not wishes:
            clauses.append("no learning wishes given")
        elif shared and not reveal_mentor_profile:
            noun = "wish" if len(wishes) == 1 else "wishes"
            clauses.append(f"can help with {len(shared)} of your {len(wishes)} learning {noun}")
        elif shared:
            noun = "wish" if len(wishes) == 1 else "wishes"
            clauses.append(
                f"shares {len(shared)} of your {len(wishes)} learning {noun} ({', '.join(sorted(shared))})"
            )
        else:
            clauses.append("none of your learning wishes among the mentor's strengths")
    if weights["values"]:
        shared_values = mentee.values & mentor.values
        if shared_values and not reveal_mentor_profile:
            clauses.append("shared values")
        else:
            clauses.append(f"both value {_names(shared_values)}" if shared_values else "no shared values")
    if weights["passions"]:
        shared_passions = sorted(mentee.passions & mentor.passions)
        complements = sorted(
            f"{a} meets {b}"
            for a, b in _complement_pairs(tuple(map(tuple, rules.passion_complements)))
            if a in mentee.passions and b in mentor.passions and a not in mentor.passions
        )
        if (shared_passions or complements) and not reveal_mentor_profile:
            clauses.append("shared or complementary passions")
        else:
            if shared_passions:
                clauses.append("both " + _names([p + "s" for p in shared_passions]))
            if complements:
                clauses.append(", ".join(complements))
            if not shared_passions and not complements:
                clauses.append("different passions")
    if weights["location"]:
        clause = _location_clause(mentee, mentor)
        if clause:
            clauses.append(clause)
    if weights["mentee_rank"] and values["mentee_rank"] > 0:
        rank = round(rules.shortlist_size * (1 - values["mentee_rank"])) + 1
        clauses.append(f"you ranked this mentor #{rank}")
    if not clauses:
        return "No component is weighted in this program."
    sentence = ", ".join(clauses)
    return sentence[0].upper() + sentence[1:] + "."


@functools.cache
def _complement_pairs(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return (*pairs, *((b, a) for a, b in pairs))


def _location_clause(mentee: MatchProfile, mentor: MatchProfile) -> str:
    if mentee.location and mentee.location == mentor.location:
        return "same city"
    if mentee.utc_offset_hours is None or mentor.utc_offset_hours is None:
        return ""
    apart = abs(mentee.utc_offset_hours - mentor.utc_offset_hours) % 24
    apart = min(apart, 24 - apart)
    if apart == 0:
        return "same time zone"
    return f"{apart:g} {'hour' if apart == 1 else 'hours'} apart"


def explain_pairs(
    scores: ScoreMatrix,
    mentee_index: Sequence[int],
    mentor_index: Sequence[int],
    *,
    reveal_mentor_profile: bool = True,
) -> list[PairExplanation]:
    """Breakdown and sentence for each (row, column) pair of the score matrix.

    Works for any pair, chosen or not (a manager's hand swap is previewed this way). With
    ``reveal_mentor_profile=False`` the sentence names none of the mentor's trust-profile items
    (values, passions, strengths), only counts and components: a mentee reads it on a hybrid
    shortlist before any pair is published, and profiles are for partners and managers only.
    """
    rows = np.asarray(mentee_index, dtype=np.int64)
    cols = np.asarray(mentor_index, dtype=np.int64)
    components = scores.components(rows, cols)
    weights = scores.rules.weights
    f = scores.features
    out: list[PairExplanation] = []
    for n, (row, col) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        values = {name: float(components[name][n]) for name in COMPONENTS}
        contributions = {name: weights[name] * values[name] for name in COMPONENTS}
        out.append(
            PairExplanation(
                mentee_id=f.mentees.ids[row],
                mentor_id=f.mentors.ids[col],
                score=float(weighted_sum(contributions)),
                contributions=contributions,
                why=_why(
                    scores,
                    f.mentee_records[row],
                    f.mentor_records[col],
                    values,
                    same_line=values["reporting_line"] == 0.0,
                    reveal_mentor_profile=reveal_mentor_profile,
                ),
            )
        )
    return out


def explain_pair(scores: ScoreMatrix, mentee_id: Hashable, mentor_id: Hashable) -> PairExplanation:
    """Breakdown and sentence for one pair, by participant ids."""
    f = scores.features
    return explain_pairs(scores, [f.mentee_index(mentee_id)], [f.mentor_index(mentor_id)])[0]


def score_summary(scores: Sequence[float], *, best_possible: float, bins: int = 10) -> ScoreSummary:
    """Minimum, quartiles, maximum, mean and a histogram over ``[0, best_possible]``."""
    values = np.asarray(scores, dtype=np.float64)
    top = max(best_possible, float(values.max()) if values.size else 0.0, 1e-12)
    counts, edges = np.histogram(values, bins=bins, range=(0.0, top))
    histogram = tuple(HistogramBin(float(edges[n]), float(edges[n + 1]), int(counts[n])) for n in range(bins))
    if values.size == 0:
        return ScoreSummary(0, None, None, None, None, None, None, histogram)
    q1, median, q3 = (float(q) for q in np.quantile(values, [0.25, 0.5, 0.75]))
    return ScoreSummary(
        count=int(values.size),
        minimum=float(values.min()),
        q1=q1,
        median=median,
        q3=q3,
        maximum=float(values.max()),
        mean=math.fsum(values.tolist()) / values.size,
        histogram=histogram,
    )
