"""Two runs side by side: which pairs (or circle places) changed and by how much, how the
hybrid mentees' ranks came out in each, and which settings changed between them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from cohorts.models import Participant
from matching.models import (
    LoadBalance,
    MatchMode,
    MatchRun,
    ProposedPair,
)
from matching.rank_outcome import RankOutcome, outcome_of
from matching.selectors.labels import COMPONENT_SHORT_LABELS


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
    same: list[PairChange] = field(default_factory=list)  # the same mentor in both runs
    first_outcome: RankOutcome | None = None
    second_outcome: RankOutcome | None = None
    settings_changes: list[str] = field(default_factory=list)

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
    added, removed, changed, same = [], [], [], []
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
            same.append(PairChange(mentee, before, after))
    moves = _circle_moves(first, second) if first.is_circles and second.is_circles else []
    return RunComparison(
        first,
        second,
        added,
        removed,
        changed,
        len(same),
        moves,
        same,
        first_outcome=outcome_of(first.settings_snapshot),
        second_outcome=outcome_of(second.settings_snapshot),
        settings_changes=settings_changes(first.settings_snapshot, second.settings_snapshot),
    )


def _yes_no(value) -> str:
    return "on" if value else "off"


_RULES = (
    ("mode", "How pairs are chosen", lambda v: MatchMode(v).label if v in MatchMode.values else str(v)),
    ("honour_first_choices", "Honour first choices", _yes_no),
    ("shortlist_size", "Shortlist size", str),
    ("min_level_gap", "Minimum level gap", str),
    ("level_gap_is_hard", "Never below the minimum gap", _yes_no),
    ("allow_previous_pairs", "Earlier partners may meet again", _yes_no),
    ("load_balance", "Spread mentees across mentors", lambda v: LoadBalance.short_name(v or 0)),
    ("group_size", "Group size", lambda v: "—" if v is None else str(v)),
)


def settings_changes(before: dict, after: dict) -> list[str]:
    """Each setting two runs were made with that differs, in words: "Learning fit weight 2 → 3",
    "Honour first choices off → on". Settings a run did not record are not compared."""
    changes: list[str] = []
    weights_before, weights_after = before.get("weights", {}), after.get("weights", {})
    for name, label in COMPONENT_SHORT_LABELS.items():
        if name in weights_before and name in weights_after and weights_before[name] != weights_after[name]:
            changes.append(f"{label} weight {weights_before[name]:g} → {weights_after[name]:g}")
    for key, label, words in _RULES:
        if key in before and key in after and before[key] != after[key]:
            changes.append(f"{label} {words(before[key])} → {words(after[key])}")
    return changes


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
