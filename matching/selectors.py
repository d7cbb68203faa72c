"""Reads of the matching app, for its pages and the profile partner source.

Tenant reads assume the organization's scope is open (a request, or a task that opened it).
Each page's read is a fixed number of queries whatever the cohort's size.

PRIVACY: rematch requests and their reasons are read only by ``rematch_requests_for_cohort``
(managers' page) and ``my_open_requests`` (the person who asked). Nothing a partner reads
loads them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from matching.explain import ScoreSummary, score_summary
from matching.inputs import cohort_inputs, settings_for
from matching.models import (
    ForbiddenPair,
    MatchMode,
    MatchRun,
    MatchSettings,
    MemberRole,
    MenteeRanking,
    Pair,
    PairMember,
    PairStatus,
    PinnedPair,
    ProposedPair,
    RematchRequest,
    RematchStatus,
    RunStatus,
)
from matching.scoring import COMPONENTS
from matching.services.runs import ComputedRun, run_compute
from programs.models import ApplicantRole, Program, Structure

COMPONENT_LABELS = {
    "different_department": "Different department",
    "level_gap": "Level gap",
    "reporting_line": "Outside reporting line",
    "learning_fit": "Learning wishes ↔ strengths",
    "values": "Shared values",
    "passions": "Passions",
    "location": "Location",
    "mentee_rank": "Mentee's ranking",
}
# Short names for the bars of a pair's breakdown.
COMPONENT_SHORT_LABELS = {
    "different_department": "Other department",
    "level_gap": "Level gap",
    "reporting_line": "Reporting line",
    "learning_fit": "Learning fit",
    "values": "Values",
    "passions": "Passions",
    "location": "Location",
    "mentee_rank": "Mentee's rank",
}
COMPONENT_HELP = {
    "different_department": "Mentor and mentee work in different departments: the mentor learns an "
    "unfamiliar area.",
    "level_gap": "The mentor is senior by at least the minimum gap (full marks in the next two levels, "
    "then less for mentors far above).",
    "reporting_line": "Neither manages the other at any depth. Such pairs are never proposed, so this adds "
    "the same to every pair.",
    "learning_fit": "Share of the mentee's learning wishes that the mentor lists as strengths.",
    "values": "Values both chose, out of all the values either chose.",
    "passions": "Shared passions count fully, complementary ones (an idea person and a builder) half.",
    "location": "Same city, or close time zones.",
    "mentee_rank": "Hybrid programs: how high the mentee ranked this mentor on their shortlist.",
}


def current_partner_ids(participant: Participant) -> set[int]:
    """Participants in a current published pair with ``participant``: the partner source that
    ``cohorts/profiles/visibility.py`` asks before showing a trust profile (registered in apps.py).

    Only active pairs and current members count: after a rematch ends a pair, the former
    partners no longer read each other's profiles.
    """
    mine = PairMember.objects.filter(
        participant_id=participant.pk, left_at__isnull=True, pair__status=PairStatus.ACTIVE
    ).values("pair_id")
    return set(
        PairMember.objects.filter(pair_id__in=mine, left_at__isnull=True)
        .exclude(participant_id=participant.pk)
        .values_list("participant_id", flat=True)
    )


def matching_cohorts() -> QuerySet[Cohort]:
    """Cohorts a manager can match or has matched, newest first, with their run and pair counts."""
    return (
        Cohort.objects.filter(
            status__in=[CohortStatus.SELECTING, CohortStatus.ACTIVE, CohortStatus.COMPLETED]
        )
        .select_related("program")
        .annotate(
            run_count=Count("match_runs", distinct=True),
            active_pairs=Count("pairs", filter=Q(pairs__status=PairStatus.ACTIVE), distinct=True),
            open_requests=Count(
                "rematch_requests", filter=Q(rematch_requests__status=RematchStatus.OPEN), distinct=True
            ),
        )
        .order_by("-created_at", "-id")
    )


@dataclass
class ClassFigures:
    mentees: int = 0
    mentors: int = 0
    profiles_complete: int = 0
    people: int = 0
    paired: int = 0
    ranked_mentees: int = 0


def class_figures(cohort: Cohort) -> ClassFigures:
    """How many are in the class, how many have a complete trust profile, a pair, a ranking."""
    figures = ClassFigures()
    participants = Participant.objects.filter(
        cohort=cohort, status=ParticipantStatus.SELECTED
    ).select_related("trust_profile")
    for participant in participants:
        figures.people += 1
        if participant.role == ApplicantRole.MENTEE:
            figures.mentees += 1
        else:
            figures.mentors += 1
        if _has_profile(participant) and participant.trust_profile.is_complete:
            figures.profiles_complete += 1
    figures.paired = (
        PairMember.objects.filter(pair__cohort=cohort, pair__status=PairStatus.ACTIVE, left_at__isnull=True)
        .exclude(role=MemberRole.MENTOR)
        .count()
    )
    figures.ranked_mentees = (
        MenteeRanking.objects.filter(mentee__cohort=cohort).values("mentee_id").distinct().count()
    )
    return figures


def _has_profile(participant: Participant) -> bool:
    try:
        return participant.trust_profile is not None
    except Participant.trust_profile.RelatedObjectDoesNotExist:
        return False


def runs_of(cohort: Cohort) -> list[MatchRun]:
    return list(
        MatchRun.objects.filter(cohort=cohort).select_related("created_by", "parent").order_by("-number")
    )


def pins_of(cohort: Cohort) -> list[PinnedPair]:
    return list(
        PinnedPair.objects.filter(cohort=cohort)
        .select_related("mentee__employee", "mentor__employee")
        .order_by("id")
    )


def forbids_of(cohort: Cohort) -> list[ForbiddenPair]:
    return list(
        ForbiddenPair.objects.filter(cohort=cohort)
        .select_related("mentee__employee", "mentor__employee")
        .order_by("id")
    )


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


@dataclass(frozen=True)
class PairChange:
    mentee: Participant
    before: ProposedPair | None
    after: ProposedPair | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after.score - self.before.score


@dataclass
class RunComparison:
    """How ``second`` differs from ``first``: pairs added, removed and changed, and the totals."""

    first: MatchRun
    second: MatchRun
    added: list[PairChange]
    removed: list[PairChange]
    changed: list[PairChange]
    unchanged: int
    circle_moves: list[tuple[Participant, list[str], list[str]]]

    @property
    def total_delta(self) -> float:
        return self.second.total_score - self.first.total_score

    @property
    def worst_delta(self) -> float | None:
        if self.first.worst_score is None or self.second.worst_score is None:
            return None
        return self.second.worst_score - self.first.worst_score

    @property
    def matched_delta(self) -> int:
        return self.second.matched_count - self.first.matched_count


def run_comparison(first: MatchRun, second: MatchRun) -> RunComparison:
    """Compare two runs of one cohort, mentee by mentee (circles: person by person)."""

    def by_mentee(run: MatchRun) -> dict[int, ProposedPair]:
        return {
            p.mentee_id: p
            for p in ProposedPair.objects.filter(run=run).select_related(
                "mentee__employee", "mentor__employee"
            )
        }

    a, b = by_mentee(first), by_mentee(second)
    added, removed, changed, unchanged = [], [], [], 0
    for mentee_id in sorted(set(a) | set(b), key=lambda pk: (a.get(pk) or b.get(pk)).mentee.employee.name):
        before, after = a.get(mentee_id), b.get(mentee_id)
        mentee = (before or after).mentee
        if before is None:
            added.append(PairChange(mentee, None, after))
        elif after is None:
            removed.append(PairChange(mentee, before, None))
        elif before.mentor_id != after.mentor_id:
            changed.append(PairChange(mentee, before, after))
        else:
            unchanged += 1
    moves = _circle_moves(first, second) if first.is_circles and second.is_circles else []
    return RunComparison(first, second, added, removed, changed, unchanged, moves)


def _circle_moves(first: MatchRun, second: MatchRun):
    def mates(run: MatchRun) -> tuple[dict[int, set[int]], dict[int, Participant]]:
        circles: dict[int, list[Participant]] = defaultdict(list)
        for member in run.circle_members.select_related("participant__employee"):
            circles[member.circle].append(member.participant)
        people = {p.pk: p for c in circles.values() for p in c}
        return {p.pk: {q.pk for q in c if q.pk != p.pk} for c in circles.values() for p in c}, people

    (a, people_a), (b, people_b) = mates(first), mates(second)
    people = {**people_a, **people_b}
    moves = []
    for pk in sorted(people, key=lambda pk: people[pk].employee.name):
        if a.get(pk) != b.get(pk):
            moves.append(
                (
                    people[pk],
                    sorted(people[q].employee.name for q in a.get(pk, ())),
                    sorted(people[q].employee.name for q in b.get(pk, ())),
                )
            )
    return moves


def rematch_requests_for_cohort(cohort: Cohort) -> list[RematchRequest]:
    """Managers only: every request of the cohort, open first, with who asked and their pair."""
    return list(
        RematchRequest.objects.filter(cohort=cohort)
        .select_related("participant__employee", "resolved_by", "pair")
        .prefetch_related("pair__members__participant__employee")
        .order_by("-status", "-created_at")
    )


@dataclass
class MyPair:
    """One of the signed-in person's current pairs, their place in it, and the others."""

    pair: Pair
    me: PairMember
    partners: list[PairMember]
    open_request: RematchRequest | None


def my_pairs(user) -> list[MyPair]:
    """The person's current published pairs in this organization, with their partners' rows
    (and trust profiles, which the page shows through ``cohorts.profiles.visibility``)."""
    mine = list(
        PairMember.objects.filter(
            participant__employee__user=user, left_at__isnull=True, pair__status=PairStatus.ACTIVE
        )
        .select_related("pair__cohort__program", "participant")
        .order_by("-pair__published_at")
    )
    pair_ids = [m.pair_id for m in mine]
    others: dict[int, list[PairMember]] = defaultdict(list)
    for member in (
        PairMember.objects.filter(pair_id__in=pair_ids, left_at__isnull=True)
        .select_related("participant__employee", "participant__trust_profile")
        .order_by("role", "id")
    ):
        others[member.pair_id].append(member)
    requests = {
        r.pair_id: r
        for r in RematchRequest.objects.filter(
            pair_id__in=pair_ids, participant__employee__user=user, status=RematchStatus.OPEN
        )
    }
    return [
        MyPair(
            pair=m.pair,
            me=m,
            partners=[o for o in others[m.pair_id] if o.pk != m.pk],
            open_request=requests.get(m.pair_id),
        )
        for m in mine
    ]


def my_rankable_participations(user) -> list[Participant]:
    """The person's mentee places in hybrid programs whose cohort is running (for the ranking link)."""
    return list(
        Participant.objects.filter(
            employee__user=user,
            role=ApplicantRole.MENTEE,
            status=ParticipantStatus.SELECTED,
            cohort__status=CohortStatus.ACTIVE,
            cohort__program__match_settings__mode=MatchMode.HYBRID,
        ).select_related("cohort__program__match_settings")
    )


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


def latest_run(cohort: Cohort) -> MatchRun | None:
    return MatchRun.objects.filter(cohort=cohort).order_by("-number").first()


def draft_runs(cohort: Cohort) -> QuerySet[MatchRun]:
    return MatchRun.objects.filter(cohort=cohort, status=RunStatus.DRAFT)
