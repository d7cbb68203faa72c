"""Goal plan pages, under /o/<org_slug>/goals/, and the outside partner's page.

Who reads a plan is decided per plan (``goals/access.py``): someone who may not read it gets
a 404, the same answer as for a plan that does not exist (another pair in the cohort, a
manager, HR). A partner who may read a plan but tries to change it gets a 403 from the
service, which is where "only the owner writes" is kept.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from cohorts.models import Cohort, CohortStatus
from goals import selectors, services
from goals.access import PlanAccess, can_edit, viewer_relations
from goals.forms import CheckInForm, GoalForm, MilestoneForm, PartnerForm
from goals.models import Goal, Milestone, PartnerKind
from matching.models import PairMember
from organizations.roles import Permission
from organizations.tenancy import organization_scope, permission_required
from organizations.view_helpers import add_form_errors, post_only


def _readable(request: HttpRequest, member: PairMember) -> PlanAccess:
    """The viewer's access to ``member``'s plan; 404 when they may not read it."""
    access = viewer_relations(request.user).access(member)
    if not access.reads_text:
        raise Http404("No such goal plan")
    return access


def _check_owner(request: HttpRequest, member: PairMember) -> None:
    """404 for people who may not read the plan; 403 for partners, who read but do not write.

    The services refuse the same people again; checking here too means a partner is never
    shown a form they could not submit.
    """
    if not can_edit(member, _readable(request, member)):
        raise PermissionDenied("Only the owner of a goal plan can change it, while their pair is active.")


MEMBER_RELATED = ("pair__cohort__program", "participant__employee")


def _owned_member(request: HttpRequest, member_pk: int) -> PairMember:
    member = get_object_or_404(PairMember.objects.select_related(*MEMBER_RELATED), pk=member_pk)
    _check_owner(request, member)
    return member


def _owned_goal(request: HttpRequest, goal_pk: int) -> Goal:
    goal = get_object_or_404(
        Goal.objects.select_related(*(f"plan__member__{path}" for path in MEMBER_RELATED)), pk=goal_pk
    )
    _check_owner(request, goal.plan.member)
    return goal


def _owned_milestone(request: HttpRequest, milestone_pk: int) -> Milestone:
    milestone = get_object_or_404(
        Milestone.objects.select_related(
            *(f"goal__plan__member__{path}" for path in MEMBER_RELATED), "completed_by"
        ),
        pk=milestone_pk,
    )
    _check_owner(request, milestone.goal.plan.member)
    return milestone


def _plan_url(org_slug: str, member_pk: int, anchor: str = "") -> str:
    url = reverse("goals:plan", kwargs={"org_slug": org_slug, "member_pk": member_pk})
    return f"{url}#{anchor}" if anchor else url


def _form_page(
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
            "back_url": _plan_url(request.organization.slug, member.pk, f"goal-{goal.pk}" if goal else ""),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@permission_required(Permission.GOALS_KEEP)
def home(request, org_slug):
    """The person's goal plans, their partners', and (for managers) goal progress by cohort."""
    cohorts = []
    if request.membership.can(Permission.PROGRAMS_MANAGE):
        cohorts = list(
            Cohort.objects.filter(status=CohortStatus.ACTIVE)
            .select_related("program")
            .order_by("-created_at", "id")
        )
    return render(
        request, "goals/home.html", {"mine": selectors.goal_plans_of_user(request.user), "cohorts": cohorts}
    )


@permission_required(Permission.GOALS_KEEP)
def plan(request, org_slug, member_pk):
    """One person's plan: editable for its owner, read-only for partners; 404 for anyone else."""
    member = get_object_or_404(PairMember.objects.select_related(*MEMBER_RELATED), pk=member_pk)
    view = selectors.goal_plan_view(member, request.user)
    if view is None:
        raise Http404("No such goal plan")
    return render(
        request,
        "goals/plan.html",
        {
            "view": view,
            "member": member,
            "pair": member.pair,
            "milestone_form": MilestoneForm(),
            "check_in_form": CheckInForm(),
        },
    )


@permission_required(Permission.GOALS_KEEP)
def goal_create(request, org_slug, member_pk):
    member = _owned_member(request, member_pk)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(member=member, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Goal added. Break it into a milestone or two next.")
            return redirect(_plan_url(org_slug, member.pk, f"goal-{goal.pk}"))
    return _form_page(
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
    goal = _owned_goal(request, goal_pk)
    fields = ("title", "category", "description", "success_measure", "target_date", "status")
    form = GoalForm(request.POST or None, initial={name: getattr(goal, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(goal=goal, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Goal saved.")
            return redirect(_plan_url(org_slug, goal.plan.member_id, f"goal-{goal.pk}"))
    return _form_page(
        request,
        form=form,
        title="Edit goal",
        member=goal.plan.member,
        goal=goal,
        delete_url=reverse("goals:goal_delete", kwargs={"org_slug": org_slug, "goal_pk": goal.pk}),
    )


@permission_required(Permission.GOALS_KEEP)
def goal_delete(request, org_slug, goal_pk):
    goal = _owned_goal(request, goal_pk)
    if refused := post_only(request):
        return refused
    services.goal_delete(goal=goal, actor=request.user)
    messages.success(request, "Goal removed, with its milestones and check-ins.")
    return redirect(_plan_url(org_slug, goal.plan.member_id))


@permission_required(Permission.GOALS_KEEP)
def milestone_create(request, org_slug, goal_pk):
    goal = _owned_goal(request, goal_pk)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_create(goal=goal, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Milestone added.")
            return redirect(_plan_url(org_slug, goal.plan.member_id, f"goal-{goal.pk}"))
    return _form_page(
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
        view = selectors.goal_plan_view(member, request.user)
        context = {
            "milestone": milestone,
            "view": view,
            "as_of": view.as_of,
            "just_completed": just_completed,
        }
        return render(request, "goals/_milestone_swap.html", context)
    return redirect(_plan_url(org_slug, member.pk, f"goal-{milestone.goal_id}"))


@permission_required(Permission.GOALS_KEEP)
def milestone_complete(request, org_slug, milestone_pk):
    milestone = _owned_milestone(request, milestone_pk)
    if refused := post_only(request):
        return refused
    milestone = services.milestone_complete(milestone=milestone, actor=request.user)
    if not request.htmx:
        messages.success(request, f"Milestone done: “{milestone.title}”. That's a win!")
    return _milestone_response(request, milestone, org_slug, just_completed=True)


@permission_required(Permission.GOALS_KEEP)
def milestone_reopen(request, org_slug, milestone_pk):
    milestone = _owned_milestone(request, milestone_pk)
    if refused := post_only(request):
        return refused
    milestone = services.milestone_reopen(milestone=milestone, actor=request.user)
    return _milestone_response(request, milestone, org_slug)


@permission_required(Permission.GOALS_KEEP)
def milestone_delete(request, org_slug, milestone_pk):
    milestone = _owned_milestone(request, milestone_pk)
    if refused := post_only(request):
        return refused
    services.milestone_delete(milestone=milestone, actor=request.user)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, "Milestone removed.")
    return redirect(_plan_url(org_slug, milestone.goal.plan.member_id, f"goal-{milestone.goal_id}"))


@permission_required(Permission.GOALS_KEEP)
def check_in_create(request, org_slug, goal_pk):
    goal = _owned_goal(request, goal_pk)
    form = CheckInForm(request.POST or None, initial={"status": goal.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_check_in(goal=goal, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Check-in saved.")
            return redirect(_plan_url(org_slug, goal.plan.member_id, f"goal-{goal.pk}"))
    return _form_page(
        request,
        form=form,
        title="Check in",
        member=goal.plan.member,
        goal=goal,
        intro=f"How is “{goal.title}” going? A few words now make the next conversation with your "
        "partner easier.",
        submit="Save check-in",
    )


@permission_required(Permission.GOALS_KEEP)
def partner(request, org_slug, member_pk):
    """Choose the accountability partner: the pair partner, a colleague, or someone outside."""
    member = _owned_member(request, member_pk)
    view = selectors.goal_plan_view(member, request.user)
    current = view.partner
    initial = {"kind": current.kind if current else PartnerKind.PAIR_PARTNER}
    if current is not None:
        initial.update(user=current.user_id, name=current.name, email=current.email)
    form = PartnerForm(
        request.POST or None, initial=initial, organization=request.organization, owner=request.user
    )
    context = {"view": view, "member": member, "form": form, "new_link": ""}
    if request.method == "POST" and form.is_valid():
        try:
            chosen, raw_token = services.accountability_partner_set(
                member=member, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            if not raw_token:
                messages.success(request, "Accountability partner saved.")
                return redirect(_plan_url(org_slug, member.pk, "partner"))
            # The raw link exists only now: show it once on this page (never in a stored message).
            context.update(
                view=selectors.goal_plan_view(member, request.user),
                new_link=services.partner_link_url(raw_token),
            )
            context["form"] = PartnerForm(
                initial={"kind": chosen.kind, "name": chosen.name, "email": chosen.email},
                organization=request.organization,
                owner=request.user,
            )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "goals/partner.html", context, status=status)


@permission_required(Permission.GOALS_KEEP)
def partner_link_revoke(request, org_slug, member_pk):
    member = _owned_member(request, member_pk)
    if refused := post_only(request):
        return refused
    try:
        chosen = services.accountability_link_revoke(member=member, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, f"The link of {chosen.name} no longer works.")
    return redirect(_plan_url(org_slug, member.pk, "partner"))


@permission_required(Permission.GOALS_KEEP)
def partner_link_renew(request, org_slug, member_pk):
    member = _owned_member(request, member_pk)
    if refused := post_only(request):
        return refused
    try:
        chosen, raw_token = services.accountability_link_renew(member=member, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(_plan_url(org_slug, member.pk, "partner"))
    view = selectors.goal_plan_view(member, request.user)
    form = PartnerForm(
        initial={"kind": chosen.kind, "name": chosen.name, "email": chosen.email},
        organization=request.organization,
        owner=request.user,
    )
    return render(
        request,
        "goals/partner.html",
        {"view": view, "member": member, "form": form, "new_link": services.partner_link_url(raw_token)},
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def cohort_progress(request, org_slug, cohort_pk):
    """Managers: each person's goal numbers in a cohort — counts, statuses, dates; never the words."""
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=cohort_pk)
    rows = selectors.cohort_member_progress(cohort)
    return render(request, "goals/cohort_progress.html", {"cohort": cohort, "rows": rows})


@never_cache
def shared_plan(request, token):
    """The outside accountability partner's read-only page, reached by the secret link only.

    Public (no sign-in, not under /o/): the token is the key. It shows one plan and nothing
    else of the organization, and says plainly when the link expired or was revoked.
    """
    chosen = services.accountability_partner_for_token_across_organizations(token)
    if chosen is None:
        response = render(request, "goals/shared_unusable.html", {"status": "unknown"}, status=404)
    elif chosen.link_status != "active":
        response = render(
            request,
            "goals/shared_unusable.html",
            {
                "status": chosen.link_status,
                "partner": chosen,
                "owner_name": chosen.plan.member.participant.employee.name,
            },
            status=410,
        )
    else:
        with organization_scope(chosen.organization):
            view = selectors.goal_plan_for_outside_partner(chosen)
            response = render(
                request,
                "goals/shared_plan.html",
                {"view": view, "partner": chosen, "plan_organization": chosen.organization},
            )
    # The token is in the URL: keep it out of Referer headers and search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
