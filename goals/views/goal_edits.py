"""Adding, editing and removing goals, and dated progress check-ins on them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse

from goals import services
from goals.forms import CheckInForm, GoalForm
from goals.views.common import (
    form_page,
    owned_goal,
    owned_member,
    plan_url,
)
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, post_only


@permission_required(Permission.GOALS_KEEP)
def goal_create(request, org_slug, member_pk):
    member = owned_member(request, member_pk)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(member=member, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Goal added. Break it into a milestone or two next.")
            return redirect(plan_url(org_slug, member.pk, f"goal-{goal.pk}"))
    return form_page(
        request,
        form=form,
        title="Add a goal",
        member=member,
        intro="A good goal says what you want to be able to do, by when, and how you will know you "
        "got there.",
        submit="Add goal",
    )


@permission_required(Permission.GOALS_KEEP)
def goal_edit(request, org_slug, goal_pk):
    goal = owned_goal(request, goal_pk)
    fields = ("title", "category", "description", "success_measure", "target_date", "status")
    form = GoalForm(request.POST or None, initial={name: getattr(goal, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(goal=goal, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Goal saved.")
            return redirect(plan_url(org_slug, goal.plan.member_id, f"goal-{goal.pk}"))
    return form_page(
        request,
        form=form,
        title="Edit goal",
        member=goal.plan.member,
        goal=goal,
        delete_url=reverse("goals:goal_delete", kwargs={"org_slug": org_slug, "goal_pk": goal.pk}),
    )


@permission_required(Permission.GOALS_KEEP)
def goal_delete(request, org_slug, goal_pk):
    goal = owned_goal(request, goal_pk)
    if refused := post_only(request):
        return refused
    services.goal_delete(goal=goal, actor=request.user)
    messages.success(request, "Goal removed, with its milestones and check-ins.")
    return redirect(plan_url(org_slug, goal.plan.member_id))


@permission_required(Permission.GOALS_KEEP)
def check_in_create(request, org_slug, goal_pk):
    goal = owned_goal(request, goal_pk)
    form = CheckInForm(request.POST or None, initial={"status": goal.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_check_in(goal=goal, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Check-in saved.")
            return redirect(plan_url(org_slug, goal.plan.member_id, f"goal-{goal.pk}"))
    return form_page(
        request,
        form=form,
        title="Check in",
        member=goal.plan.member,
        goal=goal,
        intro=f"How is “{goal.title}” going? A few words now make the next conversation with your "
        "partner easier.",
        submit="Save check-in",
    )
