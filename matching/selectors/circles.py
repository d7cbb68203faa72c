"""A peer-circle run as the run page shows it: each circle's mix and why it was formed, and
the manager's choices (kept together, kept apart) with what they can still change.

Four queries whatever the class size: the run's circle members, the cohort's choices, the
reporting lines, and the selected peers for the choice form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cohorts.models import Participant, ParticipantStatus
from matching.circles import clusters_of
from matching.models import CircleChoice, CircleChoiceKind, MatchRun
from organizations.roster.reporting_lines import manager_links, same_reporting_line
from organizations.text import join_names


@dataclass
class CircleSeat:
    participant: Participant
    moved: bool  # placed here by the manager


@dataclass
class CircleCard:
    number: int
    seats: list[CircleSeat]
    departments: list[str]
    levels: list[int]
    reasons: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        return len(self.departments) + len(self.levels)

    @property
    def mix(self) -> str:
        """ "3 departments · levels 2–5" """
        departments = f"{len(self.departments)} department{'s' if len(self.departments) != 1 else ''}"
        if len(self.levels) == 1:
            return f"{departments} · level {self.levels[0]}"
        return f"{departments} · levels {self.levels[0]}–{self.levels[-1]}"


@dataclass
class CirclePage:
    cards: list[CircleCard]
    together: list[list[Participant]]  # each group kept in one circle
    apart: list[CircleChoice]
    peers: list[Participant]  # every selected peer, for the choice form
    class_departments: int = 0

    @property
    def has_choices(self) -> bool:
        return bool(self.together or self.apart)


def _reasons(card: CircleCard, class_departments: int, groups, links) -> list[str]:
    reasons = []
    if len(card.departments) == 1 and class_departments > 1:
        reasons.append(
            f"Everyone is from {card.departments[0]}: the other departments could not be spread further."
        )
    else:
        reasons.append(f"Mixes {join_names(card.departments)}.")
    if len(card.levels) > 1:
        reasons.append(f"Spans {len(card.levels)} levels, {card.levels[0]} to {card.levels[-1]}.")
    else:
        reasons.append(f"Everyone is at level {card.levels[0]}.")
    present = {seat.participant.pk: seat.participant for seat in card.seats}
    for group in groups:
        if set(group) <= set(present):
            reasons.append(
                f"Kept together by your choice: {join_names([present[pk].employee.name for pk in group])}."
            )
    moved = [seat.participant.employee.name for seat in card.seats if seat.moved]
    if moved:
        reasons.append(f"Moved here by you: {join_names(moved)}.")
    people = [seat.participant for seat in card.seats]
    clash = [
        (a, b)
        for x, a in enumerate(people)
        for b in people[x + 1 :]
        if same_reporting_line(links, a.employee_id, b.employee_id)
    ]
    if clash:
        names = "; ".join(f"{a.employee.name} and {b.employee.name}" for a, b in clash)
        reasons.append(f"In one reporting line ({names}): the circle sizes left no other way.")
    else:
        reasons.append("Nobody here manages another, directly or further up.")
    return reasons


def together_groups_of(choices: list[CircleChoice]) -> list[list[int]]:
    pairs = [(c.first_id, c.second_id) for c in choices if c.kind == CircleChoiceKind.TOGETHER]
    ids = sorted({pk for pair in pairs for pk in pair})
    index = {pk: i for i, pk in enumerate(ids)}
    return [
        [ids[i] for i in group] for group in clusters_of(len(ids), [(index[a], index[b]) for a, b in pairs])
    ]


def circle_page(run: MatchRun) -> CirclePage:
    """The circles of ``run`` with their mix and reasons, and the cohort's circle choices."""
    seats: dict[int, list[CircleSeat]] = {}
    for member in run.circle_members.select_related("participant__employee").order_by("circle", "id"):
        seats.setdefault(member.circle, []).append(CircleSeat(member.participant, member.moved))
    choices = list(
        CircleChoice.objects.filter(cohort_id=run.cohort_id)
        .select_related("first__employee", "second__employee")
        .order_by("id")
    )
    peers = list(
        Participant.objects.filter(cohort_id=run.cohort_id, status=ParticipantStatus.SELECTED)
        .select_related("employee")
        .order_by("employee__name", "pk")
    )
    by_pk = {p.pk: p for p in peers}
    for choice in choices:
        by_pk.setdefault(choice.first_id, choice.first)
        by_pk.setdefault(choice.second_id, choice.second)
    groups = together_groups_of(choices)
    links = manager_links(run.organization_id)
    class_departments = len({p.employee.department for p in peers})
    cards = []
    for number, members in seats.items():
        employees = [seat.participant.employee for seat in members]
        card = CircleCard(
            number=number,
            seats=members,
            departments=sorted({e.department for e in employees}),
            levels=sorted({e.level for e in employees}),
        )
        card.reasons = _reasons(card, class_departments, groups, links)
        cards.append(card)
    return CirclePage(
        cards=cards,
        together=[[by_pk[pk] for pk in group] for group in groups],
        apart=[c for c in choices if c.kind == CircleChoiceKind.APART],
        peers=peers,
        class_departments=class_departments,
    )
