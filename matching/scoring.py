"""The score of every mentee × mentor pair, vectorised over the whole matrix.

Each component is a number in [0, 1]; the score is ``sum(weight[c] * component[c])`` with
weights set per program (``ScoringRules.weights``, each ≥ 0; a component the program leaves
out keeps its default weight, and weight 0 switches it off).

Components
----------
``different_department``
    1 when mentor and mentee work in different departments (mentors learn an unfamiliar
    area), else 0.
``level_gap``
    ``gap = mentor level - mentee level`` against the program's minimum ``N``
    (``min_level_gap``): 0 below ``N``; 1 inside the preferred band ``N .. N + level_gap_band``;
    beyond the band it falls linearly, reaching 0 ``level_gap_fade`` levels later (a mentor far
    above the mentee is less reachable). With ``level_gap_is_hard`` a gap below ``N`` is not a
    low score but a forbidden pair (the solver reads ``below_min_gap``).
``reporting_line``
    1 when neither is the other's manager at any depth, else 0. Such a pair is also a hard
    conflict that the solver never chooses, so on every pair that can be chosen this component
    is 1: its weight does not change which of two pairs wins, it only shows in the breakdown
    and adds to each match.
``learning_fit``
    The share of the mentee's learning wishes the mentor lists as strengths
    (``|wishes ∩ strengths| / |wishes|``); 0 when the mentee named no wish.
``values``
    Shared values, Jaccard: ``|A ∩ B| / |A ∪ B|``; 0 when neither named a value.
``passions``
    Each person picks their three dominant passions. Per mentee passion, the mentor earns
    1 for sharing it, or ``passion_complement_credit`` (default 0.5) for holding its complement
    (``passion_complements``, default: Conceiver–Builder, Creator–Processor,
    Discoverer–Teacher, Connector–Transformer, Altruist–Healer: ideas meet execution, findings
    meet teaching, and so on); the sum is divided by the mentee's number of passions. So
    shared passions count fully and complementary ones half, and 1 means the same three.
``location``
    1 for the same (known) location. Otherwise, when both UTC offsets are known,
    ``other_location_same_zone`` (0.8) at zero hours apart, falling linearly to 0 at
    ``timezone_window_hours`` (8) apart, measured round the clock; 0 when unknown.
``mentee_rank``
    Hybrid programs only: a mentee who ranked a shortlist of ``shortlist_size`` mentors gives
    the mentor ranked ``r`` (1 = favourite) ``(k - r + 1) / k``, so the favourite gets 1 and the
    k-th ``1/k``. Mentees who did not rank get 0 everywhere: they are matched on score alone.
    Because it is a component like the others, the ranks show in every pair's breakdown and the
    contributions still add up to the score.

How it is computed
------------------
The formulas are written once over *broadcastable index arrays* (``_components``): a block of
mentees ``rows[:, None]`` against mentors ``cols[None, :]``, or two equal-length vectors of
pairs. Set overlaps are popcounts of bit sets (exact integer counts, see
``matching/features.py``), level gaps and places are looked up in small tables computed once per
run, and the rest is elementwise arithmetic on those counts. ``ScoreMatrix.pair_scores`` and a
pair's breakdown go through them in float64, so a pair's contributions add up to its score
exactly.

The whole matrix (``ScoreMatrix.total``) is only for ranking and for choosing the solver's
candidates, and is held in **float32** (160 MB at 10,000 × 4,000 instead of 320 MB), filled in
blocks of mentee rows in a small buffer. To fill it fast, the components that read few
distinct values become tables over groups of people (department, level and place; values;
passions), computed with ``_components`` on one member of each group; learning fit and the
reporting line are computed per cell. A cell differs from the pair's exact score by float32
rounding only (a relative 1e-6 at most), which the solver allows for.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from matching.features import CohortFeatures, bit_sets, same_reporting_line

COMPONENTS: tuple[str, ...] = (
    "different_department",
    "level_gap",
    "reporting_line",
    "learning_fit",
    "values",
    "passions",
    "location",
    "mentee_rank",
)

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "different_department": 1.0,
    "level_gap": 1.0,
    "reporting_line": 0.5,
    "learning_fit": 2.0,
    "values": 1.0,
    "passions": 1.0,
    "location": 0.5,
    "mentee_rank": 2.0,
}

DEFAULT_PASSION_COMPLEMENTS: tuple[tuple[str, str], ...] = (
    ("Conceiver", "Builder"),
    ("Creator", "Processor"),
    ("Discoverer", "Teacher"),
    ("Connector", "Transformer"),
    ("Altruist", "Healer"),
)

# Cells per block while filling the matrix: 2**18 float32 cells (1 MB) keep the temporaries
# in the CPU cache.
_BLOCK_CELLS = 2**18


@dataclass(frozen=True)
class ScoringRules:
    """A program's scoring settings; see the module docstring for each component."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    min_level_gap: int = 1
    level_gap_band: int = 2
    level_gap_fade: int = 3
    level_gap_is_hard: bool = False
    timezone_window_hours: float = 8.0
    other_location_same_zone: float = 0.8
    passion_complements: tuple[tuple[str, str], ...] = DEFAULT_PASSION_COMPLEMENTS
    passion_complement_credit: float = 0.5
    shortlist_size: int = 5

    def __post_init__(self) -> None:
        unknown = sorted(set(self.weights) - set(COMPONENTS))
        if unknown:
            raise ValueError(f"unknown score components {unknown}; known: {', '.join(COMPONENTS)}")
        for name, weight in self.weights.items():
            if not np.isfinite(weight) or weight < 0:
                raise ValueError(f"the weight of {name} must be a finite number ≥ 0, got {weight!r}")
        merged = {name: float(self.weights.get(name, DEFAULT_WEIGHTS[name])) for name in COMPONENTS}
        object.__setattr__(self, "weights", merged)
        if self.level_gap_band < 0 or self.level_gap_fade < 0:
            raise ValueError("level_gap_band and level_gap_fade must be ≥ 0")
        if self.timezone_window_hours <= 0:
            raise ValueError("timezone_window_hours must be > 0")
        if not 0 <= self.other_location_same_zone <= 1 or not 0 <= self.passion_complement_credit <= 1:
            raise ValueError("other_location_same_zone and passion_complement_credit must be in [0, 1]")
        if self.shortlist_size < 1:
            raise ValueError("shortlist_size must be ≥ 1")

    @property
    def max_score(self) -> float:
        """The highest score a pair can reach: every component at 1."""
        return float(sum(self.weights.values()))


@dataclass(frozen=True, eq=False)
class ScoreMatrix:
    """Scores for a whole cohort: ``total[i, j]`` for mentee row ``i`` and mentor column ``j``.

    ``same_line`` marks reporting-line conflicts and ``below_min_gap`` mentors less than
    ``min_level_gap`` levels above the mentee (a hard rule only when the program says so).
    """

    features: CohortFeatures
    rules: ScoringRules
    total: np.ndarray
    same_line: np.ndarray
    below_min_gap: np.ndarray
    _tables: _Tables = field(repr=False)

    @property
    def shape(self) -> tuple[int, int]:
        return self.total.shape

    def components(self, mentee_index: np.ndarray, mentor_index: np.ndarray) -> dict[str, np.ndarray]:
        """Each component in [0, 1] for the given pairs (broadcastable index arrays)."""
        return _components(self.features, self._tables, np.asarray(mentee_index), np.asarray(mentor_index))

    def pair_scores(self, mentee_index: np.ndarray, mentor_index: np.ndarray) -> np.ndarray:
        """The exact (float64) scores of the given pairs: what ``total`` holds before its
        rounding to float32, and what a pair's contributions add up to."""
        return _weighted_total(self.rules.weights, self.components(mentee_index, mentor_index))

    def contributions(self, mentee_index: np.ndarray, mentor_index: np.ndarray) -> dict[str, np.ndarray]:
        """Each component times its weight; they add up to ``total`` for the same pairs."""
        weights = self.rules.weights
        return {
            name: weights[name] * value for name, value in self.components(mentee_index, mentor_index).items()
        }


@dataclass(frozen=True, eq=False)
class _Tables:
    """What the formulas look up, computed once per run from the rules and the features."""

    rules: ScoringRules
    gap_low: int  # the smallest mentor level - mentee level in the cohort
    level_gap: np.ndarray  # component value per gap, from gap_low up
    location: np.ndarray  # component value per (mentee place, mentor place)
    complements_held: np.ndarray  # mentor bit sets: passions they lack but hold a complement of
    rank_keys: np.ndarray  # sorted mentee_row * n_mentors + mentor_column of ranked pairs
    rank_values: np.ndarray


def _overlap(a: np.ndarray, b: np.ndarray, e_idx: np.ndarray, m_idx: np.ndarray) -> np.ndarray:
    """``|A_i ∩ B_j|`` for broadcast pairs: popcount of the AND of their bit sets, word by word."""
    count = np.bitwise_count(a[e_idx, 0] & b[m_idx, 0])  # uint8: at most 64 per word
    for word in range(1, a.shape[1]):
        count = np.add(count, np.bitwise_count(a[e_idx, word] & b[m_idx, word]), dtype=np.int64)
    return count


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    numerator, denominator = np.broadcast_arrays(numerator, denominator)
    return np.divide(
        numerator, denominator, out=np.zeros(numerator.shape, dtype=np.float64), where=denominator > 0
    )


def _level_gap_value(rules: ScoringRules, gap: int) -> float:
    if gap < rules.min_level_gap:
        return 0.0
    over = gap - (rules.min_level_gap + rules.level_gap_band)
    if over <= 0:
        return 1.0
    if rules.level_gap_fade == 0:
        return 0.0
    return max(0.0, 1.0 - over / rules.level_gap_fade)


def _location_value(rules: ScoringRules, a: tuple[str, float | None], b: tuple[str, float | None]) -> float:
    (a_location, a_offset), (b_location, b_offset) = a, b
    if a_location and a_location == b_location:
        return 1.0
    if a_offset is None or b_offset is None:
        return 0.0
    apart = abs(a_offset - b_offset) % 24.0
    apart = min(apart, 24.0 - apart)
    return rules.other_location_same_zone * max(0.0, 1.0 - apart / rules.timezone_window_hours)


def _rank_lookup(tables: _Tables, n_mentors: int, e_idx: np.ndarray, m_idx: np.ndarray) -> np.ndarray:
    keys = e_idx * n_mentors + m_idx
    if tables.rank_keys.size == 0:
        return np.zeros(np.shape(keys), dtype=np.float64)
    pos = np.minimum(np.searchsorted(tables.rank_keys, keys), tables.rank_keys.size - 1)
    return np.where(tables.rank_keys[pos] == keys, tables.rank_values[pos], 0.0)


def _components(
    f: CohortFeatures, tables: _Tables, e_idx: np.ndarray, m_idx: np.ndarray
) -> dict[str, np.ndarray]:
    rules = tables.rules
    e, m = f.mentees, f.mentors
    shape = np.broadcast_shapes(e_idx.shape, m_idx.shape)

    shared_values = _overlap(e.values, m.values, e_idx, m_idx)
    passions = _overlap(e.passions, m.passions, e_idx, m_idx) + rules.passion_complement_credit * _overlap(
        e.passions, tables.complements_held, e_idx, m_idx
    )
    components = {
        "different_department": (e.department[e_idx] != m.department[m_idx]).astype(np.float64),
        "level_gap": tables.level_gap[m.level[m_idx] - e.level[e_idx] - tables.gap_low],
        "reporting_line": 1.0 - same_reporting_line(e, m, e_idx, m_idx),
        "learning_fit": _ratio(_overlap(e.topics, m.topics, e_idx, m_idx), e.n_topics[e_idx]),
        "values": _ratio(shared_values, e.n_values[e_idx] + m.n_values[m_idx] - shared_values),
        "passions": _ratio(passions, e.n_passions[e_idx]),
        "location": tables.location[e.place[e_idx], m.place[m_idx]],
        "mentee_rank": _rank_lookup(tables, len(m), e_idx, m_idx),
    }
    return {
        name: np.broadcast_to(value, shape).astype(np.float64, copy=False)
        for name, value in components.items()
    }


def _weighted_total(weights: Mapping[str, float], components: Mapping[str, np.ndarray]) -> np.ndarray:
    # The same order and operations as summing ``contributions``, so the two agree exactly.
    total = np.zeros(next(iter(components.values())).shape, dtype=np.float64)
    for name in COMPONENTS:
        total += weights[name] * components[name]
    return total


def weighted_sum(contributions: Mapping[str, np.ndarray | float]) -> np.ndarray | float:
    """Add contributions in the canonical component order (the order the matrix used)."""
    total: np.ndarray | float = 0.0
    for name in COMPONENTS:
        total = total + contributions[name]
    return total


def _complements_held(f: CohortFeatures, rules: ScoringRules) -> np.ndarray:
    """Per mentor, the passions they do not hold but hold a complement of, as bit sets."""
    partners: dict[str, set[str]] = {}
    for a, b in rules.passion_complements:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    held = [
        frozenset(p for p in f.passions if p not in mine and partners.get(p, set()) & mine)
        for mine in (mentor.passions for mentor in f.mentor_records)
    ]
    return bit_sets(held, f.passions)


def _rank_table(
    f: CohortFeatures, rules: ScoringRules, ranks: Mapping[Hashable, Sequence[Hashable]] | None
) -> tuple[np.ndarray, np.ndarray]:
    keys: list[int] = []
    values: list[float] = []
    k = rules.shortlist_size
    for mentee_id, ranked in (ranks or {}).items():
        ranked = list(ranked)
        if len(set(ranked)) != len(ranked):
            raise ValueError(f"mentee {mentee_id!r} ranked a mentor twice")
        if len(ranked) > k:
            raise ValueError(f"mentee {mentee_id!r} ranked {len(ranked)} mentors; the shortlist has {k}")
        row = f.mentee_index(mentee_id)
        for rank, mentor_id in enumerate(ranked, start=1):
            keys.append(row * len(f.mentors) + f.mentor_index(mentor_id))
            values.append((k - rank + 1) / k)
    order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
    return np.array(keys, dtype=np.int64)[order], np.array(values, dtype=np.float64)[order]


def _tables(
    f: CohortFeatures, rules: ScoringRules, ranks: Mapping[Hashable, Sequence[Hashable]] | None
) -> _Tables:
    levels_e, levels_m = f.mentees.level, f.mentors.level
    gap_low = int(levels_m.min() - levels_e.max()) if len(levels_e) and len(levels_m) else 0
    gap_high = int(levels_m.max() - levels_e.min()) if len(levels_e) and len(levels_m) else 0
    rank_keys, rank_values = _rank_table(f, rules, ranks)
    return _Tables(
        rules=rules,
        gap_low=gap_low,
        level_gap=np.array(
            [_level_gap_value(rules, g) for g in range(gap_low, gap_high + 1)], dtype=np.float64
        ),
        location=np.array(
            [[_location_value(rules, a, b) for b in f.places] for a in f.places], dtype=np.float64
        ).reshape(len(f.places), len(f.places)),
        complements_held=_complements_held(f, rules),
        rank_keys=rank_keys,
        rank_values=rank_values,
    )


def _groups(columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows with equal values in every column share a code: (code per row, first row per code)."""
    if columns.shape[0] == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    _, first, codes = np.unique(columns, axis=0, return_index=True, return_inverse=True)
    return codes.reshape(-1).astype(np.int64), first.astype(np.int64)


@dataclass(frozen=True, eq=False)
class _Lookups:
    """The matrix's shortcut: components that depend on few distinct values, as small tables.

    People are grouped by what a component reads (department, level and place; values;
    passions); each table holds the weighted components for one group pair, computed by the
    very formulas of ``_components`` on one member of each group, in float32.
    """

    codes: tuple[tuple[np.ndarray, np.ndarray], ...]  # per table: (mentee codes, mentor codes)
    tables: tuple[np.ndarray, ...]
    fit_per_wish: np.ndarray  # float32 per mentee: the learning-fit weight / their wishes (0 if none)


_TABLE_COMPONENTS = (("different_department", "level_gap", "location"), ("values",), ("passions",))


def _lookups(features: CohortFeatures, tables: _Tables) -> _Lookups:
    e, m = features.mentees, features.mentors
    weights = tables.rules.weights
    keys = (
        (
            np.column_stack([e.department, e.level, e.place]),
            np.column_stack([m.department, m.level, m.place]),
        ),
        (e.values, m.values),
        (e.passions, m.passions),
    )
    codes = []
    out = []
    for (mentee_key, mentor_key), names in zip(keys, _TABLE_COMPONENTS, strict=True):
        code_e, first_e = _groups(mentee_key)
        code_m, first_m = _groups(mentor_key)
        components = _components(features, tables, first_e[:, None], first_m[None, :])
        table = np.zeros((first_e.size, first_m.size), dtype=np.float64)
        for name in names:
            table += weights[name] * components[name]
        codes.append((code_e, code_m))
        out.append(table.astype(np.float32))
    fit = np.divide(
        np.float64(weights["learning_fit"]),
        e.n_topics,
        out=np.zeros(len(e), dtype=np.float64),
        where=e.n_topics > 0,
    )
    return _Lookups(codes=tuple(codes), tables=tuple(out), fit_per_wish=fit.astype(np.float32))


def _fill_block(
    features: CohortFeatures, lookups: _Lookups, line_weight: float, rows: np.ndarray, total, same_line
) -> None:
    """Fill ``total`` (float32) and ``same_line`` for the mentee ``rows`` (a contiguous block)."""
    e, m = features.mentees, features.mentors
    (code_e, code_m), *others = lookups.codes
    np.take(lookups.tables[0][code_e[rows]], code_m, axis=1, out=total)
    for (code_e, code_m), table in zip(others, lookups.tables[1:], strict=True):
        total += table[code_e[rows]][:, code_m]
    shared = np.bitwise_count(e.topics[rows, 0][:, None] & m.topics[None, :, 0])
    for word in range(1, e.topics.shape[1]):
        shared += np.bitwise_count(e.topics[rows, word][:, None] & m.topics[None, :, word])
    total += shared * lookups.fit_per_wish[rows, None]
    same_line[...] = same_reporting_line(e, m, rows[:, None], np.arange(len(m))[None, :])
    if line_weight:
        np.add(total, np.float32(line_weight), out=total, where=~same_line)


def score_matrix(
    features: CohortFeatures,
    rules: ScoringRules | None = None,
    *,
    ranks: Mapping[Hashable, Sequence[Hashable]] | None = None,
) -> ScoreMatrix:
    """Score every mentee against every mentor.

    ``ranks`` (hybrid programs) maps a mentee id to the mentor ids they ranked, favourite
    first, at most ``rules.shortlist_size`` of them.
    """
    rules = rules or ScoringRules()
    n_e, n_m = len(features.mentees), len(features.mentors)
    tables = _tables(features, rules, ranks)
    scores = ScoreMatrix(
        features=features,
        rules=rules,
        total=np.empty((n_e, n_m), dtype=np.float32),
        same_line=np.empty((n_e, n_m), dtype=bool),
        below_min_gap=np.empty((n_e, n_m), dtype=bool),
        _tables=tables,
    )
    if n_e == 0 or n_m == 0:
        return scores
    # "Below the minimum gap" is the mentor level under mentee level + gap: compared per mentee
    # row against one threshold, with no mentee × mentor temporary.
    thresholds = features.mentees.level + rules.min_level_gap
    for row, threshold in enumerate(thresholds.tolist()):
        np.less(features.mentors.level, threshold, out=scores.below_min_gap[row])
    lookups = _lookups(features, tables)
    step = max(1, _BLOCK_CELLS // n_m)
    # Each block is computed in a small buffer that stays in the CPU cache, then copied once.
    total = np.empty((step, n_m), dtype=np.float32)
    same_line = np.empty((step, n_m), dtype=bool)
    for start in range(0, n_e, step):
        rows = np.arange(start, min(start + step, n_e))
        line_weight = rules.weights["reporting_line"]
        _fill_block(features, lookups, line_weight, rows, total[: rows.size], same_line[: rows.size])
        scores.total[start : start + rows.size] = total[: rows.size]
        scores.same_line[start : start + rows.size] = same_line[: rows.size]
    if tables.rank_keys.size and rules.weights["mentee_rank"]:
        flat = scores.total.reshape(-1)
        flat[tables.rank_keys] += (rules.weights["mentee_rank"] * tables.rank_values).astype(np.float32)
    return scores
