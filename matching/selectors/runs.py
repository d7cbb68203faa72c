"""A match run as its page shows it: proposals with breakdown bars, mentors' places, and
how a swap would change each component."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from cohorts.models import Participant
from matching.explain import ScoreSummary, score_summary
from matching.models import (
    ForbiddenPair,
    MatchRun,
    PinnedPair,
    ProposedPair,
)
from matching.scoring import COMPONENTS
from matching.selectors.labels import COMPONENT_SHORT_LABELS


@dataclass(frozen=True)
class ComponentBar:
    name: str
    label: str
    value: float  # the weighted contribution
    weight: float
    share: float  # contribution / weight, 0..1, for the bar's length


@dataclass
class ProposalRow:
    proposal: ProposedPair
    bars: list[ComponentBar]
    is_forbidden: bool
    pin_id: int | None


@dataclass
class MentorPlaces:
    mentor: Participant
    places: int
    taken: int

    @property
    def left(self) -> int:
        return self.places - self.taken


@dataclass
class RunPage:
    run: MatchRun
    rows: list[ProposalRow]
    circles: list[list[Participant]]
    unmatched: list
    summary: ScoreSummary
    weights: dict[str, float]
    mentors_with_places: list[MentorPlaces]
    skipped_pins: list[str] = field(default_factory=list)


def component_bars(contributions: dict[str, float], weights: dict[str, float]) -> list[ComponentBar]:
    """A pair's breakdown for display: each weighted component, in the engine's order."""
    return [
        ComponentBar(
            name=name,
            label=COMPONENT_SHORT_LABELS[name],
            value=float(contributions.get(name, 0.0)),
            weight=float(weights.get(name, 0.0)),
            share=(float(contributions.get(name, 0.0)) / weights[name]) if weights.get(name) else 0.0,
        )
        for name in COMPONENTS
        if weights.get(name)
    ]


@dataclass(frozen=True)
class ComponentChange:
    label: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


def component_changes(
    before: dict[str, float], after: dict[str, float], weights: dict[str, float]
) -> list[ComponentChange]:
    """Each weighted component of a pair now and after a change (a hand swap)."""
    return [
        ComponentChange(
            COMPONENT_SHORT_LABELS[name], float(before.get(name, 0.0)), float(after.get(name, 0.0))
        )
        for name in COMPONENTS
        if weights.get(name)
    ]


def run_page(run: MatchRun) -> RunPage:
    """Everything the run page shows, in a fixed number of queries."""
    weights = run.settings_snapshot.get("weights", {})
    proposals = list(
        ProposedPair.objects.filter(run=run)
        .select_related("mentee__employee", "mentor__employee")
        .order_by("-score", "id")
    )
    pins = {
        (mentee, mentor): pk
        for pk, mentee, mentor in PinnedPair.objects.filter(cohort_id=run.cohort_id).values_list(
            "pk", "mentee_id", "mentor_id"
        )
    }
    forbidden = set(
        ForbiddenPair.objects.filter(cohort_id=run.cohort_id).values_list("mentee_id", "mentor_id")
    )
    rows = [
        ProposalRow(
            proposal=p,
            bars=component_bars(p.contributions, weights),
            is_forbidden=(p.mentee_id, p.mentor_id) in forbidden,
            pin_id=pins.get((p.mentee_id, p.mentor_id)),
        )
        for p in proposals
    ]
    circles: dict[int, list[Participant]] = defaultdict(list)
    circle_scores: list[float] = []
    if run.is_circles:
        for member in run.circle_members.select_related("participant__employee").order_by("circle", "id"):
            circles[member.circle].append(member.participant)
        circle_scores = [
            float(len({p.employee.department for p in c}) + len({p.employee.level for p in c}))
            for c in circles.values()
        ]
    places = {int(pk): n for pk, n in run.settings_snapshot.get("mentor_places", {}).items()}
    taken: dict[int, int] = defaultdict(int)
    for p in proposals:
        taken[p.mentor_id] += 1
    spare_mentors = [pk for pk, n in places.items() if taken[pk] < n]
    mentors = (
        Participant.objects.select_related("employee").filter(pk__in=spare_mentors).order_by("employee__name")
    )
    scores = circle_scores if run.is_circles else [p.score for p in proposals]
    return RunPage(
        run=run,
        rows=rows,
        circles=list(circles.values()),
        unmatched=list(run.unmatched.select_related("participant__employee").order_by("id")),
        summary=score_summary(scores, best_possible=run.best_possible_score or 1.0),
        weights=weights,
        mentors_with_places=[MentorPlaces(m, places[m.pk], taken[m.pk]) for m in mentors],
        skipped_pins=run.settings_snapshot.get("skipped_pins", []),
    )
