"""The goals app's lines on the overview: a plan with no goals yet, milestones due soon or
overdue (organizations/next_steps.py)."""

import datetime

from django.db.models import Count
from django.urls import reverse

from goals.models import Milestone
from matching.models import PairMember, PairStatus
from organizations.clock import organization_today
from organizations.next_steps import NextStep, Tone, request_memo

DUE_SOON = datetime.timedelta(days=14)


def current_members(request) -> list[PairMember]:
    """The person's current places in active pairs, with their pair's cohort and program and
    their goal count: one query per request, shared with the mentoring year's steps."""

    def read() -> list[PairMember]:
        return list(
            PairMember.objects.filter(
                participant__employee__user=request.user, left_at__isnull=True, pair__status=PairStatus.ACTIVE
            )
            .select_related("pair__cohort__program")
            .annotate(goal_count=Count("goal_plan__goals"))
        )

    return request_memo(request, "goals.current_members", read)


def goal_steps(request) -> list[NextStep]:
    """The person's current pair memberships with their goal counts, and their open
    milestones due within two weeks or overdue: two queries."""
    organization = request.organization
    slug = organization.slug
    today = organization_today(organization)
    members = current_members(request)
    steps = []
    for member in members:
        if not member.goal_count:
            steps.append(
                NextStep(
                    title="Write your goal plan",
                    detail=f"{member.pair.cohort.program.name}: two or three goals, each with how you will "
                    "measure success; your partner helps you keep them.",
                    url=reverse("goals:plan", kwargs={"org_slug": slug, "member_pk": member.pk}),
                    action="Add goals",
                    order=18,
                )
            )
    if not members:
        return steps
    milestones = Milestone.objects.filter(
        goal__plan__member__in=members, completed_at__isnull=True, due_date__lt=today + DUE_SOON
    ).select_related("goal__plan")
    overdue = [m for m in milestones if m.due_date < today]
    soon = [m for m in milestones if m.due_date >= today]
    for group, tone, title in (
        (overdue, Tone.ATTENTION, "overdue"),
        (soon, Tone.TODO, "due in the next two weeks"),
    ):
        if not group:
            continue
        first = min(group, key=lambda m: m.due_date)
        steps.append(
            NextStep(
                title=f"{len(group)} milestone{'s' if len(group) != 1 else ''} {title}",
                detail=f"Next: {first.title} ({first.due_date.day} {first.due_date:%b}).",
                url=reverse("goals:plan", kwargs={"org_slug": slug, "member_pk": first.goal.plan.member_id}),
                action="Update your plan",
                tone=tone,
                order=20,
            )
        )
    return steps
