"""What every goal page shares: who may read or change a plan, and the objects a URL names
(404 when missing or not the viewer's)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from goals.access import PlanAccess, ViewerRelations, can_edit, viewer_relations
from goals.models import Goal, Milestone
from matching.models import PairMember


def relations_for(request: HttpRequest) -> ViewerRelations:
    """What the signed-in person is to goal plans, read once per request (the access check and
    the plan's page both ask)."""
    if not hasattr(request, "_goal_plan_relations"):
        request._goal_plan_relations = viewer_relations(request.user)
    return request._goal_plan_relations


def readable_access(request: HttpRequest, member: PairMember) -> PlanAccess:
    """The viewer's access to ``member``'s plan; 404 when they may not read it."""
    access = relations_for(request).access(member)
    if not access.reads_text:
        raise Http404("No such goal plan")
    return access


def check_owner(request: HttpRequest, member: PairMember) -> None:
    """404 for people who may not read the plan; 403 for partners, who read but do not write.

    The services refuse the same people again; checking here too means a partner is never
    shown a form they could not submit.
    """
    if not can_edit(member, readable_access(request, member)):
        raise PermissionDenied("Only the owner of a goal plan can change it, while their pair is active.")


MEMBER_RELATED = ("pair__cohort__program", "participant__employee")


def owned_member(request: HttpRequest, member_pk: int) -> PairMember:
    member = get_object_or_404(PairMember.objects.select_related(*MEMBER_RELATED), pk=member_pk)
    check_owner(request, member)
    return member


def owned_goal(request: HttpRequest, goal_pk: int) -> Goal:
    goal = get_object_or_404(
        Goal.objects.select_related(*(f"plan__member__{path}" for path in MEMBER_RELATED)), pk=goal_pk
    )
    check_owner(request, goal.plan.member)
    return goal


def owned_milestone(request: HttpRequest, milestone_pk: int) -> Milestone:
    milestone = get_object_or_404(
        Milestone.objects.select_related(
            *(f"goal__plan__member__{path}" for path in MEMBER_RELATED), "completed_by"
        ),
        pk=milestone_pk,
    )
    check_owner(request, milestone.goal.plan.member)
    return milestone


def plan_url(org_slug: str, member_pk: int, anchor: str = "") -> str:
    url = reverse("goals:plan", kwargs={"org_slug": org_slug, "member_pk": member_pk})
    return f"{url}#{anchor}" if anchor else url


def form_page(
    request,
    *,
    form,
    title: str,
    member: PairMember,
    goal: Goal | None = None,
    intro: str = "",
    submit: str = "Save",
    delete_url: str = "",
):
    """A form on a page of its own: first entry, or a second try after an error (status 400)."""
    return render(
        request,
        "goals/form_page.html",
        {
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
            "member": member,
            "goal": goal,
            "delete_url": delete_url,
            "back_url": plan_url(request.organization.slug, member.pk, f"goal-{goal.pk}" if goal else ""),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
