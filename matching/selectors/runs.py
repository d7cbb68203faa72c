"""A match run as its page shows it: proposals with breakdown bars, mentors' places, the
mentors left without a mentee, the cohort's pins and never-pairs, and how a swap would change
each component.

A breakdown leaves out the components that are the same for every pair of the run (the
reporting line always is: a pair in one line is never proposed), since they tell two pairs
apart no better than nothing; the page names them in one line instead. Every bar of every
breakdown of a run is drawn on one scale, the largest weight shown, so lengths compare.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from cohorts.models import Participant, ParticipantStatus
from matching.explain import ScoreSummary, score_summary
from matching.models import (
    ForbiddenPair,
    LoadBalance,
    MatchRun,
    MemberRole,
    PairMember,
    PairStatus,
    PinnedPair,
    ProposedPair,
    RunStatus,
)
from matching.scoring import COMPONENTS
from matching.selectors.labels import COMPONENT_SHORT_LABELS
from programs.models import ApplicantRole

# Contributions closer than this are the same (they are sums of float products).
_SAME = 1e-9


@dataclass(frozen=True)
class ComponentBar:
    name: str
    label: str
    value: float  # the weighted contribution
    weight: float
    share: float  # contribution / weight, 0..1
    scale: float = 0.0  # the largest weight among the bars drawn together; 0: the bar's own weight

    @property
    def track_percent(self) -> float:
        """The bar's full length (its weight) as a percentage of the common scale."""
        scale = self.scale or self.weight
        return round(100 * self.weight / scale, 1) if scale else 0.0

    @property
    def fill_percent(self) -> float:
        """The filled part (the contribution) as a percentage of the bar's full length."""
        return round(100 * min(max(self.share, 0.0), 1.0), 1)


@dataclass(frozen=True)
class SameForEveryPair:
    """A weighted component that adds the same to every pair of a run."""

    name: str
    label: str
    value: float


@dataclass
class ProposalRow:
    proposal: ProposedPair
    bars: list[ComponentBar]
    pin_id: int | None
    forbid_id: int | None = None

    @property
    def is_forbidden(self) -> bool:
        return self.forbid_id is not None


@dataclass
class MentorPlaces:
    mentor: Participant
    places: int
    taken: int

    @property
    def left(self) -> int:
        return self.places - self.taken


@dataclass(frozen=True)
class LoadBalanceEffect:
    """What spreading mentees across mentors did to a run, from the run's snapshot: the total
    score given up (points, and percent of the total without balancing) and how the load moved."""

    label: str
    cost: float
    cost_percent: float
    total: float
    unbalanced_total: float
    mentors_used: int
    unbalanced_mentors_used: int
    most_mentees: int
    unbalanced_most_mentees: int


def load_balance_effect(run: MatchRun) -> LoadBalanceEffect | None:
    """The run's load-balance effect, or ``None`` when the run was not balanced."""
    figures = run.settings_snapshot.get("load_balance_effect")
    if not figures:
        return None
    cost = max(0.0, figures["unbalanced_total"] - figures["total"])
    percent = figures["percent"]
    label = LoadBalance.short_name(percent)
    return LoadBalanceEffect(
        label=label,
        cost=cost,
        cost_percent=100 * cost / figures["unbalanced_total"] if figures["unbalanced_total"] else 0.0,
        total=figures["total"],
        unbalanced_total=figures["unbalanced_total"],
        mentors_used=figures["mentors_used"],
        unbalanced_mentors_used=figures["unbalanced_mentors_used"],
        most_mentees=figures["most_mentees"],
        unbalanced_most_mentees=figures["unbalanced_most_mentees"],
    )


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
    same_for_every_pair: list[SameForEveryPair] = field(default_factory=list)
    # Selected mentors of the class with no mentee: none in this run and none published
    # (for a published run: none now).
    mentors_without_mentee: list[Participant] = field(default_factory=list)
    pins: list[PinnedPair] = field(default_factory=list)
    forbids: list[ForbiddenPair] = field(default_factory=list)
    swapped_pin_ids: set[int] = field(default_factory=set)  # pins a swap in this run made
    load_balance: LoadBalanceEffect | None = None


def component_bars(
    contributions: dict[str, float],
    weights: dict[str, float],
    *,
    leave_out=(),
    scale: float | None = None,
) -> list[ComponentBar]:
    """A pair's breakdown for display: each weighted component, in the engine's order, but
    those in ``leave_out``; every bar on ``scale`` (by default the largest weight shown)."""
    names = [name for name in COMPONENTS if weights.get(name) and name not in leave_out]
    if scale is None:
        scale = max((float(weights[name]) for name in names), default=0.0)
    return [
        ComponentBar(
            name=name,
            label=COMPONENT_SHORT_LABELS[name],
            value=float(contributions.get(name, 0.0)),
            weight=float(weights[name]),
            share=float(contributions.get(name, 0.0)) / weights[name],
            scale=scale,
        )
        for name in names
    ]


def same_for_every_pair(
    contributions: list[dict[str, float]], weights: dict[str, float]
) -> list[SameForEveryPair]:
    """The weighted components that add the same to each of two or more pairs."""
    if len(contributions) < 2:
        return []
    same = []
    for name in COMPONENTS:
        if not weights.get(name):
            continue
        values = [float(c.get(name, 0.0)) for c in contributions]
        if max(values) - min(values) <= _SAME:
            same.append(SameForEveryPair(name, COMPONENT_SHORT_LABELS[name], values[0]))
    return same


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


def mentors_without_mentee(run: MatchRun) -> list[Participant]:
    """Selected mentors of the run's class who have no mentee: none proposed in this run (a
    published run's proposals are its pairs) and none in a current published pair. One query."""
    if run.is_circles:
        return []
    mentoring = PairMember.objects.filter(
        role=MemberRole.MENTOR,
        left_at__isnull=True,
        pair__status=PairStatus.ACTIVE,
        pair__cohort_id=run.cohort_id,
        pair__members__role=MemberRole.MENTEE,
        pair__members__left_at__isnull=True,
    ).values("participant_id")
    mentors = Participant.objects.filter(
        cohort_id=run.cohort_id, role=ApplicantRole.MENTOR, status=ParticipantStatus.SELECTED
    ).exclude(pk__in=mentoring)
    if run.status != RunStatus.PUBLISHED:
        mentors = mentors.exclude(pk__in=ProposedPair.objects.filter(run=run).values("mentor_id"))
    return list(mentors.select_related("employee").order_by("employee__name", "pk"))


def run_page(run: MatchRun) -> RunPage:
    """Everything the run page shows, in a fixed number of queries."""
    weights = run.settings_snapshot.get("weights", {})
    proposals = list(
        ProposedPair.objects.filter(run=run)
        .select_related("mentee__employee", "mentor__employee")
        .order_by("-score", "id")
    )
    pin_list = list(
        PinnedPair.objects.filter(cohort_id=run.cohort_id)
        .select_related("mentee__employee", "mentor__employee")
        .order_by("id")
    )
    forbid_list = list(
        ForbiddenPair.objects.filter(cohort_id=run.cohort_id)
        .select_related("mentee__employee", "mentor__employee")
        .order_by("id")
    )
    pins = {(pin.mentee_id, pin.mentor_id): pin.pk for pin in pin_list}
    swapped = {(p.mentee_id, p.mentor_id) for p in proposals if p.swapped}
    forbidden = {(forbid.mentee_id, forbid.mentor_id): forbid.pk for forbid in forbid_list}
    same = same_for_every_pair([p.contributions for p in proposals], weights)
    left_out = {component.name for component in same}
    rows = [
        ProposalRow(
            proposal=p,
            # The same components and weights for every row: every bar on one scale.
            bars=component_bars(p.contributions, weights, leave_out=left_out),
            pin_id=pins.get((p.mentee_id, p.mentor_id)),
            forbid_id=forbidden.get((p.mentee_id, p.mentor_id)),
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
    # Mentors with places this run leaves free; those without any mentee are listed apart.
    idle = mentors_without_mentee(run)
    idle_ids = {m.pk for m in idle}
    spare_mentors = [pk for pk, n in places.items() if taken[pk] < n and pk not in idle_ids]
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
        same_for_every_pair=same,
        mentors_without_mentee=idle,
        pins=pin_list,
        forbids=forbid_list,
        swapped_pin_ids={pins[pair] for pair in swapped if pair in pins},
        load_balance=load_balance_effect(run),
    )
