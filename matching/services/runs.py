"""Match runs: read the cohort, run the engine, store what it proposes.

A run is a draft the manager reviews: every proposed pair with its score, the weighted part of
each score component (they add up to the score) and a sentence saying why, and everyone left
out with the reason. Runs never touch published pairs; ``publish`` does.

``run_compute`` (engine only) and ``run_save`` (the inserts) are the two halves of
``match_run_create``; ``bench/matching.py`` times them separately.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from cohorts.models import Cohort, CohortStatus, ParticipantStatus
from matching import circles as circle_engine
from matching.engine import propose_pairs
from matching.inputs import CohortInputs, circle_size, cohort_inputs, settings_snapshot
from matching.models import (
    MatchRun,
    MenteeRanking,
    ProposedCircleMember,
    ProposedPair,
    RunScope,
    RunStatus,
    Unmatched,
    UnmatchedReason,
)
from matching.rank_outcome import rank_outcome, snapshot_ranks
from matching.selectors.runs import SAME_KEY, same_to_snapshot
from matching.solver import COUNTED_AS, Assignment, PinError, solve
from organizations.fast_insert import insert_new
from organizations.text import join_names
from programs.models import ApplicantRole


@dataclass
class ComputedRun:
    """What the engine proposed, in participant ids, ready to be saved."""

    pairs: list[ProposedPair] = field(default_factory=list)
    circles: list[list[int]] = field(default_factory=list)  # participant ids per circle
    unmatched: list[tuple[int, str, str]] = field(default_factory=list)  # participant, reason, words
    total_score: float = 0.0
    worst_score: float | None = None
    best_possible: float = 0.0
    # With load balance: the same run without it, for the run page (``load_balance_effect``).
    load_balance: dict = field(default_factory=dict)
    # Hybrid: the ranks the run saw (mentee pk → mentor pks) and how they came out.
    ranks: dict[int, list[int]] = field(default_factory=dict)
    rank_outcome: dict = field(default_factory=dict)


def lock_cohort(cohort: Cohort) -> Cohort:
    """Lock the cohort row: every write to a cohort's runs and pairs takes it first, so two
    managers (or a publish and a rematch) run one after the other, the second seeing the first."""
    return (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("program", "organization")
        .get(pk=cohort.pk)
    )


def check_cohort_matchable(cohort: Cohort) -> None:
    if cohort.status == CohortStatus.SELECTING:
        raise ValidationError(
            f"Start {cohort.name} first: matching pairs the class you chose, once it is settled."
        )
    if cohort.status != CohortStatus.ACTIVE:
        raise ValidationError(
            f"{cohort.name} is {cohort.get_status_display().lower()}; it cannot be matched."
        )


def _check_someone_to_match(inputs: CohortInputs) -> None:
    if inputs.mentees:
        return
    if inputs.already_paired:
        raise ValidationError("Everyone in the class is paired already: there is nobody to match.")
    what = "participants" if inputs.is_circles else "mentees"
    raise ValidationError(f"The class has no {what} yet: choose the class first.")


def _no_mentor_words(inputs: CohortInputs) -> str:
    mentors = inputs.cohort.participants.filter(role=ApplicantRole.MENTOR, status=ParticipantStatus.SELECTED)
    if mentors.exists():
        return "no mentor has a place left"
    return "the class has no mentors yet"


def run_compute(inputs: CohortInputs) -> ComputedRun:
    """Run the engine on the inputs: optimal pairs (or circles) and who is left out, and why."""
    if inputs.is_circles:
        return _compute_circles(inputs)
    try:
        proposal = propose_pairs(
            inputs.mentee_profiles,
            inputs.mentor_profiles,
            manager_of=inputs.manager_of,
            rules=inputs.rules,
            constraints=inputs.constraints,
            ranks=inputs.ranks or None,
            passion_framework=inputs.passion_framework,
        )
    except PinError as error:  # the inputs leave such pins out; this is a last line of defence
        raise ValidationError(f"The pinned pairs cannot all hold: {error}") from None
    computed = computed_pairs(inputs, proposal.assignment, proposal.explanations)
    if inputs.constraints.load_penalty > 0:
        # The same scores solved without the penalty: what balancing the load cost.
        unbalanced = solve(proposal.scores, dataclasses.replace(inputs.constraints, load_penalty=0.0))
        computed.load_balance = load_balance_figures(
            inputs.match_settings.load_balance, proposal.assignment, unbalanced
        )
    return computed


def _loads(assignment: Assignment) -> Counter:
    return Counter(pair.mentor_id for pair in assignment.pairs)


def load_balance_figures(percent: int, balanced: Assignment, unbalanced: Assignment) -> dict:
    """What the run page says about load balance: both totals, mentors with a mentee and the
    most mentees one mentor has, with and without balancing (JSON for the run's snapshot)."""
    loads, unbalanced_loads = _loads(balanced), _loads(unbalanced)
    return {
        "percent": percent,
        "total": balanced.total_score,
        "unbalanced_total": unbalanced.total_score,
        "matched": len(balanced.pairs),
        "unbalanced_matched": len(unbalanced.pairs),
        "mentors_used": len(loads),
        "unbalanced_mentors_used": len(unbalanced_loads),
        "most_mentees": max(loads.values(), default=0),
        "unbalanced_most_mentees": max(unbalanced_loads.values(), default=0),
    }


def for_managers(why: str) -> str:
    """A pair's sentence as managers read it. The engine words it to the mentee ("shares 2 of
    your 3 learning wishes"), who reads it on a hybrid shortlist; a run is read by managers."""
    return (
        why.replace("of your ", "of the mentee's ")
        .replace("You ranked", "The mentee ranked")
        .replace("you ranked", "the mentee ranked")
    )


_PROPOSED_DEFAULTS = {
    field.attname: None if field.primary_key else field.get_default()
    for field in ProposedPair._meta.concrete_fields
}


def _proposed_pair(**values) -> ProposedPair:
    """An unsaved ``ProposedPair``, built from its values in field order: Django's positional
    path costs a quarter of keyword arguments (0.06 s instead of 0.23 s for 10,000 pairs).
    Fields not given take their defaults."""
    unknown = values.keys() - _PROPOSED_DEFAULTS.keys()
    if unknown:
        raise TypeError(f"ProposedPair has no fields {sorted(unknown)}")
    return ProposedPair(*(values.get(name, default) for name, default in _PROPOSED_DEFAULTS.items()))


def computed_pairs(inputs: CohortInputs, assignment: Assignment, explanations) -> ComputedRun:
    """The engine's assignment and explanations as unsaved ``ProposedPair`` rows and reasons."""
    organization_id = inputs.cohort.organization_id
    computed = ComputedRun(best_possible=inputs.rules.max_score)
    for pair, explanation in zip(assignment.pairs, explanations, strict=True):
        computed.pairs.append(
            _proposed_pair(
                organization_id=organization_id,
                mentee_id=inputs.participant(pair.mentee_id).pk,
                mentor_id=inputs.participant(pair.mentor_id).pk,
                score=pair.score,
                contributions=explanation.contributions,
                why=for_managers(explanation.why),
                pinned=pair.pinned,
            )
        )
    no_mentor = _no_mentor_words(inputs) if not inputs.mentors else ""
    for left_out in assignment.unmatched:
        detail = no_mentor or left_out_words(inputs, left_out)
        computed.unmatched.append(
            (inputs.participant(left_out.mentee_id).pk, str(left_out.reason), detail[:1].upper() + detail[1:])
        )
    computed.total_score = assignment.total_score
    computed.worst_score = assignment.worst_score
    if inputs.match_settings.is_hybrid:
        computed.ranks = mentee_ranks(inputs)
        computed.rank_outcome = rank_outcome(
            [(p.mentee_id, p.mentor_id) for p in computed.pairs], computed.ranks, len(inputs.mentees)
        ).as_json()
    return computed


_NAMED_IN_WORDS = 3  # mentors named per barrier in a left-out person's reason


def _named(inputs: CohortInputs, count: int, mentor_ids, limit: int) -> str:
    names = [inputs.participant(m).name for m in mentor_ids][:limit]
    if count > len(names):
        names.append(f"{count - len(names)} more")
    return join_names(names)


def left_out_words(inputs: CohortInputs, left_out, limit: int = _NAMED_IN_WORDS) -> str:
    """Why a mentee is left out, naming the mentors behind each barrier: "only conflicting
    mentors (reporting line): in their reporting line: Ada Lovelace and Ben Ode; forbidden:
    Cy Young" or "no mentor capacity left: Ada Lovelace, their one compatible mentor, is full".
    At most 300 characters (fewer names when needed)."""
    if not left_out.mentors:
        return left_out.detail
    headline = left_out.detail.split(": ", 1)[0]
    for names_per_barrier in range(limit, -1, -1):
        parts = []
        for reason, count, mentor_ids in left_out.mentors:
            if reason == UnmatchedReason.NO_CAPACITY:
                if count == 1:
                    words = f"{_named(inputs, 1, mentor_ids, 1)}, their one compatible mentor, is full"
                else:
                    names = _named(inputs, count, mentor_ids, max(names_per_barrier, 1))
                    words = f"all {count} compatible mentors are full: {names}"
            else:
                named = (
                    _named(inputs, count, mentor_ids, names_per_barrier) if names_per_barrier else str(count)
                )
                words = f"{COUNTED_AS[reason]}: {named}"
            parts.append(words)
        text = f"{headline}: {'; '.join(parts)}"
        if len(text) <= 300:
            return text
    return left_out.detail


def mentee_ranks(inputs: CohortInputs) -> dict[int, list[int]]:
    """The ranks of the run's mentees as they gave them (participant ids, favourite first)."""
    mentee_ids = {p.pk for p in inputs.mentees}
    ranks: dict[int, list[int]] = {}
    rows = MenteeRanking.objects.filter(mentee__cohort=inputs.cohort).order_by("mentee_id", "rank")
    for mentee_pk, mentor_pk in rows.values_list("mentee_id", "mentor_id"):
        if mentee_pk in mentee_ids:
            ranks.setdefault(mentee_pk, []).append(mentor_pk)
    return ranks


def circle_diversity(members) -> int:
    """A circle's score: its distinct departments plus its distinct levels (``matching/circles.py``)."""
    return len({m.department for m in members}) + len({m.level for m in members})


def _compute_circles(inputs: CohortInputs) -> ComputedRun:
    size = circle_size(inputs.program)
    formed = circle_engine.form_circles(
        inputs.mentee_profiles,
        size=size,
        manager_of=inputs.manager_of,
        # Earlier partners (none when the program allows repeats) and the manager's choices.
        keep_apart=[*inputs.constraints.previous_pairs, *inputs.keep_apart],
        keep_together=inputs.keep_together,
    )
    profiles = {p.id: p for p in inputs.mentee_profiles}
    computed = ComputedRun(best_possible=2.0 * size)
    scores = []
    for members in formed:
        if len(members) < 2:
            for employee_id in members:
                computed.unmatched.append(
                    (
                        inputs.participant(employee_id).pk,
                        UnmatchedReason.NO_CIRCLE,
                        "Nobody else is waiting for a circle; they join one in a later run.",
                    )
                )
            continue
        computed.circles.append([inputs.participant(employee_id).pk for employee_id in members])
        scores.append(float(circle_diversity([profiles[e] for e in members])))
    computed.total_score = math.fsum(scores)
    computed.worst_score = min(scores, default=None)
    return computed


@transaction.atomic
def run_save(
    inputs: CohortInputs, computed: ComputedRun, *, actor, parent: MatchRun | None = None
) -> MatchRun:
    """Insert the run, its proposals and the people left out (bulk inserts, a handful of queries)."""
    cohort = inputs.cohort
    number = (MatchRun.objects.filter(cohort=cohort).aggregate(last=Max("number"))["last"] or 0) + 1
    snapshot = settings_snapshot(inputs.match_settings, inputs.rules, inputs.program)
    snapshot["mentor_places"] = {str(pk): places for pk, places in inputs.places.items()}
    snapshot["skipped_pins"] = inputs.skipped_pins
    snapshot[SAME_KEY] = same_to_snapshot(
        [pair.contributions for pair in computed.pairs], snapshot.get("weights", {})
    )
    if computed.load_balance:
        snapshot["load_balance_effect"] = computed.load_balance
    if computed.ranks:
        snapshot["ranks"] = {str(mentee): mentors for mentee, mentors in computed.ranks.items()}
        snapshot["rank_outcome"] = computed.rank_outcome
    run = MatchRun.objects.create(
        organization_id=cohort.organization_id,
        cohort=cohort,
        number=number,
        parent=parent,
        structure=inputs.program.structure,
        scope=RunScope.UNPAIRED if inputs.after_publishing else RunScope.WHOLE_CLASS,
        settings_snapshot=snapshot,
        total_score=computed.total_score,
        worst_score=computed.worst_score,
        best_possible_score=computed.best_possible,
        matched_count=len(computed.pairs) + sum(len(c) for c in computed.circles),
        unmatched_count=len(computed.unmatched),
        mentee_count=len(inputs.mentees),
        mentor_count=len(inputs.mentors),
        created_by=actor,
    )
    for proposed in computed.pairs:
        proposed.run = run
    # insert_new: one statement per 2,000 rows, without bulk_create's per-value preparation
    # (a third of the save at 10,000 pairs). The run is new, so every row is written.
    insert_new(ProposedPair, computed.pairs, unique=["run", "mentee"])
    ProposedCircleMember.objects.bulk_create(
        [
            ProposedCircleMember(
                organization_id=cohort.organization_id, run=run, circle=number, participant_id=participant_id
            )
            for number, members in enumerate(computed.circles, start=1)
            for participant_id in members
        ],
        batch_size=2000,
    )
    insert_new(
        Unmatched,
        [
            Unmatched(
                organization_id=cohort.organization_id,
                run=run,
                participant_id=participant_id,
                reason=reason,
                detail=detail[:300],
            )
            for participant_id, reason, detail in computed.unmatched
        ],
        unique=["run", "participant"],
    )
    return run


@transaction.atomic
def match_run_create(*, cohort: Cohort, actor, parent: MatchRun | None = None) -> MatchRun:
    """Run matching for ``cohort`` with its program's settings and store the draft run.

    Takes every mentee without a current pair and every mentor with a place left (the whole
    class the first time; after a rematch, the people affected), keeps the cohort's pins,
    never proposes a forbidden pair, a reporting-line conflict or — unless the program allows
    it — people paired in an earlier cohort. Refuses a cohort that has not started, or one with
    nobody to match.
    """
    cohort = lock_cohort(cohort)
    check_cohort_matchable(cohort)
    if parent is not None and parent.cohort_id != cohort.pk:
        raise ValidationError("That run belongs to another cohort.")
    inputs = cohort_inputs(cohort)
    _check_someone_to_match(inputs)
    return run_save(inputs, run_compute(inputs), actor=actor, parent=parent)


@transaction.atomic
def match_run_rerun(*, run: MatchRun, actor) -> MatchRun:
    """Run matching again for the run's cohort, keeping its pins: a new draft whose parent is ``run``."""
    if run.status == RunStatus.PUBLISHED:
        raise ValidationError(
            "This run is published. To change a published pair, resolve a rematch request; "
            "then run matching for the people affected."
        )
    return match_run_create(cohort=run.cohort, actor=actor, parent=run)


@transaction.atomic
def refresh_run_totals(run: MatchRun) -> None:
    """Recompute a run's total and worst score, and its rank outcome, from its stored
    proposals (after a swap)."""
    rows = list(
        ProposedPair.objects.filter(run=run).values_list("score", "mentee_id", "mentor_id", "contributions")
    )
    scores = [score for score, *_ in rows]
    run.total_score = math.fsum(scores)
    run.worst_score = min(scores, default=None)
    fields = ["total_score", "worst_score", "edited_at", "settings_snapshot"]
    weights = run.settings_snapshot.get("weights", {})
    snapshot = {**run.settings_snapshot, SAME_KEY: same_to_snapshot([c for *_, c in rows], weights)}
    ranks = snapshot_ranks(snapshot)
    if ranks:
        outcome = rank_outcome([(mentee, mentor) for _, mentee, mentor, _ in rows], ranks, run.mentee_count)
        snapshot["rank_outcome"] = outcome.as_json()
    run.settings_snapshot = snapshot
    run.save(update_fields=fields)
