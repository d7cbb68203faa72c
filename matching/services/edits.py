"""The manager's hand on a run: pin a pair, forbid one, swap two mentees' mentors.

Pins and forbids belong to the cohort and hold for every later run until removed. A swap
changes a draft run only, after a preview that shows what each pair would score, component by
component, and what the run's total and worst pair become; the two pairs it makes are pinned,
so running again keeps them (unpinning one lets the next run choose again). None of these
touch published pairs: those change only through a rematch.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort, Participant, ParticipantStatus
from matching.explain import PairExplanation, explain_pairs
from matching.features import build_features
from matching.inputs import (
    Person,
    cohort_memberships,
    earlier_pairs,
    ended_pairings,
    manager_links,
    match_profile,
    mentor_capacity,
    people,
    same_reporting_line,
)
from matching.models import (
    ForbiddenPair,
    MatchRun,
    MemberRole,
    MenteeRanking,
    PairMember,
    PairStatus,
    PinnedPair,
    ProposedPair,
    RunStatus,
)
from matching.scoring import ScoringRules, score_matrix
from matching.services.runs import check_cohort_matchable, for_managers, lock_cohort, refresh_run_totals
from organizations.audit import audit_record
from organizations.models import AuditAction
from programs.models import ApplicantRole, Structure


def _check_people(cohort: Cohort, mentee: Participant, mentor: Participant) -> None:
    if cohort.program.structure == Structure.PEER_CIRCLE:
        raise ValidationError("Peer circles have no mentors: there are no pairs to pin or forbid.")
    for person, role in ((mentee, ApplicantRole.MENTEE), (mentor, ApplicantRole.MENTOR)):
        if person.cohort_id != cohort.pk or person.role != role:
            raise ValidationError(f"{person.employee.name} is not a {role} of {cohort.name}.")
        if person.status != ParticipantStatus.SELECTED:
            raise ValidationError(f"{person.employee.name} has left the class.")


def _has_current_pair(participant: Participant) -> bool:
    return PairMember.objects.filter(
        participant=participant, left_at__isnull=True, pair__status=PairStatus.ACTIVE
    ).exists()


def _mentor_load(mentor: Participant) -> int:
    """Mentees the mentor has now, in published pairs."""
    pairs = PairMember.objects.filter(
        participant=mentor, role=MemberRole.MENTOR, left_at__isnull=True, pair__status=PairStatus.ACTIVE
    ).values("pair_id")
    return (
        PairMember.objects.filter(pair_id__in=pairs, left_at__isnull=True)
        .exclude(role=MemberRole.MENTOR)
        .count()
    )


def _mark_drafts(cohort: Cohort, mentee_id: int, mentor_id: int, *, pinned: bool) -> None:
    ProposedPair.objects.filter(
        run__cohort=cohort, run__status=RunStatus.DRAFT, mentee_id=mentee_id, mentor_id=mentor_id
    ).update(pinned=pinned)


@transaction.atomic
def pair_pin(*, cohort: Cohort, mentee: Participant, mentor: Participant, actor) -> PinnedPair:
    """Pin ``mentee`` to ``mentor``: every later run of the cohort keeps this pair.

    A mentee has one pin (pinning again moves it). Refused for people who are not selected
    mentee and mentor of the cohort, a mentee who already has a published pair, a pair in one
    reporting line, a forbidden pair, or a mentor whose places are all pinned or taken. A pin
    may repeat an earlier cohort's pair: it is the manager's explicit choice.
    """
    cohort = lock_cohort(cohort)
    check_cohort_matchable(cohort)
    _check_people(cohort, mentee, mentor)
    mentee_name, mentor_name = mentee.employee.name, mentor.employee.name
    if _has_current_pair(mentee):
        raise ValidationError(
            f"{mentee_name} already has a published pair; a rematch request is the way to change it."
        )
    if same_reporting_line(manager_links(cohort.organization_id), mentee.employee_id, mentor.employee_id):
        raise ValidationError(
            f"{mentor_name} and {mentee_name} are in one reporting line, so they cannot be paired."
        )
    if ForbiddenPair.objects.filter(cohort=cohort, mentee=mentee, mentor=mentor).exists():
        raise ValidationError(
            f"You marked {mentee_name} and {mentor_name} as never to be paired. Allow the pair first."
        )
    (mentor_person,) = people(Participant.objects.filter(pk=mentor.pk))
    capacity = mentor_capacity(cohort.program, mentor_person.profile_capacity)
    taken = (
        _mentor_load(mentor)
        + PinnedPair.objects.filter(cohort=cohort, mentor=mentor).exclude(mentee=mentee).count()
    )
    if taken >= capacity:
        places = "1 mentee" if capacity == 1 else f"{capacity} mentees"
        raise ValidationError(
            f"{mentor_name} takes {places}, and every place is already pinned or paired. "
            "Unpin one of their pairs first."
        )
    return _pin(cohort, mentee.pk, mentor.pk, actor)


def _pin(cohort: Cohort, mentee_id: int, mentor_id: int, actor) -> PinnedPair:
    """Pin the mentee to the mentor (moving the mentee's pin if they had one) and mark the
    pair in the cohort's draft runs. The caller has checked the hard rules."""
    previous = PinnedPair.objects.filter(cohort=cohort, mentee_id=mentee_id).first()
    if previous is not None:
        _mark_drafts(cohort, mentee_id, previous.mentor_id, pinned=False)
        previous.mentor_id = mentor_id
        previous.created_by = actor
        previous.save(update_fields=["mentor", "created_by"])
        pin = previous
    else:
        pin = PinnedPair.objects.create(
            organization_id=cohort.organization_id,
            cohort=cohort,
            mentee_id=mentee_id,
            mentor_id=mentor_id,
            created_by=actor,
        )
    _mark_drafts(cohort, mentee_id, mentor_id, pinned=True)
    _audit_edit(cohort, pin, "pinned", actor)
    return pin


def _audit_edit(cohort: Cohort, rule, change: str, actor) -> None:
    """A pin or a never-pair rule made or removed (names only)."""
    names = dict(
        Participant.objects.filter(pk__in=[rule.mentee_id, rule.mentor_id]).values_list(
            "pk", "employee__name"
        )
    )
    audit_record(
        cohort.organization,
        AuditAction.MATCH_EDIT,
        target=cohort,
        label=f"{names.get(rule.mentee_id, '?')} with {names.get(rule.mentor_id, '?')} · {cohort.name}",
        changes=[change],
        actor=actor,
    )


@transaction.atomic
def pair_unpin(*, pin: PinnedPair, actor) -> None:
    """Remove a pin: the next run is free to pair the mentee with anyone."""
    cohort = lock_cohort(pin.cohort)
    _mark_drafts(cohort, pin.mentee_id, pin.mentor_id, pinned=False)
    PinnedPair.objects.filter(pk=pin.pk).delete()
    _audit_edit(cohort, pin, "unpinned", actor)


@transaction.atomic
def pair_forbid(*, cohort: Cohort, mentee: Participant, mentor: Participant, actor) -> ForbiddenPair:
    """Rule out ``mentee`` with ``mentor`` for every later run of the cohort.

    A run already made keeps the pair until it is run again. Refused for a pinned pair (unpin
    it first). Forbidding a pair twice changes nothing.
    """
    cohort = lock_cohort(cohort)
    check_cohort_matchable(cohort)
    _check_people(cohort, mentee, mentor)
    if PinnedPair.objects.filter(cohort=cohort, mentee=mentee, mentor=mentor).exists():
        raise ValidationError(
            f"{mentee.employee.name} is pinned to {mentor.employee.name}. "
            "Unpin the pair before forbidding it."
        )
    forbid, _ = ForbiddenPair.objects.get_or_create(
        cohort=cohort,
        mentee=mentee,
        mentor=mentor,
        defaults={"organization_id": cohort.organization_id, "created_by": actor},
    )
    _audit_edit(cohort, forbid, "never pair", actor)
    return forbid


@transaction.atomic
def pair_unforbid(*, forbid: ForbiddenPair, actor) -> None:
    """Allow a forbidden pair again."""
    cohort = lock_cohort(forbid.cohort)
    ForbiddenPair.objects.filter(pk=forbid.pk).delete()
    _audit_edit(cohort, forbid, "may pair again", actor)


@dataclass(frozen=True)
class SwapSide:
    """One of the two proposals of a swap: as it is, and with the other mentor."""

    proposal: ProposedPair
    new_mentor: Person
    before: PairExplanation
    after: PairExplanation

    @property
    def delta(self) -> float:
        return self.after.score - self.before.score

    @property
    def why(self) -> str:
        return for_managers(self.after.why)


@dataclass(frozen=True)
class SwapPreview:
    """What swapping two mentees' mentors does, and the hard rules it would break (if any)."""

    run: MatchRun
    first: SwapSide
    second: SwapSide
    problems: list[str]
    total_before: float
    total_after: float
    worst_before: float | None
    worst_after: float | None

    @property
    def sides(self) -> tuple[SwapSide, SwapSide]:
        return (self.first, self.second)

    @property
    def delta(self) -> float:
        return self.total_after - self.total_before

    @property
    def allowed(self) -> bool:
        return not self.problems


def run_rules(run: MatchRun) -> ScoringRules:
    """The scoring rules a run was made with (from its settings snapshot)."""
    snapshot = run.settings_snapshot
    return ScoringRules(
        weights=snapshot["weights"],
        min_level_gap=snapshot["min_level_gap"],
        level_gap_is_hard=snapshot["level_gap_is_hard"],
        shortlist_size=snapshot["shortlist_size"],
    )


def _swap_problems(
    run: MatchRun, rules: ScoringRules, scores, pairs: list[tuple[Person, Person]]
) -> list[str]:
    """The hard rules the swapped pairs would break (``scores`` has pair ``i`` at cell ``i, i``)."""
    cohort = run.cohort
    forbidden = set(ForbiddenPair.objects.filter(cohort=cohort).values_list("mentee_id", "mentor_id"))
    ended = ended_pairings(cohort_memberships(cohort))
    earlier = set() if run.settings_snapshot.get("allow_previous_pairs") else earlier_pairs(cohort)
    problems: list[str] = []
    for index, (mentee, mentor) in enumerate(pairs):
        names = f"{mentee.name} and {mentor.name}"
        if scores.same_line[index, index]:
            problems.append(f"{names} are in one reporting line.")
        if (mentee.pk, mentor.pk) in forbidden:
            problems.append(f"You marked {names} as never to be paired.")
        if (mentee.pk, mentor.pk) in ended:
            problems.append(f"{names} were paired in this cohort before, and that pair ended in a rematch.")
        if tuple(sorted((mentee.employee_id, mentor.employee_id))) in earlier:
            problems.append(
                f"{names} were paired in an earlier cohort, and the program does not pair people twice."
            )
        if rules.level_gap_is_hard and scores.below_min_gap[index, index]:
            levels = f"{rules.min_level_gap} level{'s' if rules.min_level_gap != 1 else ''}"
            problems.append(f"{mentor.name} is not {levels} above {mentee.name}.")
    return problems


def _explain(run: MatchRun, rules: ScoringRules, mentees: list[Person], mentors: list[Person]):
    """Score mentee ``i`` against mentor ``j`` with the run's rules; explanations of the diagonal.

    A pair's score depends only on its two people (and the mentee's ranks), so a small matrix of
    the people concerned gives the same numbers as the whole run did.
    """
    snapshot_mentors = {int(pk) for pk in run.settings_snapshot.get("mentor_places", {})}
    ranks: dict[int, list[int]] = {}
    ranked_mentors: list[Person] = []
    if rules.weights["mentee_rank"]:
        rankings = MenteeRanking.objects.filter(
            mentee__in=[m.pk for m in mentees], mentor__in=snapshot_mentors
        )
        rankings = list(rankings.order_by("mentee_id", "rank").values_list("mentee_id", "mentor_id"))
        found = {p.pk: p for p in people(Participant.objects.filter(pk__in={pk for _, pk in rankings}))}
        by_mentee_employee = {m.pk: m.employee_id for m in mentees}
        for mentee_pk, mentor_pk in rankings:
            mentor_list = ranks.setdefault(by_mentee_employee[mentee_pk], [])
            if len(mentor_list) < rules.shortlist_size:
                mentor_list.append(found[mentor_pk].employee_id)
                ranked_mentors.append(found[mentor_pk])
    all_mentors = list({m.pk: m for m in [*mentors, *ranked_mentors]}.values())
    features = build_features(
        [match_profile(m) for m in mentees],
        [match_profile(m) for m in all_mentors],
        manager_of=manager_links(run.organization_id),
    )
    scores = score_matrix(features, rules, ranks=ranks or None)
    rows = list(range(len(mentees)))
    columns = [features.mentor_index(m.employee_id) for m in mentors]
    return scores, explain_pairs(scores, rows, columns)


def _swap_people(first: ProposedPair, second: ProposedPair) -> list[Person]:
    ids = [first.mentee_id, second.mentee_id, first.mentor_id, second.mentor_id]
    found = {p.pk: p for p in people(Participant.objects.filter(pk__in=ids))}
    return [found[pk] for pk in ids]


def _pinned_by_hand(proposal: ProposedPair) -> bool:
    """Pinned with the Pin button. A pair pinned because it was swapped in this run may be
    swapped again: the pins move with it."""
    return proposal.pinned and not proposal.swapped


def proposal_swap_preview(*, run: MatchRun, first: ProposedPair, second: ProposedPair) -> SwapPreview:
    """What giving ``first``'s mentee ``second``'s mentor, and the other way round, would do.

    A read: nothing is saved. Lists the hard rules the swap would break; ``proposal_swap``
    refuses those.
    """
    if first.run_id != run.pk or second.run_id != run.pk:
        raise ValidationError("Both pairs must come from this run.")
    if first.pk == second.pk or first.mentor_id == second.mentor_id:
        raise ValidationError("Choose two pairs with different mentors to swap.")
    if _pinned_by_hand(first) or _pinned_by_hand(second):
        raise ValidationError("A pinned pair stays as it is. Unpin it before swapping.")
    mentee_a, mentee_b, mentor_a, mentor_b = _swap_people(first, second)
    rules = run_rules(run)
    # Rows: the two mentees; columns: now (a→A, b→B) then swapped (a→B, b→A).
    _scores, before = _explain(run, rules, [mentee_a, mentee_b], [mentor_a, mentor_b])
    swapped_scores, after = _explain(run, rules, [mentee_a, mentee_b], [mentor_b, mentor_a])
    problems = _swap_problems(run, rules, swapped_scores, [(mentee_a, mentor_b), (mentee_b, mentor_a)])
    others = list(
        ProposedPair.objects.filter(run=run)
        .exclude(pk__in=[first.pk, second.pk])
        .values_list("score", flat=True)
    )
    total_before = sum(others) + before[0].score + before[1].score
    total_after = sum(others) + after[0].score + after[1].score
    return SwapPreview(
        run=run,
        first=SwapSide(first, mentor_b, before[0], after[0]),
        second=SwapSide(second, mentor_a, before[1], after[1]),
        problems=problems,
        total_before=total_before,
        total_after=total_after,
        worst_before=min([*others, before[0].score, before[1].score]),
        worst_after=min([*others, after[0].score, after[1].score]),
    )


@transaction.atomic
def proposal_swap(*, run: MatchRun, first: ProposedPair, second: ProposedPair, actor) -> SwapPreview:
    """Swap two mentees' mentors in a draft run, as previewed; refused when a hard rule breaks.

    The two new pairs are pinned, so "Run again" keeps what the manager chose by hand; each
    can be unpinned to let the next run choose freely again.
    """
    cohort = lock_cohort(run.cohort)
    run = MatchRun.objects.select_for_update().select_related("cohort").get(pk=run.pk)
    if run.status != RunStatus.DRAFT:
        raise ValidationError("Only a draft run can be changed by hand.")
    first = ProposedPair.objects.select_for_update().get(pk=first.pk, run=run)
    second = ProposedPair.objects.select_for_update().get(pk=second.pk, run=run)
    preview = proposal_swap_preview(run=run, first=first, second=second)
    if preview.problems:
        raise ValidationError(preview.problems)
    for side in preview.sides:
        proposal = side.proposal
        proposal.mentor_id = side.new_mentor.pk
        proposal.score = side.after.score
        proposal.contributions = side.after.contributions
        proposal.why = side.why
        proposal.swapped = True
        proposal.save(update_fields=["mentor", "score", "contributions", "why", "swapped"])
    for side in preview.sides:
        _pin(cohort, side.proposal.mentee_id, side.new_mentor.pk, actor)
        side.proposal.pinned = True
    run.edited_at = timezone.now()
    refresh_run_totals(run)
    return preview
