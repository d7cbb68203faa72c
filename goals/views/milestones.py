"""Milestones: add, complete (celebrated as a win), reopen, remove; HTMX swaps the row."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from goals import selectors, services
from goals.forms import MilestoneForm
from goals.models import Milestone
from goals.views.common import (
    form_page,
    owned_goal,
    owned_milestone,
    plan_url,
    relations_for,
)
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, post_only


@permission_required(Permission.GOALS_KEEP)
def milestone_create(request, org_slug, goal_pk):
    goal = owned_goal(request, goal_pk)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_create(goal=goal, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Milestone added.")
            return redirect(plan_url(org_slug, goal.plan.member_id, f"goal-{goal.pk}"))
    return form_page(
        request,
        form=form,
        title="Add a milestone",
        member=goal.plan.member,
        goal=goal,
        intro=f"A step towards “{goal.title}”, due by {goal.target_date:%-d %B %Y} at the latest.",
        submit="Add milestone",
    )


def _milestone_response(request, milestone: Milestone, org_slug: str, *, just_completed: bool = False):
    """HTMX swaps the one milestone row and refreshes the plan's numbers; a plain post goes back."""
    member = milestone.goal.plan.member
    if request.htmx:
        view = selectors.goal_plan_view(member, request.user, relations=relations_for(request))
        context = {
            "milestone": milestone,
            "view": view,
            "as_of": view.as_of,
            "just_completed": just_completed,
        }
        return render(request, "goals/_milestone_swap.html", context)
    return redirect(plan_url(org_slug, member.pk, f"goal-{milestone.goal_id}"))


@permission_required(Permission.GOALS_KEEP)
def milestone_complete(request, org_slug, milestone_pk):
    milestone = owned_milestone(request, milestone_pk)
    if refused := post_only(request):
        return refused
    milestone = services.milestone_complete(milestone=milestone, actor=request.user)
    if not request.htmx:
        messages.success(request, f"Milestone done: “{milestone.title}”. That's a win!")
    return _milestone_response(request, milestone, org_slug, just_completed=True)


@permission_required(Permission.GOALS_KEEP)
def milestone_reopen(request, org_slug, milestone_pk):
    milestone = owned_milestone(request, milestone_pk)
    if refused := post_only(request):
        return refused
    milestone = services.milestone_reopen(milestone=milestone, actor=request.user)
    return _milestone_response(request, milestone, org_slug)


@permission_required(Permission.GOALS_KEEP)
def milestone_delete(request, org_slug, milestone_pk):
    milestone = owned_milestone(request, milestone_pk)
    if refused := post_only(request):
        return refused
    services.milestone_delete(milestone=milestone, actor=request.user)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, "Milestone removed.")
    return redirect(plan_url(org_slug, milestone.goal.plan.member_id, f"goal-{milestone.goal_id}"))
