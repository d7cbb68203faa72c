"""Members: the programs open to them, one page per program to apply, and their applications.

A member reaches their own application only through the program (``programs/<pk>/``): no URL
names an application, so nobody can address someone else's.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, message_errors, post_only
from programs.eligibility import EligibilityContext, describe_rule
from programs.forms import ApplicationForm
from programs.models import ApplicantRole, ApplicationStatus, Program
from programs.selectors import (
    Standing,
    application_of_user_for_program,
    applications_of_user,
    eligibility_rules_by_role,
    member_standing,
    program_visible_to_members,
    programs_taking_applications,
)
from programs.services.applications import WITHDRAWABLE, application_submit, application_withdraw
from programs.window import WindowState, application_window


def _program_for_member(request, pk) -> Program:
    program = get_object_or_404(Program.objects, pk=pk)
    if not program_visible_to_members(program) and not request.membership.can(Permission.PROGRAMS_MANAGE):
        raise Http404("No such program")
    return program


@permission_required(Permission.PROGRAMS_APPLY)
def home_view(request, org_slug):
    windows = programs_taking_applications(now=timezone.now())
    mine = list(applications_of_user(user=request.user))
    applied_to = {application.program_id for application in mine}
    return render(
        request,
        "programs/apply/home.html",
        {
            "open_windows": windows[WindowState.OPEN],
            "scheduled_windows": windows[WindowState.SCHEDULED],
            "applications": mine,
            "applied_to": applied_to,
            "can_manage": request.membership.can(Permission.PROGRAMS_MANAGE),
        },
    )


def _standing(request, program, window) -> Standing:
    return member_standing(program=program, user=request.user, as_of=window.today)


def _render_program(request, program, form=None, status=200, standing=None):
    application = application_of_user_for_program(user=request.user, program=program)
    window = application_window(program)
    live = application is not None and application.status != ApplicationStatus.WITHDRAWN
    context = EligibilityContext(organization=request.organization)
    rules = {
        ApplicantRole(role).label: [describe_rule(rule, context) for rule in role_rules]
        for role, role_rules in eligibility_rules_by_role(program=program).items()
    }
    # Where the member stands is shown before they write anything, while they could still apply.
    standing = None if live else (standing or _standing(request, program, window))
    may_apply = (
        window.is_open
        and standing is not None
        and standing.employee is not None
        and bool(standing.eligible_roles)
    )
    if may_apply and form is None:
        form = ApplicationForm(roles=standing.eligible_roles)
    return render(
        request,
        "programs/apply/program.html",
        {
            "program": program,
            "phases": list(program.phases.all()),
            "rules": rules,
            "application": application,
            "can_withdraw": application is not None and application.status in WITHDRAWABLE,
            "window": window,
            "window_open": window.is_open,
            "standing": standing,
            "standing_rows": _standing_rows(standing) if standing else [],
            "has_roster_record": standing is None or standing.employee is not None,
            "form": form if may_apply else None,
        },
        status=status,
    )


def _standing_rows(standing: Standing) -> list[tuple[str, list]]:
    """(role label, failures) per role, eligible roles first."""
    rows = [(ApplicantRole(role).label, failures) for role, failures in standing.failures.items()]
    return sorted(rows, key=lambda row: bool(row[1]))


@permission_required(Permission.PROGRAMS_APPLY)
def program_view(request, org_slug, pk):
    return _render_program(request, _program_for_member(request, pk))


@permission_required(Permission.PROGRAMS_APPLY)
def apply_view(request, org_slug, pk):
    program = _program_for_member(request, pk)
    if refused := post_only(request):
        return refused
    standing = _standing(request, program, application_window(program))
    if standing.eligible_for_none:
        as_what = "" if program.is_peer_circles else " as a mentee or as a mentor"
        messages.error(
            request,
            f"You don't meet this program's rules{as_what} today, so nothing was sent. "
            "The reasons are below.",
        )
        return redirect("programs:program", org_slug=org_slug, pk=program.pk)
    roles = standing.eligible_roles if standing.employee is not None else program.roles
    form = ApplicationForm(request.POST, roles=roles)
    if form.is_valid():
        try:
            application = application_submit(program=program, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Closed window, duplicate, no roster record: nothing to fix in the form.
                message_errors(request, error)
                return redirect("programs:program", org_slug=org_slug, pk=program.pk)
            add_form_errors(form, error)
        else:
            if application.status == ApplicationStatus.INELIGIBLE:
                messages.warning(
                    request,
                    "Your application is saved, but you don't meet this program's rules yet. "
                    "The reasons are below; a program manager may still consider it.",
                )
            else:
                messages.success(
                    request, "Your application is in. You'll get an email when the program manager decides."
                )
            return redirect("programs:program", org_slug=org_slug, pk=program.pk)
    return _render_program(request, program, form=form, status=400, standing=standing)


@permission_required(Permission.PROGRAMS_APPLY)
def withdraw_view(request, org_slug, pk):
    program = _program_for_member(request, pk)
    if refused := post_only(request):
        return refused
    application = application_of_user_for_program(user=request.user, program=program)
    if application is None:
        messages.error(request, "You have no application to this program to withdraw.")
    else:
        try:
            application_withdraw(application=application, actor=request.user)
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(request, f"Your application to {program.name} is withdrawn.")
    return redirect("programs:program", org_slug=org_slug, pk=program.pk)
