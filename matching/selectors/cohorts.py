"""Reads of a class as matching sees it: the cohorts to match, their figures, runs, pins,
never-pairs and rematch requests (managers only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from matching.inputs import cohort_memberships
from matching.models import (
    ForbiddenPair,
    MatchRun,
    MemberRole,
    MenteeRanking,
    PairStatus,
    PinnedPair,
    RematchRequest,
    RematchStatus,
)
from programs.models import ApplicantRole


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


def class_figures(cohort: Cohort, *, memberships=None) -> ClassFigures:
    """How many are in the class, how many have a complete trust profile, a pair, a ranking.

    ``memberships`` are ``matching.inputs.cohort_memberships(cohort)`` when the caller has read
    them (the matching page reads them once for these figures and the places warning)."""
    figures = ClassFigures()
    participants = Participant.objects.filter(
        cohort=cohort, status=ParticipantStatus.SELECTED
    ).select_related("trust_profile")
    for participant in participants:
        figures.people += 1
        if participant.role == ApplicantRole.MENTOR:
            figures.mentors += 1
        else:  # mentees, and peers: the people each run places
            figures.mentees += 1
        if _has_profile(participant) and participant.trust_profile.is_complete:
            figures.profiles_complete += 1
    if memberships is None:
        memberships = cohort_memberships(cohort)
    figures.paired = sum(1 for _, _, role, current in memberships if current and role != MemberRole.MENTOR)
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


def rematch_requests_for_cohort(cohort: Cohort) -> list[RematchRequest]:
    """Managers only: every request of the cohort, open first, with who asked and their pair."""
    return list(
        RematchRequest.objects.filter(cohort=cohort)
        .select_related("participant__employee", "resolved_by", "pair")
        .prefetch_related("pair__members__participant__employee")
        .order_by("-status", "-created_at")
    )
