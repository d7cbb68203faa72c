"""Cohort pages for program managers: choose a varied class, adjust it, start the cohort.

Every object comes through its scoped manager with ``get_object_or_404``, so another
organization's id is a 404, the same answer as an id that does not exist.
"""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Window
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cohorts import charts, selectors, services
from cohorts.forms import CohortCreateForm, CohortStartForm, ParticipantAddForm, SelectionApplyForm
from cohorts.links import cohort_links_for
from cohorts.models import Cohort, CohortStatus, Participant
from cohorts.start import cohort_start_plan
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors
from programs.models import Program
from programs.vocabulary import role_plural


def _role(role: str) -> str:
    if selectors.role_or_none(role) is None:
        raise Http404("No such role")
    return role


def _error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _back(org_slug: str, cohort_pk: int, role: str | None = None):
    response = redirect("cohorts:detail", org_slug=org_slug, pk=cohort_pk)
    if role:
        response["Location"] += f"#{role}s"
    return response


@permission_required(Permission.PROGRAMS_MANAGE)
def cohort_list(request, org_slug):
    return render(
        request,
        "cohorts/cohort_list.html",
        {"cohorts": selectors.cohort_list(), "waiting_programs": selectors.programs_awaiting_a_cohort()},
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def cohort_for_program(request, org_slug, program_pk):
    """The program's class: straight to it if it exists, otherwise a page to start it."""
    program = get_object_or_404(Program, pk=program_pk)
    cohort = selectors.cohort_for_program(program)
    if cohort is not None:
        return _back(org_slug, cohort.pk)
    form = CohortCreateForm(request.POST or None, initial={"name": f"{program.start_date.year} class"})
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(program=program, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"{cohort.name} is ready. Propose a varied class to begin.")
            return _back(org_slug, cohort.pk)
    can_start = program.status in selectors.SELECTABLE_PROGRAM_STATUSES
    return render(
        request, "cohorts/cohort_start.html", {"program": program, "form": form, "can_start": can_start}
    )


def _role_section(cohort: Cohort, role: str) -> dict:
    members = list(selectors.class_members(cohort=cohort, role=role))
    limit = cohort.limit_for(role)
    # The first in line and how many wait, in one query (the count is a window over the whole
    # waitlist, taken before the limit).
    waiting = list(selectors.waitlist(cohort=cohort, role=role).annotate(waiting=Window(Count("id")))[:1])
    return {
        "role": role,
        "label": role_plural(role),
        "members": members,
        "limit": limit,
        "open_places": max(limit - len(members), 0),
        "is_full": len(members) >= limit,
        "pool": list(selectors.accepted_not_selected(cohort=cohort, role=role)),
        "next_waiting": waiting[0] if waiting else None,
        "waitlist_count": waiting[0].waiting if waiting else 0,
        "withdrawals": list(selectors.class_withdrawals(cohort=cohort, role=role)),
    }


@permission_required(Permission.PROGRAMS_MANAGE)
def cohort_detail(request, org_slug, pk):
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
    sections = [_role_section(cohort, role) for role in cohort.program.roles]
    return render(
        request,
        "cohorts/cohort_detail.html",
        {
            "cohort": cohort,
            "sections": sections,
            "selecting": cohort.status == CohortStatus.SELECTING,
            "cohort_links": cohort_links_for(request, cohort),
        },
    )


def _level_label(level) -> str:
    return f"Level {level}"


def _proposal_figures(proposal: services.Proposal) -> dict:
    departments = sorted({a.employee.department for a in proposal.pool})
    levels = sorted({a.employee.level for a in proposal.pool})
    pool_people = [(a.employee.department, a.employee.level) for a in proposal.pool]
    class_people = [(a.employee.department, a.employee.level) for a in proposal.members]
    axes = {"departments": departments, "levels": levels}
    return {
        "pool_table": charts.distribution(pool_people, **axes),
        "class_table": charts.distribution(class_people, **axes),
        "level_labels": [_level_label(level) for level in levels],
        "department_chart": charts.share_chart(
            "Share of people by department",
            departments,
            Counter(d for d, _ in pool_people),
            Counter(d for d, _ in class_people),
        ),
        "level_chart": charts.share_chart(
            "Share of people by level",
            levels,
            Counter(v for _, v in pool_people),
            Counter(v for _, v in class_people),
            label=_level_label,
        ),
    }


@permission_required(Permission.PROGRAMS_MANAGE)
def selection_propose(request, org_slug, pk, role):
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
    role = _role(role)
    replace = request.GET.get("replace") == "1"
    proposal = services.selection_propose(cohort=cohort, role=role, replace=replace)
    kept_ids = {a.pk for a in proposal.kept}
    return render(
        request,
        "cohorts/selection_propose.html",
        {
            "cohort": cohort,
            "role": role,
            "label": role_plural(role),
            "pool_caption": f"All accepted {role_plural(role).lower()}",
            "proposal": proposal,
            "kept_ids": kept_ids,
            "selecting": cohort.status == CohortStatus.SELECTING,
            **_proposal_figures(proposal),
        },
    )


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def selection_apply(request, org_slug, pk, role):
    cohort = get_object_or_404(Cohort, pk=pk)
    role = _role(role)
    form = SelectionApplyForm(request.POST, cohort=cohort, role=role)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return _back(org_slug, cohort.pk, role)
    try:
        added = services.selection_apply(
            cohort=cohort,
            role=role,
            application_ids=[a.pk for a in form.cleaned_data["application_ids"]],
            replace=form.cleaned_data["replace"],
            actor=request.user,
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request, f"The proposed class is in place: {len(added)} {role_plural(role).lower()} added."
        )
    return _back(org_slug, cohort.pk, role)


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def participant_add(request, org_slug, pk, role):
    cohort = get_object_or_404(Cohort, pk=pk)
    role = _role(role)
    form = ParticipantAddForm(request.POST, cohort=cohort, role=role)
    if not form.is_valid():
        for message in form.errors.get("application", ["Choose someone to add."]):
            messages.error(request, message)
        return _back(org_slug, cohort.pk, role)
    application = form.cleaned_data["application"]
    try:
        services.participant_add(cohort=cohort, application=application, actor=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, f"{application.employee.name} is in the class.")
    return _back(org_slug, cohort.pk, role)


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def waitlist_promote(request, org_slug, pk, role):
    cohort = get_object_or_404(Cohort, pk=pk)
    role = _role(role)
    try:
        participant = services.waitlist_promote(cohort=cohort, role=role, actor=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            f"{participant.employee.name} was accepted from the waitlist and joined the class; "
            "they are being told.",
        )
    return _back(org_slug, cohort.pk, role)


def _participant(cohort_pk: int, participant_pk: int) -> Participant:
    return get_object_or_404(
        Participant.objects.select_related("cohort", "employee"),
        pk=participant_pk,
        cohort_id=cohort_pk,
    )


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def participant_remove(request, org_slug, pk, participant_pk):
    participant = _participant(pk, participant_pk)
    try:
        services.participant_remove(participant=participant, actor=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, f"{participant.employee.name} is back among the accepted applicants.")
    return _back(org_slug, pk, participant.role)


@permission_required(Permission.PROGRAMS_MANAGE)
@require_POST
def participant_withdraw(request, org_slug, pk, participant_pk):
    participant = _participant(pk, participant_pk)
    try:
        services.participant_withdraw(participant=participant, actor=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            f"{participant.employee.name} has withdrawn. Their place is open: promote the next person "
            "from the waitlist, or add someone by hand.",
        )
    return _back(org_slug, pk, participant.role)


@permission_required(Permission.PROGRAMS_MANAGE)
def cohort_activate(request, org_slug, pk):
    """ "Start the cohort": GET shows what will happen (``cohorts/start.py``), POST does it."""
    cohort = get_object_or_404(Cohort.objects.select_related("program__organization"), pk=pk)
    if cohort.status != CohortStatus.SELECTING:
        return _back(org_slug, cohort.pk)
    plan = cohort_start_plan(cohort)
    data = request.POST if request.method == "POST" else None
    form = CohortStartForm(data, offer_early_close=plan.closes_applications_early)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_activate(
                cohort=cohort,
                actor=request.user,
                close_applications_early=form.cleaned_data.get("close_applications_early", False),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                f"{cohort.name} has started and {cohort.program.name} is now active. "
                f"{plan.placed_total} placed and {plan.waitlisted_total} waitlisted are being told.",
            )
            return _back(org_slug, cohort.pk)
    return render(request, "cohorts/cohort_activate.html", {"cohort": cohort, "plan": plan, "form": form})
