"""Hybrid runs: how the mentees' ranks came out — how many got their #1, #2, #3…, a mentor they
did not rank, or no mentor — next to the run's total score.

A run keeps the ranks its mentees had sent when it was made (``MatchRun.settings_snapshot``,
``"ranks"``: mentee participant id → mentor participant ids, favourite first) and the outcome
(``"rank_outcome"``), so later rankings do not rewrite what an older run shows; a swap by hand
recomputes the outcome from the same ranks (``matching.services.runs.refresh_run_totals``).
Ranks count as the mentee gave them: a first choice who had no place left in the run makes the
best a mentee could get their #2.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from organizations.text import join_names


@dataclass(frozen=True)
class RankOutcome:
    """One run's outcome for the mentees who ranked; ``by_rank[0]`` got their #1, and so on."""

    ranked: int
    by_rank: tuple[int, ...]
    other_mentor: int  # ranked, but got a mentor they had not ranked
    left_out: int  # ranked, and no mentor in this run
    not_ranked: int  # in the run without a ranking: matched on score alone

    @property
    def first(self) -> int:
        return self.by_rank[0] if self.by_rank else 0

    def counts(self) -> list[tuple[str, int]]:
        """("#1", 3), ("#2", 1), … down to the last rank anyone got, then the other outcomes."""
        last = max((n for n, count in enumerate(self.by_rank, start=1) if count), default=1)
        rows = [(f"#{n}", self.by_rank[n - 1] if n <= len(self.by_rank) else 0) for n in range(1, last + 1)]
        rows.append(("a mentor they did not rank", self.other_mentor))
        if self.left_out:
            rows.append(("no mentor", self.left_out))
        return rows

    def sentence(self) -> str:
        """ "Of the 4 mentees who ranked, 3 got their #1 and 1 their #2; none got a mentor
        they had not ranked. 2 did not rank." """
        got = [
            f"{count} their {label}" for label, count in self.counts()[:-1] if label.startswith("#") and count
        ]
        if got:
            got[0] = got[0].replace(" their ", " got their ", 1)
        parts = [f"Of the {self.ranked} mentee{'s' if self.ranked != 1 else ''} who ranked, "]
        parts.append(join_names(got) if got else "none got a mentor they ranked")
        other = self.other_mentor
        parts.append(
            f"; {other} got a mentor they had not ranked"
            if other
            else "; none got a mentor they had not ranked"
        )
        if self.left_out:
            parts.append(f"; {self.left_out} got no mentor")
        parts.append(".")
        if self.not_ranked:
            were = "was" if self.not_ranked == 1 else "were"
            parts.append(f" {self.not_ranked} did not rank and {were} matched on the fit alone.")
        return "".join(parts)

    def as_json(self) -> dict:
        return {
            "ranked": self.ranked,
            "by_rank": list(self.by_rank),
            "other_mentor": self.other_mentor,
            "left_out": self.left_out,
            "not_ranked": self.not_ranked,
        }


def rank_outcome(
    pairs: Iterable[tuple[int, int]], ranks: Mapping[int, Sequence[int]], mentees: int
) -> RankOutcome:
    """The outcome of ``pairs`` (mentee, mentor) for the ``ranks`` of the run's ``mentees``."""
    longest = max((len(r) for r in ranks.values()), default=0)
    by_rank = [0] * longest
    other = 0
    matched: set[int] = set()
    for mentee, mentor in pairs:
        ranked = ranks.get(mentee)
        if not ranked:
            continue
        matched.add(mentee)
        if mentor in ranked:
            by_rank[list(ranked).index(mentor)] += 1
        else:
            other += 1
    ranked_count = sum(1 for r in ranks.values() if r)
    return RankOutcome(
        ranked=ranked_count,
        by_rank=tuple(by_rank),
        other_mentor=other,
        left_out=ranked_count - len(matched),
        not_ranked=max(mentees - ranked_count, 0),
    )


def snapshot_ranks(snapshot: Mapping) -> dict[int, list[int]]:
    """The ranks a run kept, keyed by mentee participant id."""
    return {int(mentee): list(mentors) for mentee, mentors in snapshot.get("ranks", {}).items()}


def outcome_of(snapshot: Mapping) -> RankOutcome | None:
    """The outcome a run kept, or ``None`` for a run without ranks (not hybrid, nobody ranked)."""
    figures = snapshot.get("rank_outcome")
    if not figures or not figures.get("ranked"):
        return None
    return RankOutcome(
        ranked=figures["ranked"],
        by_rank=tuple(figures["by_rank"]),
        other_mentor=figures["other_mentor"],
        left_out=figures["left_out"],
        not_ranked=figures["not_ranked"],
    )


def rank_of(ranks: Mapping[int, Sequence[int]]) -> dict[tuple[int, int], int]:
    """(mentee, mentor) → the rank the mentee gave that mentor."""
    return {(mentee, mentor): n for mentee, mentors in ranks.items() for n, mentor in enumerate(mentors, 1)}
