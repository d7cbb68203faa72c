"""Hybrid programs: a mentee's shortlist of mentors and the ranking they send back.

A mentee is offered the ``shortlist_size`` best mentors for them (the engine's
``matching/shortlist.py``: allowed mentors only, best score first, with the reasons) and ranks
any of them, favourite first, until the program's ranking deadline. The next run adds the
ranks to the score; a mentee who did not rank is matched on score alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.models import CohortStatus, Participant, ParticipantStatus
from matching.features import build_features
from matching.inputs import CohortInputs, Person, cohort_inputs
from matching.models import MatchSettings, MenteeRanking, PairMember, PairStatus
from matching.scoring import score_matrix
from matching.shortlist import shortlists
from matching.solver import Constraints
from programs.models import ApplicantRole


@dataclass(frozen=True)
class ShortlistOption:
    """One offered mentor, with their score, its parts and the sentence, and the mentee's rank."""

    mentor: Person
    score: float
    contributions: dict[str, float]
    why: str
    rank: int | None


@dataclass(frozen=True)
class Shortlist:
    """What a mentee sees on their ranking page; ``closed`` says why they cannot rank (or "")."""

    participant: Participant
    match_settings: MatchSettings
    options: list[ShortlistOption]
    closed: str

    @property
    def is_open(self) -> bool:
        return not self.closed

    @property
    def ranked_count(self) -> int:
        return sum(1 for option in self.options if option.rank is not None)


def ranking_closed_reason(participant: Participant, match_settings: MatchSettings, *, now=None) -> str:
    """Why ``participant`` cannot rank now, in words; "" when they can."""
    now = now or timezone.now()
    if not match_settings.is_hybrid:
        return "Your program team matches mentors and mentees themselves in this program."
    if participant.role != ApplicantRole.MENTEE:
        return "Mentees rank their mentors; as a mentor there is nothing for you to rank."
    if participant.status != ParticipantStatus.SELECTED:
        return "You have left the class."
    if participant.cohort.status != CohortStatus.ACTIVE:
        return "Ranking opens when the cohort starts."
    if PairMember.objects.filter(
        participant=participant, left_at__isnull=True, pair__status=PairStatus.ACTIVE
    ).exists():
        return "You have a mentor already: the matches are published."
    deadline = match_settings.ranking_deadline
    if deadline is not None and now > deadline:
        return "The ranking deadline has passed; your program team is matching now."
    return ""


def _shortlist_entries(inputs: CohortInputs, participant: Participant):
    """The engine's shortlist for one mentee, scored against every mentor with a place."""
    index = next((n for n, mentee in enumerate(inputs.mentees) if mentee.pk == participant.pk), None)
    if index is None or not inputs.mentors:
        return ()
    profile = inputs.mentee_profiles[index]
    constraints = inputs.constraints
    if any(mentee_id == profile.id for mentee_id, _ in constraints.pinned):
        return ()  # the program team pinned their mentor
    # Mentors' places after the other mentees' pins, as the whole run would see them.
    capacity = dict(constraints.capacity)
    for _mentee, mentor_id in constraints.pinned:
        capacity[mentor_id] -= 1
    mine = Constraints(
        capacity=capacity,
        default_capacity=0,
        forbidden=[(e, m) for e, m in constraints.forbidden if e == profile.id],
        previous_pairs=constraints.previous_pairs,
        allow_previous_pairs=constraints.allow_previous_pairs,
    )
    features = build_features(
        [profile],
        inputs.mentor_profiles,
        manager_of=inputs.manager_of,
        passion_framework=inputs.passion_framework,
    )
    return shortlists(score_matrix(features, inputs.rules), mine)[profile.id]


def shortlist_for(*, participant: Participant) -> Shortlist:
    """The mentee's shortlist with their current ranks (a read; scores the mentee against every
    mentor with a place, which is a small matrix)."""
    participant = Participant.objects.select_related("cohort__program", "employee").get(pk=participant.pk)
    inputs = cohort_inputs(participant.cohort)
    closed = ranking_closed_reason(participant, inputs.match_settings)
    entries = () if closed else _shortlist_entries(inputs, participant)
    ranks = dict(MenteeRanking.objects.filter(mentee=participant).values_list("mentor_id", "rank"))
    options = [
        ShortlistOption(
            mentor=inputs.participant(entry.mentor_id),
            score=entry.score,
            contributions=entry.contributions,
            why=entry.why,
            rank=ranks.get(inputs.participant(entry.mentor_id).pk),
        )
        for entry in entries
    ]
    return Shortlist(
        participant=participant, match_settings=inputs.match_settings, options=options, closed=closed
    )


@transaction.atomic
def mentee_ranking_submit(*, participant: Participant, actor, mentor_ids: list[int]) -> list[MenteeRanking]:
    """Store the mentee's ranking, favourite first, replacing any earlier one.

    Only the mentee may rank (``PermissionDenied`` otherwise), only mentors on their shortlist,
    each once, before the deadline. An empty list withdraws the ranking: they are then matched
    on score alone.
    """
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("cohort__program", "employee")
        .get(pk=participant.pk)
    )
    if actor is None or participant.employee.user_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the mentee can rank their own shortlist.")
    shortlist = shortlist_for(participant=participant)
    if shortlist.closed:
        raise ValidationError(shortlist.closed)
    if len(set(mentor_ids)) != len(mentor_ids):
        raise ValidationError("Give each mentor one rank; the same mentor is there twice.")
    offered = {option.mentor.pk for option in shortlist.options}
    if set(mentor_ids) - offered:
        raise ValidationError(
            "You can rank only the mentors on your shortlist. Reload the page and try again."
        )
    MenteeRanking.objects.filter(mentee=participant).delete()
    return MenteeRanking.objects.bulk_create(
        [
            MenteeRanking(
                organization_id=participant.organization_id, mentee=participant, mentor_id=pk, rank=rank
            )
            for rank, pk in enumerate(mentor_ids, start=1)
        ]
    )
