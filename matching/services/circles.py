"""The manager's hand on peer circles: move someone, keep two people together or apart.

Keep-together and keep-apart choices (``CircleChoice``) belong to the cohort and hold for every
later run until removed, like pins and never-pairs of mentoring programs. Moving a person
changes a draft run only, and records them as kept together with the people of their new
circle, so running again keeps the move (releasing that group lets the next run choose again).
None of these touch published circles.
"""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort, Participant, ParticipantStatus
from matching.inputs import circle_size
from matching.models import (
    CircleChoice,
    CircleChoiceKind,
    MatchRun,
    ProposedCircleMember,
    RunStatus,
)
from matching.selectors.circles import together_groups_of
from matching.services.runs import check_cohort_matchable, circle_diversity, lock_cohort
from organizations.audit import audit_record
from organizations.models import AuditAction
from organizations.roster.reporting_lines import manager_links, same_reporting_line
from organizations.text import join_names


def largest_circle(cohort: Cohort) -> int:
    """The most people a circle may hold by hand: the program's circle size plus one (the
    engine's own sizes differ from the target by at most one)."""
    return circle_size(cohort.program) + 1


def _check_circles(cohort: Cohort) -> None:
    if not cohort.program.is_peer_circles:
        raise ValidationError("Only peer-circle programs have circles to arrange.")
    check_cohort_matchable(cohort)


def _check_peer(cohort: Cohort, person: Participant) -> None:
    if person.cohort_id != cohort.pk:
        raise ValidationError(f"{person.employee.name} is not in {cohort.name}.")
    if person.status != ParticipantStatus.SELECTED:
        raise ValidationError(f"{person.employee.name} has left the class.")


def _ordered(a: Participant, b: Participant) -> tuple[Participant, Participant]:
    return (a, b) if a.pk < b.pk else (b, a)


def together_groups(cohort: Cohort) -> list[list[int]]:
    """The participant ids that must share a circle, group by group (largest first)."""
    return together_groups_of(
        list(CircleChoice.objects.filter(cohort=cohort, kind=CircleChoiceKind.TOGETHER))
    )


def _group_with(groups: list[list[int]], *people: int) -> set[int]:
    """Everyone who must share a circle with any of ``people`` (them included)."""
    joined = set(people)
    for group in groups:
        if joined & set(group):
            joined |= set(group)
    return joined


def _names(pks) -> list[str]:
    names = dict(Participant.objects.filter(pk__in=list(pks)).values_list("pk", "employee__name"))
    return sorted(names.get(pk, "?") for pk in pks)


def _check_together(cohort: Cohort, joining: set[int], existing: set[int]) -> None:
    """``joining`` may share a circle with ``existing``: not too many together, and nobody of
    one side kept apart from, or in one reporting line with, someone of the other."""
    people = joining | existing
    if len(people) > largest_circle(cohort):
        raise ValidationError(
            f"That would keep {len(people)} people in one circle ({join_names(_names(people))}); "
            f"a circle holds at most {largest_circle(cohort)}. Release a group first."
        )
    apart = next(
        (
            choice
            for choice in CircleChoice.objects.filter(
                cohort=cohort, kind=CircleChoiceKind.APART, first_id__in=people, second_id__in=people
            )
            if {choice.first_id, choice.second_id} & joining
            and {choice.first_id, choice.second_id} & existing
        ),
        None,
    )
    if apart is not None:
        raise ValidationError(
            f"You chose to keep {join_names(_names([apart.first_id, apart.second_id]))} apart; "
            "remove that choice first."
        )
    employees = dict(Participant.objects.filter(pk__in=people).values_list("pk", "employee_id"))
    links = manager_links(cohort.organization_id)
    for a in sorted(joining):
        for b in sorted(existing - joining):
            if same_reporting_line(links, employees[a], employees[b]):
                raise ValidationError(
                    f"{join_names(_names([a, b]))} are in one reporting line, so they cannot share a circle."
                )


def _audit(cohort: Cohort, label: str, change: str, actor) -> None:
    audit_record(
        cohort.organization,
        AuditAction.MATCH_EDIT,
        target=cohort,
        label=f"{label} · {cohort.name}",
        changes=[change],
        actor=actor,
    )


def _save_choice(cohort: Cohort, first: Participant, second: Participant, kind: str, actor) -> CircleChoice:
    first, second = _ordered(first, second)
    choice, _ = CircleChoice.objects.update_or_create(
        cohort=cohort,
        first=first,
        second=second,
        defaults={"organization": cohort.organization, "kind": kind, "created_by": actor},
    )
    return choice


@transaction.atomic
def circle_choice_add(
    *, cohort: Cohort, first: Participant, second: Participant, kind: str, actor
) -> CircleChoice:
    """Keep ``first`` and ``second`` in one circle (``together``) or never in one (``apart``) in
    every later run of the cohort; a choice about the same two people replaces the earlier one.

    Refused for people who are not selected peers of the cohort, for one person twice, for a
    together choice that would join more people than a circle holds, joins people kept apart
    or people of one reporting line, and for keeping apart two people kept together.
    """
    cohort = lock_cohort(cohort)
    _check_circles(cohort)
    if kind not in CircleChoiceKind.values:
        raise ValidationError("Choose keep together or keep apart.")
    for person in (first, second):
        _check_peer(cohort, person)
    if first.pk == second.pk:
        raise ValidationError("Choose two different people.")
    low, high = _ordered(first, second)
    CircleChoice.objects.filter(cohort=cohort, first=low, second=high).delete()
    groups = together_groups(cohort)
    if kind == CircleChoiceKind.TOGETHER:
        _check_together(cohort, _group_with(groups, first.pk), _group_with(groups, second.pk))
    elif second.pk in _group_with(groups, first.pk):
        raise ValidationError(
            f"{first.employee.name} and {second.employee.name} are kept together (in a group you chose "
            "or made by moving someone); release that group first."
        )
    choice = _save_choice(cohort, first, second, kind, actor)
    _audit(
        cohort,
        f"{first.employee.name} and {second.employee.name}",
        CircleChoiceKind(kind).label.lower(),
        actor,
    )
    return choice


@transaction.atomic
def circle_choice_remove(*, choice: CircleChoice, actor) -> None:
    """Remove one choice: the next run is free to place those two people either way."""
    cohort = lock_cohort(choice.cohort)
    names = join_names(_names([choice.first_id, choice.second_id]))
    CircleChoice.objects.filter(pk=choice.pk).delete()
    _audit(cohort, names, f"{choice.get_kind_display().lower()} removed", actor)


@transaction.atomic
def circle_group_release(*, cohort: Cohort, participant: Participant, actor) -> int:
    """Release the kept-together group ``participant`` belongs to (every together choice among
    its people); returns how many choices went."""
    cohort = lock_cohort(cohort)
    group = next((g for g in together_groups(cohort) if participant.pk in g), None)
    if group is None:
        raise ValidationError(f"{participant.employee.name} is not kept together with anyone.")
    deleted, _ = CircleChoice.objects.filter(
        cohort=cohort, kind=CircleChoiceKind.TOGETHER, first_id__in=group, second_id__in=group
    ).delete()
    _audit(cohort, join_names(_names(group)), "kept together: released", actor)
    return deleted


def refresh_circle_totals(run: MatchRun) -> None:
    """A circle run's total and weakest score from its stored circles (after a move)."""
    circles: dict[int, list] = {}
    for member in run.circle_members.select_related("participant__employee"):
        circles.setdefault(member.circle, []).append(member.participant.employee)
    scores = [float(circle_diversity(people)) for people in circles.values()]
    run.total_score = math.fsum(scores)
    run.worst_score = min(scores, default=None)
    run.edited_at = timezone.now()
    run.save(update_fields=["total_score", "worst_score", "edited_at"])


@transaction.atomic
def circle_member_move(
    *, run: MatchRun, participant: Participant, circle: int, actor
) -> ProposedCircleMember:
    """Move ``participant`` into ``circle`` of the draft ``run``, and keep them together with its
    people in later runs.

    Refused for a run that is not a draft of circles, a person not in one of its circles, a circle
    the run does not have or the one they are in, a circle that would pass the largest size or a
    circle left with one person, and a move that would put people kept apart, or of one reporting
    line, in one circle, or take someone away from the group they are kept together with.
    """
    cohort = lock_cohort(run.cohort)
    _check_circles(cohort)
    if run.cohort_id != cohort.pk or not run.is_circles or run.status != RunStatus.DRAFT:
        raise ValidationError("Only a draft run of circles can be changed by hand.")
    _check_peer(cohort, participant)
    rows = list(run.circle_members.select_for_update().order_by("circle", "id"))
    by_circle: dict[int, list[int]] = {}
    for row in rows:
        by_circle.setdefault(row.circle, []).append(row.participant_id)
    mine = next((row for row in rows if row.participant_id == participant.pk), None)
    name = participant.employee.name
    if mine is None:
        raise ValidationError(f"{name} is in none of this run's circles.")
    if circle not in by_circle:
        raise ValidationError(f"This run has circles 1 to {len(by_circle)}.")
    if circle == mine.circle:
        raise ValidationError(f"{name} is in circle {circle} already.")
    if len(by_circle[mine.circle]) <= 2:
        raise ValidationError(
            f"Circle {mine.circle} would be left with one person; move someone else instead."
        )
    groups = together_groups(cohort)
    kept_with = _group_with(groups, participant.pk) - {participant.pk}
    if kept_with & set(by_circle[mine.circle]):
        raise ValidationError(
            f"{name} is kept together with {join_names(_names(kept_with))}; release that group first."
        )
    _check_together(cohort, _group_with(groups, participant.pk), _group_with(groups, *by_circle[circle]))
    mine.circle = circle
    mine.moved = True
    mine.save(update_fields=["circle", "moved"])
    for other in Participant.objects.filter(pk__in=by_circle[circle]).select_related("employee"):
        _save_choice(cohort, participant, other, CircleChoiceKind.TOGETHER, actor)
    refresh_circle_totals(run)
    _audit(cohort, f"{name} to circle {circle} of run {run.number}", "moved", actor)
    return mine
