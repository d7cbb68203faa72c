"""A match run as its page shows it: proposals with breakdown bars, mentors' places, the
mentors left without a mentee, the cohort's pins and never-pairs, and how a swap would change
each component.

A breakdown leaves out the components that are the same for every pair of the run (the
reporting line always is: a pair in one line is never proposed), since they tell two pairs
apart no better than nothing; the page names them in one line instead. Every bar of every
breakdown of a run is drawn on one scale, the largest weight shown, so lengths compare.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef

from cohorts.models import Participant, ParticipantStatus
from matching.explain import ScoreSummary, score_summary
from matching.inputs import cohort_memberships, mentor_capacity, people
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
from matching.rank_outcome import RankOutcome, outcome_of, rank_of, snapshot_ranks
from matching.scoring import COMPONENTS
from matching.selectors.labels import COMPONENT_SHORT_LABELS
from programs.models import ApplicantRole, Structure

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
    rank: int | None = None  # hybrid: the rank the mentee gave this mentor
    ranked: bool = False  # hybrid: whether the mentee ranked at all

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


PAGE_SIZE = 25  # pairs per page of a run: about what a screen shows; a class of 2,000 is not drawn at once
GROUPS_PER_PAGE = 8
LISTED = 50  # people left out, mentors with places: listed up to this many, then counted


@dataclass
class GroupCard:
    """A group run's group: the mentor, the mentees' rows, the department and level mix."""

    mentor: Participant
    rows: list[ProposalRow]
    score: float  # the sum of its pairs' scores
    size: int
    places: int
    departments: list[tuple[str, int]]  # the mentees' departments, most first
    levels: list[tuple[int, int]]  # the mentees' levels, lowest first

    @property
    def mean(self) -> float:
        return self.score / self.size if self.size else 0.0


@dataclass(frozen=True)
class PlacesFigures:
    """Mentees in a run (or waiting) against the places mentors have for them."""

    mentees: int
    places: int
    mentors: int

    @property
    def short(self) -> int:
        return max(self.mentees - self.places, 0)


@dataclass
class RunPage:
    run: MatchRun
    rows: list[ProposalRow]  # this page's pairs (a group run: the rows of this page's groups)
    circles: list[list[Participant]]
    unmatched: list  # the first ``LISTED`` people left out; ``run.unmatched_count`` counts them all
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
    pair_count: int = 0  # every pair of the run, on every page
    group_count: int = 0  # mentors with a mentee in the run
    people_count: int = 0  # everyone the run places: mentees and their mentors, or peers
    groups: list[GroupCard] = field(default_factory=list)
    page: Page | None = None  # the pagination of ``rows`` (or ``groups``)
    rank_outcome: RankOutcome | None = None
    places: PlacesFigures | None = None
    more_mentors_with_places: int = 0

    @property
    def is_groups(self) -> bool:
        return self.run.structure == Structure.GROUP


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


# The run's settings snapshot keeps the components that are the same for every pair, so the
# run page need not read 2,000 breakdowns to know which bars to leave out: written when the run
# is saved and again after a hand swap (``matching.services.runs``).
SAME_KEY = "same_for_every_pair"


def same_to_snapshot(contributions: list[dict[str, float]], weights: dict[str, float]) -> list:
    return [[component.name, component.value] for component in same_for_every_pair(contributions, weights)]


def same_from_snapshot(stored: list, weights: dict[str, float]) -> list[SameForEveryPair]:
    return [
        SameForEveryPair(name, COMPONENT_SHORT_LABELS[name], value)
        for name, value in stored
        if name in COMPONENT_SHORT_LABELS and weights.get(name)
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


def _pages(items: list, per_page: int, number) -> Page:
    return Paginator(items, per_page).get_page(number)


def _mix(values) -> list[tuple]:
    counts = Counter(values)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def run_page(run: MatchRun, *, page_number=1, only: int | None = None) -> RunPage:
    """Everything the run page shows, in a fixed number of queries whatever the class size:
    one page of pairs (``PAGE_SIZE``) or groups (``GROUPS_PER_PAGE``) with their breakdowns,
    the figures of the whole run from one light read of every pair. ``only`` (a proposal id)
    prepares that one row (an HTMX answer)."""
    snapshot = run.settings_snapshot
    weights = snapshot.get("weights", {})
    # Every pair, lightly: the figures, the common components, the groups' scores.
    stored_same = snapshot.get(SAME_KEY)
    columns = ["pk", "score", "mentee_id", "mentor_id", "swapped"]
    if stored_same is None:  # a run saved before the run kept them: read every breakdown
        columns.insert(2, "contributions")
    everything = [
        row if stored_same is None else (*row[:2], None, *row[2:])
        for row in ProposedPair.objects.filter(run=run).order_by("-score", "id").values_list(*columns)
    ]
    is_draft = run.status == RunStatus.DRAFT
    pin_list: list[PinnedPair] = []
    forbid_list: list[ForbiddenPair] = []
    if is_draft and not run.is_circles:
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
    forbidden = {(forbid.mentee_id, forbid.mentor_id): forbid.pk for forbid in forbid_list}
    swapped = {(mentee, mentor) for _, _, _, mentee, mentor, was_swapped in everything if was_swapped}
    if stored_same is None:
        same = same_for_every_pair([contributions for _, _, contributions, *_ in everything], weights)
    else:
        same = same_from_snapshot(stored_same, weights)
    left_out = {component.name for component in same}
    kept_ranks = snapshot_ranks(snapshot)
    ranks = rank_of(kept_ranks)
    places = {int(pk): n for pk, n in snapshot.get("mentor_places", {}).items()}
    taken: dict[int, int] = defaultdict(int)
    group_scores: dict[int, list[float]] = defaultdict(list)
    for _, score, _, _, mentor, _ in everything:
        taken[mentor] += 1
        group_scores[mentor].append(score)

    is_groups = run.structure == Structure.GROUP
    page: Page | None = None
    if only is not None:
        wanted = [only]
    elif is_groups:
        order = sorted(group_scores, key=lambda mentor: (-math.fsum(group_scores[mentor]), mentor))
        page = _pages(order, GROUPS_PER_PAGE, page_number)
        on_page = set(page.object_list)
        wanted = [pk for pk, _, _, _, mentor, _ in everything if mentor in on_page]
    else:
        page = _pages([pk for pk, *_ in everything], PAGE_SIZE, page_number)
        wanted = list(page.object_list)
    proposals = sorted(
        ProposedPair.objects.filter(run=run, pk__in=wanted).select_related(
            "mentee__employee", "mentor__employee"
        ),
        key=lambda p: (-p.score, p.pk),
    )
    rows = [
        ProposalRow(
            proposal=p,
            # The same components and weights for every row: every bar on one scale.
            bars=component_bars(p.contributions, weights, leave_out=left_out),
            pin_id=pins.get((p.mentee_id, p.mentor_id)),
            forbid_id=forbidden.get((p.mentee_id, p.mentor_id)),
            rank=ranks.get((p.mentee_id, p.mentor_id)),
            ranked=p.mentee_id in kept_ranks,
        )
        for p in proposals
    ]
    groups: list[GroupCard] = []
    if is_groups and page is not None:
        by_mentor: dict[int, list[ProposalRow]] = defaultdict(list)
        for row in rows:
            by_mentor[row.proposal.mentor_id].append(row)
        for mentor_pk in page.object_list:
            members = by_mentor[mentor_pk]
            mentees = [row.proposal.mentee.employee for row in members]
            groups.append(
                GroupCard(
                    mentor=members[0].proposal.mentor,
                    rows=members,
                    score=math.fsum(group_scores[mentor_pk]),
                    size=len(members),
                    places=places.get(mentor_pk, len(members)),
                    departments=_mix(e.department for e in mentees),
                    levels=sorted(Counter(e.level for e in mentees).items()),
                )
            )

    circles: dict[int, list[Participant]] = defaultdict(list)
    circle_scores: list[float] = []
    if run.is_circles:
        for member in run.circle_members.select_related("participant__employee").order_by("circle", "id"):
            circles[member.circle].append(member.participant)
        circle_scores = [
            float(len({p.employee.department for p in c}) + len({p.employee.level for p in c}))
            for c in circles.values()
        ]
    idle, spare, spare_count = _mentors_of_the_class(run, taken, places)
    scores = circle_scores if run.is_circles else [score for _, score, *_ in everything]
    people = sum(len(c) for c in circles.values()) if run.is_circles else len(everything) + len(taken)
    return RunPage(
        run=run,
        rows=rows,
        circles=list(circles.values()),
        unmatched=list(run.unmatched.select_related("participant__employee").order_by("id")[:LISTED])
        if run.unmatched_count
        else [],
        summary=score_summary(scores, best_possible=run.best_possible_score or 1.0),
        weights=weights,
        mentors_with_places=spare,
        more_mentors_with_places=max(spare_count - LISTED, 0),
        skipped_pins=snapshot.get("skipped_pins", []),
        same_for_every_pair=same,
        mentors_without_mentee=idle,
        pins=pin_list,
        forbids=forbid_list,
        swapped_pin_ids={pins[pair] for pair in swapped if pair in pins},
        load_balance=load_balance_effect(run),
        pair_count=len(everything),
        group_count=len(taken),
        people_count=people,
        groups=groups,
        page=page,
        rank_outcome=outcome_of(snapshot),
        places=PlacesFigures(mentees=run.mentee_count, places=sum(places.values()), mentors=len(places))
        if not run.is_circles
        else None,
    )


# What the run and publish pages draw of a listed mentor (``matching.rows.who_of``, ``_who.html``).
_LISTED_FIELDS = ("employee__name", "employee__department", "employee__level")


def _mentors_of_the_class(
    run: MatchRun, taken: dict[int, int], places: dict[int, int]
) -> tuple[list[Participant], list[MentorPlaces], int]:
    """The class's mentors without a mentee (``mentors_without_mentee``), the first ``LISTED`` of
    those this run leaves with places free, and how many those are. Two queries: every mentor
    as plain values (800 model rows with their roster rows cost more than the rest of the page),
    then the ones listed."""
    if run.is_circles:
        return [], [], 0
    order = ("employee__name", "pk")
    mentors = list(
        Participant.objects.filter(
            cohort_id=run.cohort_id, role=ApplicantRole.MENTOR, status=ParticipantStatus.SELECTED
        )
        .annotate(mentoring=Exists(_mentoring(run)))
        .order_by(*order)
        .values_list("pk", "mentoring")
    )
    published = run.status == RunStatus.PUBLISHED
    idle = [pk for pk, mentoring in mentors if not mentoring and (published or not taken.get(pk))]
    idle_ids = set(idle)
    spare = [pk for pk, _ in mentors if pk in places and taken.get(pk, 0) < places[pk] and pk not in idle_ids]
    listed = set(idle) | set(spare[:LISTED])
    # Only the roster fields the lists draw, in no order (the order is the first read's): a
    # hundred participants with their whole roster rows took twice as long to read.
    people = (
        {
            p.pk: p
            for p in Participant.objects.filter(pk__in=listed)
            .select_related("employee")
            .only(*_LISTED_FIELDS)
        }
        if listed
        else {}
    )
    return (
        [people[pk] for pk in idle],
        [MentorPlaces(people[pk], places[pk], taken.get(pk, 0)) for pk in spare[:LISTED]],
        len(spare),
    )


def _mentoring(run: MatchRun):
    """A selected mentor's current published pair with a mentee (an ``Exists`` on ``OuterRef``)."""
    return PairMember.objects.filter(
        participant_id=OuterRef("pk"),
        role=MemberRole.MENTOR,
        left_at__isnull=True,
        pair__status=PairStatus.ACTIVE,
        pair__cohort_id=run.cohort_id,
        pair__members__role=MemberRole.MENTEE,
        pair__members__left_at__isnull=True,
    )


def places_figures(cohort, *, memberships=None) -> PlacesFigures:
    """Mentees without a pair against the places mentors have left, for the matching page's
    warning before a run (group programs: a mentor takes the smaller of the group size and what
    they said they can take). Two queries, one when the caller has read ``memberships``
    (``matching.inputs.cohort_memberships``)."""
    selected = people(Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED))
    if memberships is None:
        memberships = cohort_memberships(cohort)
    paired = {pk for _, pk, role, current in memberships if current and role != MemberRole.MENTOR}
    mentees_in_pair: dict[int, int] = defaultdict(int)
    for pair_id, _, role, current in memberships:
        if current and role != MemberRole.MENTOR:
            mentees_in_pair[pair_id] += 1
    load: dict[int, int] = defaultdict(int)
    for pair_id, pk, role, current in memberships:
        if current and role == MemberRole.MENTOR:
            load[pk] += mentees_in_pair[pair_id]
    program = cohort.program
    waiting = sum(1 for p in selected if p.role == ApplicantRole.MENTEE and p.pk not in paired)
    left = [
        mentor_capacity(program, p.profile_capacity) - load[p.pk]
        for p in selected
        if p.role == ApplicantRole.MENTOR
    ]
    return PlacesFigures(
        mentees=waiting, places=sum(n for n in left if n > 0), mentors=sum(1 for n in left if n > 0)
    )
