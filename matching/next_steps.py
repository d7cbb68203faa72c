"""The matching app's lines on the overview: cohorts to match, draft runs to publish, rematch
requests to answer (organizations/next_steps.py)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from cohorts.models import CohortStatus, Participant, ParticipantStatus
from cohorts.next_steps import (
    own_participations,
    register_cohort_figures,
    register_participation_figures,
    running_cohorts,
)
from matching.models import MatchRun, Pair, PairMember, PairStatus, RematchRequest, RematchStatus, RunStatus
from organizations.next_steps import NextStep, Tone
from organizations.subquery_count import SubqueryCount


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _in_a_pair() -> Exists:
    return Exists(
        PairMember.objects.filter(
            participant=OuterRef("pk"), left_at__isnull=True, pair__status=PairStatus.ACTIVE
        )
    )


def _figures() -> dict:
    """The counts per cohort the manager's steps read, read with the running cohorts
    (cohorts/next_steps.py): draft runs, active pairs, open rematch requests, and people
    selected but not in a pair."""
    cohort = OuterRef("pk")
    return {
        "matching_drafts": lambda request, now: SubqueryCount(
            MatchRun.objects.filter(cohort=cohort, status=RunStatus.DRAFT)
        ),
        "matching_active_pairs": lambda request, now: SubqueryCount(
            Pair.objects.filter(cohort=cohort, status=PairStatus.ACTIVE)
        ),
        "matching_open_requests": lambda request, now: SubqueryCount(
            RematchRequest.objects.filter(cohort=cohort, status=RematchStatus.OPEN)
        ),
        "matching_waiting": lambda request, now: SubqueryCount(
            Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED).exclude(_in_a_pair())
        ),
    }


def register_figures() -> None:
    register_cohort_figures(**_figures())
    register_participation_figures(matching_in_a_pair=_in_a_pair)


def matching_manager_steps(request) -> list[NextStep]:
    """No query of its own: the active cohorts with their draft runs, pairs, open rematch
    requests and people selected but not in a pair counted are the running cohorts read once
    for the overview (cohorts/next_steps.py)."""
    slug = request.organization.slug
    cohorts = [cohort for cohort in running_cohorts(request) if cohort.status == CohortStatus.ACTIVE]
    steps = []
    for cohort in cohorts:
        url = reverse("matching:cohort", kwargs={"org_slug": slug, "pk": cohort.pk})
        name = cohort.program.name
        if cohort.matching_open_requests:
            steps.append(
                NextStep(
                    title=_count(cohort.matching_open_requests, "rematch request") + " to answer",
                    detail=f"{name}: someone asked for a new match.",
                    url=reverse("matching:rematch_requests", kwargs={"org_slug": slug, "pk": cohort.pk}),
                    action="Answer",
                    tone=Tone.ATTENTION,
                    order=5,
                )
            )
        unpaired = cohort.matching_waiting
        if cohort.matching_active_pairs and not unpaired:
            continue
        if cohort.matching_active_pairs:
            steps.append(
                NextStep(
                    title=f"{unpaired} {'person' if unpaired == 1 else 'people'} waiting to be matched",
                    detail=f"{name}: they joined the class after the pairs were published"
                    + ("; a draft run is ready." if cohort.matching_drafts else "; run matching for them."),
                    url=url,
                    action="Match them",
                    order=28,
                )
            )
        elif cohort.matching_drafts:
            steps.append(
                NextStep(
                    title="A match run is waiting to be published",
                    detail=f"{name}: review the pairs and publish them; nobody is told until you do.",
                    url=url,
                    action="Review and publish",
                    order=30,
                )
            )
        else:
            steps.append(
                NextStep(
                    title="Run matching",
                    detail=f"{name}: the class is set; pair mentees with mentors from other departments.",
                    url=url,
                    action="Run matching",
                    order=30,
                )
            )
    return steps


def participant_steps(request) -> list[NextStep]:
    """The person's places in active classes that have no pair yet: no query of its own, the
    places are the person's own read once for the overview (cohorts/next_steps.py), in the
    participants' own order."""
    slug = request.organization.slug
    waiting = sorted(
        (
            participant
            for participant in own_participations(request)
            if participant.cohort.status == CohortStatus.ACTIVE and not participant.matching_in_a_pair
        ),
        key=lambda participant: (
            participant.cohort_id,
            participant.role,
            participant.added_at,
            participant.pk,
        ),
    )
    return [
        NextStep(
            title="You are in the class: your match is being prepared",
            detail=f"{participant.cohort.program.name}: the program team pairs you with someone from another "
            "department; you will get a message when it is published.",
            url=reverse("matching:mine", kwargs={"org_slug": slug}),
            action="See your matches",
            tone=Tone.NEXT,
            order=35,
        )
        for participant in waiting
    ]
