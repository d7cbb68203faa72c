"""A settings preview: the class matched under candidate settings, nothing saved."""

from __future__ import annotations

from dataclasses import dataclass, field

from cohorts.models import Cohort
from matching.explain import ScoreSummary, score_summary
from matching.inputs import cohort_inputs, settings_for
from matching.models import (
    MatchSettings,
    ProposedPair,
)
from matching.selectors.runs import component_bars
from matching.services.runs import ComputedRun, run_compute
from programs.models import Program, Structure


@dataclass(frozen=True)
class PreviewFigures:
    summary: ScoreSummary
    total: float
    worst: float | None
    matched: int
    unmatched: int


@dataclass(frozen=True)
class SettingsPreview:
    """The cohort proposed under the candidate settings, beside the saved ones."""

    cohort: Cohort | None
    message: str
    current: PreviewFigures | None = None
    candidate: PreviewFigures | None = None
    top_pairs: list = field(default_factory=list)
    bottom_pairs: list = field(default_factory=list)


def _figures(computed: ComputedRun) -> PreviewFigures:
    scores = [p.score for p in computed.pairs]
    return PreviewFigures(
        summary=score_summary(scores, best_possible=computed.best_possible or 1.0),
        total=computed.total_score,
        worst=computed.worst_score,
        matched=len(computed.pairs),
        unmatched=len(computed.unmatched),
    )


def settings_preview(*, program: Program, candidate: MatchSettings) -> SettingsPreview:
    """Run the engine on the program's cohort with ``candidate`` (unsaved) and with the saved
    settings, and return both score distributions with the best and weakest proposed pairs.
    Nothing is stored."""
    cohort = Cohort.objects.filter(program=program).select_related("program", "organization").first()
    if cohort is None:
        return SettingsPreview(
            None, "The program has no class yet; the preview uses the class once it is chosen."
        )
    if program.structure == Structure.PEER_CIRCLE:
        return SettingsPreview(
            cohort, "Peer circles are formed to mix departments and levels; weights do not apply."
        )
    current_inputs = cohort_inputs(cohort, match_settings=settings_for(program))
    if not current_inputs.mentees or not current_inputs.mentors:
        return SettingsPreview(cohort, "The preview needs mentees and mentors without a pair in the class.")
    candidate_inputs = cohort_inputs(cohort, match_settings=candidate)
    current, proposed = run_compute(current_inputs), run_compute(candidate_inputs)
    names = {p.pk: p for p in [*candidate_inputs.mentees, *candidate_inputs.mentors]}
    ranked = sorted(proposed.pairs, key=lambda p: -p.score)
    weights = candidate_inputs.rules.weights

    def described(p: ProposedPair) -> dict:
        return {
            "mentee": names[p.mentee_id],
            "mentor": names[p.mentor_id],
            "score": p.score,
            "why": p.why,
            "bars": component_bars(p.contributions, weights),
        }

    return SettingsPreview(
        cohort=cohort,
        message="",
        current=_figures(current),
        candidate=_figures(proposed),
        top_pairs=[described(p) for p in ranked[:3]],
        bottom_pairs=[described(p) for p in ranked[-3:][::-1]] if len(ranked) > 3 else [],
    )
