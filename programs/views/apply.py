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
from organizations.roster.selectors import employee_record_for_user_exists
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, message_errors, post_only
from programs.eligibility import EligibilityContext, describe_rule
from programs.forms import ApplicationForm
from programs.models import ApplicantRole, ApplicationStatus, Program, ProgramStatus
from programs.selectors import (
    application_of_user_for_program,
    applications_of_user,
    eligibility_rules_by_role,
    program_visible_to_members,
    programs_open_for_applications,
)
from programs.services.applications import WITHDRAWABLE, application_submit, application_withdraw


def _program_for_member(request, pk) -> Program:
    program = get_object_or_404(Program.objects, pk=pk)
    if not program_visible_to_members(program) and not request.membership.can(Permission.PROGRAMS_MANAGE):
        raise Http404("No such program")
    return program


@permission_required(Permission.PROGRAMS_APPLY)
def home_view(request, org_slug):
    now = timezone.now()
    mine = list(applications_of_user(user=request.user))
    applied_to = {application.program_id for application in mine}
    return render(
        request,
        "programs/apply/home.html",
        {
            "open_programs": list(programs_open_for_applications(now=now)),
            "applications": mine,
            "applied_to": applied_to,
            "can_manage": request.membership.can(Permission.PROGRAMS_MANAGE),
        },
    )


def _render_program(request, program, form=None, status=200):
    application = application_of_user_for_program(user=request.user, program=program)
    now = timezone.now()
    window_open = (
        program.status == ProgramStatus.APPLICATIONS_OPEN
        and program.applications_open_at is not None
        and program.applications_open_at <= now < program.applications_close_at
    )
    live = application is not None and application.status != ApplicationStatus.WITHDRAWN
    context = EligibilityContext(organization=request.organization)
    rules = {
        ApplicantRole(role).label: [describe_rule(rule, context) for rule in role_rules]
        for role, role_rules in eligibility_rules_by_role(program=program).items()
    }
    return render(
        request,
        "programs/apply/program.html",
        {
            "program": program,
            "phases": list(program.phases.all()),
            "rules": rules,
            "application": application,
            "can_withdraw": application is not None and application.status in WITHDRAWABLE,
            "window_open": window_open,
            "opens_later": program.status == ProgramStatus.APPLICATIONS_OPEN
            and program.applications_open_at is not None
            and now < program.applications_open_at,
            "has_roster_record": employee_record_for_user_exists(user=request.user),
            "form": None if live or not window_open else (form or ApplicationForm()),
        },
        status=status,
    )


@permission_required(Permission.PROGRAMS_APPLY)
def program_view(request, org_slug, pk):
    return _render_program(request, _program_for_member(request, pk))


@permission_required(Permission.PROGRAMS_APPLY)
def apply_view(request, org_slug, pk):
    program = _program_for_member(request, pk)
    if refused := post_only(request):
        return refused
    form = ApplicationForm(request.POST)
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
    return _render_program(request, program, form=form, status=400)


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
