"""Matching benchmark: ``make bench-matching`` (see bench/README.md).

Two synthetic structured cohorts (bench/synthetic.py): 10,000 mentees × 4,000 mentors and
2,000 × 800, every mentor taking up to 3 mentees. Each size runs in its own process, so the
peak memory printed is that size's alone. Stages, timed with ``time.perf_counter``:

- load: participant records → the engine's arrays (``build_features``). The database read
  that will precede it comes with the Django models and is not measured yet.
- scoring: the weighted score of every mentee × mentor pair (``score_matrix``).
- solving: the optimal assignment (``solve``).
- saving: explaining each pair (breakdown + sentence), the score distribution, and turning the
  result into the row tuples a bulk insert of proposed pairs would write. No database is
  touched yet; the engineer adding the match-run models will extend this stage to the insert.

Then, outside the timings, the greedy baseline on the same scores (``greedy_assignment``).
``vs_greedy`` is the optimal total score divided by the greedy one; ``worst_*`` are the lowest
pair scores of each. Each size ends with one ``key=value`` line; the 10,000 × 4,000 size runs
first, so the last line of the output is the 2,000 × 800 one.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on sys.path, and this file is named like the
# matching package it measures: put the project root first instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

GOALS_S = {(10_000, 4_000): 20.0, (2_000, 800): 3.0}  # (mentees, mentors) → end-to-end goal
CAPACITY = 3
PEAK_GOAL_MB = 2_500


def rows_for_bulk_insert(assignment, explanations) -> list[tuple]:
    """(mentee, mentor, score, pinned, breakdown JSON, why) per pair: what the insert will write."""
    return [
        (pair.mentee_id, pair.mentor_id, pair.score, pair.pinned, json.dumps(x.contributions), x.why)
        for pair, x in zip(assignment.pairs, explanations, strict=True)
    ]


def measure(n_mentees: int, n_mentors: int, goal_s: float) -> None:
    from bench.synthetic import synthetic_cohort
    from matching.explain import explain_pairs, score_summary
    from matching.features import build_features
    from matching.scoring import ScoringRules, score_matrix
    from matching.solver import Constraints, greedy_assignment, solve

    cohort = synthetic_cohort(n_mentees, n_mentors, capacity=CAPACITY)
    rules = ScoringRules()
    constraints = Constraints(default_capacity=cohort.capacity)

    started = time.perf_counter()
    features = build_features(cohort.mentees, cohort.mentors, manager_of=cohort.manager_of)
    loaded = time.perf_counter()
    scores = score_matrix(features, rules)
    scored = time.perf_counter()
    optimal = solve(scores, constraints)
    solved = time.perf_counter()
    explanations = explain_pairs(scores, optimal.mentee_index, optimal.mentor_index)
    summary = score_summary([p.score for p in optimal.pairs], best_possible=rules.max_score)
    rows = rows_for_bulk_insert(optimal, explanations)
    saved = time.perf_counter()
    greedy = greedy_assignment(scores, constraints)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    total_s = saved - started
    figures = {
        "mentees": n_mentees,
        "mentors": n_mentors,
        "capacity": CAPACITY,
        "load_s": f"{loaded - started:.3f}",
        "score_s": f"{scored - loaded:.3f}",
        "solve_s": f"{solved - scored:.3f}",
        "save_s": f"{saved - solved:.3f}",
        "total_s": f"{total_s:.3f}",
        "peak_mb": f"{peak_mb:.0f}",
        "matched": len(optimal.pairs),
        "greedy_matched": len(greedy.pairs),
        "vs_greedy": f"{optimal.total_score / greedy.total_score:.4f}",
        "worst_opt": f"{optimal.worst_score:.3f}",
        "worst_greedy": f"{greedy.worst_score:.3f}",
    }
    met = {True: "met", False: "MISSED"}
    print(f"{n_mentees:,} mentees × {n_mentors:,} mentors, capacity {CAPACITY} (synthetic structured cohort)")
    print(
        f"  load     {loaded - started:7.3f} s  participant records → arrays (database read not measured yet)"
    )
    print(f"  scoring  {scored - loaded:7.3f} s  {n_mentees * n_mentors:,} pairs")
    places = n_mentors * CAPACITY
    print(
        f"  solving  {solved - scored:7.3f} s  optimal assignment, {n_mentees:,} mentees × {places:,} places"
    )
    print(
        f"  saving   {saved - solved:7.3f} s  explain + serialize {len(rows):,} rows for a bulk insert "
        "(no database yet: the match-run models come later)"
    )
    print(f"  total    {total_s:7.3f} s  goal ≤ {goal_s:g} s: {met[total_s <= goal_s]}")
    print(f"  peak     {peak_mb:7.0f} MB goal < {PEAK_GOAL_MB:,} MB: {met[peak_mb < PEAK_GOAL_MB]}")
    print(f"  matched  {len(optimal.pairs):,} optimal, {len(greedy.pairs):,} greedy, of {n_mentees:,}")
    print(
        f"  score    total {optimal.total_score:,.1f} optimal vs {greedy.total_score:,.1f} greedy "
        f"(×{optimal.total_score / greedy.total_score:.4f}); worst pair {optimal.worst_score:.3f} vs "
        f"{greedy.worst_score:.3f}; median {summary.median:.3f}"
    )
    print(" ".join(f"{key}={value}" for key, value in figures.items()), flush=True)


def main() -> int:
    if sys.argv[1:2] == ["--size"]:
        n_mentees, n_mentors = int(sys.argv[2]), int(sys.argv[3])
        measure(n_mentees, n_mentors, GOALS_S[(n_mentees, n_mentors)])
        return 0
    for n_mentees, n_mentors in GOALS_S:
        done = subprocess.run(
            [sys.executable, __file__, "--size", str(n_mentees), str(n_mentors)], check=False
        )
        if done.returncode:
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
