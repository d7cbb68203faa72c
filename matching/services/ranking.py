"""Hybrid programs: a mentee's shortlist of mentors and the ranking they send back.

A mentee is offered the ``shortlist_size`` best mentors for them (the engine's
``matching/shortlist.py``: allowed mentors only, best score first, with the reasons) and ranks
any of them, favourite first, until the program's ranking deadline (when one is set) or until
the class's matches are published. The next run adds the ranks to the score (and, when the
program honours first choices, grants each available first choice first); a mentee who did
not rank is matched on score alone.

Managers see who has ranked and who has not (``ranking_status``) and can remind the latter:
``ranking_reminders_send`` writes one "rank your shortlist" message per mentee per day to the
notification outbox, with the deadline when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from cohorts.models import CohortStatus, Participant, ParticipantStatus
from matching.features import build_features
from matching.inputs import CohortInputs, Person, cohort_inputs, settings_for
from matching.models import MatchRun, MatchSettings, MenteeRanking, PairMember, PairStatus, RunStatus
from matching.scoring import score_matrix
from matching.shortlist import shortlists
from matching.solver import Constraints
from organizations.clock import local_label, organization_today
from organizations.notifications.outbox import Message, notify_count
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
    if MatchRun.objects.filter(cohort_id=participant.cohort_id, status=RunStatus.PUBLISHED).exists():
        return (
            "The matches of your class are published, so ranking is closed. Your program team "
            "is finding you a mentor and will be in touch."
        )
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
    mentor with a place, which is a small matrix). The participant is read again unless its
    cohort (with the program) was read with it."""
    if not Participant.cohort.is_cached(participant):
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


@dataclass(frozen=True)
class RankingEntry:
    participant: Participant
    ranked: int  # mentors ranked
    ranked_at: object  # when, or None


@dataclass(frozen=True)
class RankingStatus:
    """Who of a hybrid class's mentees without a mentor has ranked, and whether ranking is open."""

    match_settings: MatchSettings
    ranked: list[RankingEntry]
    not_ranked: list[RankingEntry]
    closed: str  # why nobody can rank now, or ""

    @property
    def total(self) -> int:
        return len(self.ranked) + len(self.not_ranked)


def _class_closed_reason(cohort, match_settings: MatchSettings, now) -> str:
    if not match_settings.is_hybrid:
        return "This program is manager-matched: mentees do not rank."
    if cohort.status != CohortStatus.ACTIVE:
        return "Ranking opens when the cohort starts."
    if MatchRun.objects.filter(cohort=cohort, status=RunStatus.PUBLISHED).exists():
        return "The matches are published: ranking is closed."
    deadline = match_settings.ranking_deadline
    if deadline is not None and now > deadline:
        return "The ranking deadline has passed."
    return ""


def ranking_status(*, cohort) -> RankingStatus:
    """The class's mentees without a current pair, ranked and not, names first. Three queries."""
    match_settings = settings_for(cohort.program)
    paired = PairMember.objects.filter(
        pair__cohort=cohort, left_at__isnull=True, pair__status=PairStatus.ACTIVE
    ).values("participant_id")
    mentees = (
        Participant.objects.filter(
            cohort=cohort, role=ApplicantRole.MENTEE, status=ParticipantStatus.SELECTED
        )
        .exclude(pk__in=paired)
        .annotate(ranks=Count("mentor_rankings"), last_ranked=Max("mentor_rankings__ranked_at"))
        .select_related("employee")
        .order_by("employee__name", "pk")
    )
    entries = [RankingEntry(p, p.ranks, p.last_ranked) for p in mentees]
    return RankingStatus(
        match_settings=match_settings,
        ranked=[e for e in entries if e.ranked],
        not_ranked=[e for e in entries if not e.ranked],
        closed=_class_closed_reason(cohort, match_settings, timezone.now()),
    )


@transaction.atomic
def ranking_reminders_send(*, cohort, actor, now=None) -> int:
    """Remind every mentee of the class who has not ranked (and has no mentor) to rank their
    shortlist: one message each, at most one a day (key ``rank_shortlist:<participant>:<day>``),
    naming the deadline when there is one. Refused while ranking is closed. Returns how many
    messages were written."""
    now = now or timezone.now()
    status = ranking_status(cohort=cohort)
    if status.closed:
        raise ValidationError(f"No reminder sent: {status.closed[:1].lower()}{status.closed[1:]}")
    organization = cohort.organization
    today = organization_today(organization, now)
    program = cohort.program
    deadline = status.match_settings.ranking_deadline
    link = reverse("matching:shortlist", kwargs={"org_slug": organization.slug, "pk": cohort.pk})
    messages = []
    for entry in status.not_ranked:
        employee = entry.participant.employee
        messages.append(
            Message(
                kind="rank_shortlist",
                key=f"rank_shortlist:{entry.participant.pk}:{today.isoformat()}",
                subject=f"{program.name}: rank your shortlist of mentors",
                context={"name": employee.name, "program": program, "deadline": deadline, "cohort": cohort},
                user=employee.user,
                email="" if employee.user else employee.email,
                employee=employee,
                link=link,
            )
        )
    return notify_count(organization, messages, now=now)


def ranking_saved_words(count: int, match_settings: MatchSettings, organization) -> str:
    """What a mentee reads after saving: the deadline only when there is one."""
    if not count:
        return "Your ranking is cleared: you will be matched on the fit alone."
    saved = f"Thank you: your ranking of {count} mentor{'s' if count != 1 else ''} is saved."
    deadline = match_settings.ranking_deadline
    if deadline is None:
        return f"{saved} You can change it until your program team publishes the pairs."
    return f"{saved} You can change it until {local_label(deadline, organization)}."
