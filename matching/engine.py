"""One call from participants to a reviewed proposal: what the Django layer runs per match run.

``propose_pairs`` encodes the cohort (``features``), scores every pair (``scoring``), solves
for the optimal assignment (``solver``) and explains each chosen pair and the run's score
distribution (``explain``). Each step is also usable on its own, e.g. to re-score a manual swap
or build hybrid shortlists (``shortlist``) from the same ``ScoreMatrix``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from matching.explain import PairExplanation, ScoreSummary, explain_pairs, score_summary
from matching.features import PASSION_ARCHETYPES, MatchProfile, build_features
from matching.scoring import ScoreMatrix, ScoringRules, score_matrix
from matching.solver import Assignment, Constraints, solve


@dataclass(frozen=True, eq=False)
class Proposal:
    """A solved run: the assignment, each pair explained (same order), and the distribution."""

    scores: ScoreMatrix
    assignment: Assignment
    explanations: tuple[PairExplanation, ...]
    summary: ScoreSummary


def propose_pairs(
    mentees: Sequence[MatchProfile],
    mentors: Sequence[MatchProfile],
    *,
    manager_of: Mapping[Hashable, Hashable | None],
    rules: ScoringRules | None = None,
    constraints: Constraints | None = None,
    ranks: Mapping[Hashable, Sequence[Hashable]] | None = None,
    passion_framework: Sequence[str] = PASSION_ARCHETYPES,
) -> Proposal:
    """Score, solve and explain one match run for a cohort.

    ``manager_of`` is the roster's employee id → manager id; ``ranks`` the hybrid mentees'
    ranked shortlists (favourite first). Raises ``PinError`` when the pins cannot all hold.
    """
    rules = rules or ScoringRules()
    features = build_features(mentees, mentors, manager_of=manager_of, passion_framework=passion_framework)
    scores = score_matrix(features, rules, ranks=ranks)
    assignment = solve(scores, constraints)
    explanations = tuple(explain_pairs(scores, assignment.mentee_index, assignment.mentor_index))
    summary = score_summary([pair.score for pair in assignment.pairs], best_possible=rules.max_score)
    return Proposal(scores=scores, assignment=assignment, explanations=explanations, summary=summary)
