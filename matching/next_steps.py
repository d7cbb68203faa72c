"""The matching app's lines on the overview: cohorts to match, draft runs to publish, rematch
requests to answer (organizations/next_steps.py)."""

from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from matching.models import PairMember, PairStatus, RematchStatus, RunStatus
from organizations.next_steps import NextStep, Tone


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _in_a_pair() -> Exists:
    return Exists(
        PairMember.objects.filter(
            participant=OuterRef("pk"), left_at__isnull=True, pair__status=PairStatus.ACTIVE
        )
    )


def matching_manager_steps(request) -> list[NextStep]:
    """Two queries: the active cohorts with their draft runs, pairs, open rematch requests and
    people selected but not in a pair counted."""
    slug = request.organization.slug
    cohorts = (
        Cohort.objects.filter(status=CohortStatus.ACTIVE)
        .select_related("program")
        .annotate(
            drafts=Count("match_runs", filter=Q(match_runs__status=RunStatus.DRAFT), distinct=True),
            published=Count("match_runs", filter=Q(match_runs__status=RunStatus.PUBLISHED), distinct=True),
            active_pairs=Count("pairs", filter=Q(pairs__status=PairStatus.ACTIVE), distinct=True),
            open_requests=Count(
                "rematch_requests", filter=Q(rematch_requests__status=RematchStatus.OPEN), distinct=True
            ),
        )
        .order_by("created_at", "pk")
    )
    waiting = Counter(
        Participant.objects.filter(cohort__status=CohortStatus.ACTIVE, status=ParticipantStatus.SELECTED)
        .exclude(_in_a_pair())
        .values_list("cohort_id", flat=True)
    )
    steps = []
    for cohort in cohorts:
        url = reverse("matching:cohort", kwargs={"org_slug": slug, "pk": cohort.pk})
        name = cohort.program.name
        if cohort.open_requests:
            steps.append(
                NextStep(
                    title=_count(cohort.open_requests, "rematch request") + " to answer",
                    detail=f"{name}: someone asked for a new match.",
                    url=reverse("matching:rematch_requests", kwargs={"org_slug": slug, "pk": cohort.pk}),
                    action="Answer",
                    tone=Tone.ATTENTION,
                    order=5,
                )
            )
        unpaired = waiting.get(cohort.pk, 0)
        if cohort.active_pairs and not unpaired:
            continue
        if cohort.active_pairs:
            steps.append(
                NextStep(
                    title=f"{unpaired} {'person' if unpaired == 1 else 'people'} waiting to be matched",
                    detail=f"{name}: they joined the class after the pairs were published"
                    + ("; a draft run is ready." if cohort.drafts else "; run matching for them."),
                    url=url,
                    action="Match them",
                    order=28,
                )
            )
        elif cohort.drafts:
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
    """The person's places in active classes that have no pair yet (one query)."""
    slug = request.organization.slug
    waiting = (
        Participant.objects.filter(
            employee__user=request.user, cohort__status=CohortStatus.ACTIVE, status=ParticipantStatus.SELECTED
        )
        .exclude(_in_a_pair())
        .select_related("cohort__program")
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
