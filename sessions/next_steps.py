"""The mentoring year's lines on the overview: pairs at risk or stalled and sessions to plan
for managers; check-ins to answer, the next meeting and session for participants
(organizations/next_steps.py)."""

import datetime

from django.db.models import Count, OuterRef
from django.urls import reverse
from django.utils import timezone

from cohorts.models import CohortStatus
from cohorts.next_steps import register_cohort_figures, running_cohorts
from goals.next_steps import current_members
from organizations.clock import local_label, organization_today
from organizations.next_steps import NextStep, Tone
from organizations.subquery_count import SubqueryCount
from sessions.health import HealthStatus
from sessions.models import CheckIn, LearningSession, Meeting, MeetingStatus
from sessions.selectors import audience_filter
from sessions.stored_facts import ensure_fresh, stored_rows

COMING_UP = datetime.timedelta(days=14)


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def register_figures() -> None:
    """The learning sessions counted per cohort, read with the running cohorts
    (cohorts/next_steps.py): coming in the next two weeks, and any planned from now on."""

    def sessions_from(now):
        return LearningSession.objects.filter(cohort=OuterRef("pk"), starts_at__gte=now)

    register_cohort_figures(
        mentoring_upcoming=lambda request, now: SubqueryCount(
            sessions_from(now).filter(starts_at__lt=now + COMING_UP)
        ),
        mentoring_planned=lambda request, now: SubqueryCount(sessions_from(now)),
    )


def mentoring_manager_steps(request) -> list[NextStep]:
    """Per active cohort with pairs: the pairs at risk or stalled (the pair overview's own
    health, read from its stored pair facts), and, once pairs are published, learning sessions
    coming up or none planned. One query when the stored facts are fresh: their freshness,
    which counts their health per cohort too; the cohorts with their sessions counted are the
    running cohorts read once for the overview (cohorts/next_steps.py). A cohort refreshed here
    has its health read again, in one more query."""
    slug = request.organization.slug
    now = timezone.now()
    cohorts = [cohort for cohort in running_cohorts(request) if cohort.status == CohortStatus.ACTIVE]
    # The stored rows are the active pairs' (ensure_fresh adds the missing ones), so their
    # count per cohort is its active pairs, and their health the overview's. ensure_fresh
    # counts them already for the cohorts that were fresh; only the refreshed are read again.
    figures = ensure_fresh(cohorts, now)
    health: dict[int, dict[str, int]] = {
        cohort_id: {status: counts[status] for status in HealthStatus.values}
        for cohort_id, counts in figures.items()
        if counts["total"]
    }
    refreshed = [cohort for cohort in cohorts if cohort.pk not in figures]
    for cohort_id, status, count in (
        (
            stored_rows(refreshed)
            .order_by()
            .values("cohort_id", "health_status")
            .annotate(count=Count("pk"))
            .values_list("cohort_id", "health_status", "count")
        )
        if refreshed
        else []
    ):
        health.setdefault(cohort_id, dict.fromkeys(HealthStatus.values, 0))[status] += count
    cohorts = [cohort for cohort in cohorts if cohort.pk in health]
    steps = []
    for cohort in cohorts:
        name = cohort.program.name
        counts = health[cohort.pk]
        worrying = counts[HealthStatus.AT_RISK] + counts[HealthStatus.STALLED]
        if worrying:
            parts = []
            if counts[HealthStatus.STALLED]:
                parts.append(f"{counts[HealthStatus.STALLED]} stalled")
            if counts[HealthStatus.AT_RISK]:
                parts.append(f"{counts[HealthStatus.AT_RISK]} at risk")
            steps.append(
                NextStep(
                    title=f"{_count(worrying, 'pair')} {'needs' if worrying == 1 else 'need'} attention",
                    detail=f"{name}: {' and '.join(parts)}.",
                    url=reverse("mentoring:overview", kwargs={"org_slug": slug, "pk": cohort.pk}),
                    action="See the pairs",
                    tone=Tone.ATTENTION,
                    order=8,
                )
            )
        sessions_url = reverse("mentoring:sessions", kwargs={"org_slug": slug, "pk": cohort.pk})
        if cohort.mentoring_upcoming:
            steps.append(
                NextStep(
                    title=f"{_count(cohort.mentoring_upcoming, 'learning session')} in the next two weeks",
                    detail=f"{name}: check the materials and the discussion guide mentors will reinforce.",
                    url=sessions_url,
                    action="Prepare",
                    tone=Tone.NEXT,
                    order=60,
                )
            )
        elif not cohort.mentoring_planned:
            steps.append(
                NextStep(
                    title="Plan the next learning session",
                    detail=f"{name}: pairs are meeting and no session is scheduled.",
                    url=sessions_url,
                    action="Schedule one",
                    tone=Tone.NEXT,
                    order=60,
                )
            )
    return steps


def participant_steps(request) -> list[NextStep]:
    """Check-ins waiting for the person's answer, their next meeting (or a first one to plan),
    and the next learning session of their cohorts: four queries (the memberships shared with
    the goal steps, read once a request)."""
    organization = request.organization
    slug = organization.slug
    now = timezone.now()
    members = current_members(request)
    if not members:
        return []
    steps = []
    for checkin in CheckIn.objects.filter(
        member__in=members, answered_at__isnull=True, due_on__lte=organization_today(organization, now)
    ):
        steps.append(
            NextStep(
                title="A check-in is waiting for your answer",
                detail="Two minutes, private to the program team: how is the relationship going?",
                url=reverse("mentoring:checkin", kwargs={"org_slug": slug, "pk": checkin.pair_id}),
                action="Answer",
                tone=Tone.ATTENTION,
                order=12,
            )
        )
    pair_ids = [member.pair_id for member in members]
    next_meetings = {}
    for meeting in Meeting.objects.filter(
        pair_id__in=pair_ids, status=MeetingStatus.SCHEDULED, starts_at__gte=now
    ).order_by("starts_at"):
        next_meetings.setdefault(meeting.pair_id, meeting)
    met = set(
        Meeting.objects.filter(pair_id__in=pair_ids, status=MeetingStatus.HAPPENED).values_list(
            "pair_id", flat=True
        )
    )
    for member in members:
        pair_url = reverse("mentoring:pair", kwargs={"org_slug": slug, "pk": member.pair_id})
        meeting = next_meetings.get(member.pair_id)
        if meeting is not None:
            steps.append(
                NextStep(
                    title="Your next meeting",
                    detail=local_label(meeting.starts_at, organization),
                    url=reverse("mentoring:meeting", kwargs={"org_slug": slug, "pk": meeting.pk}),
                    action="Prepare",
                    tone=Tone.NEXT,
                    order=40,
                )
            )
        elif member.pair_id not in met:
            steps.append(
                NextStep(
                    title="Plan your first meeting",
                    detail=f"{member.pair.cohort.program.name}: agree a time with your partner "
                    "and put it in the pair space.",
                    url=pair_url,
                    action="Plan it",
                    order=15,
                )
            )
    cohort_ids = {member.pair.cohort_id for member in members}
    session = (
        LearningSession.objects.filter(
            audience_filter(request.user), cohort_id__in=cohort_ids, starts_at__gte=now
        )
        .order_by("starts_at")
        .first()
    )
    if session is not None:
        steps.append(
            NextStep(
                title=f"Learning session: {session.title}",
                detail=local_label(session.starts_at, organization),
                url=reverse("mentoring:session", kwargs={"org_slug": slug, "pk": session.pk}),
                action="See the session",
                tone=Tone.NEXT,
                order=45,
            )
        )
    return steps
