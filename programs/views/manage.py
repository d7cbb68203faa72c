"""Program design for managers and admins: list, create, edit, phases, rules, lifecycle, copy."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from organizations.clock import organization_today, organization_tz
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, message_errors, post_only
from programs.eligibility import RULES, EligibilityContext, describe_rule
from programs.forms import (
    PhaseFormSet,
    ProgramForm,
    RuleValueForm,
    TransitionForm,
    phase_initial,
    program_initial,
)
from programs.lifecycle import allowed_transitions
from programs.models import (
    ApplicantRole,
    ApplicationStatus,
    EligibilityRule,
    Program,
    ProgramStatus,
    RuleKind,
)
from programs.panels import rendered_program_panels
from programs.selectors import (
    application_status_counts,
    eligibility_rules_by_role,
    program_list,
    roster_values,
)
from programs.services.programs import (
    PhaseInput,
    program_copy_for_next_year,
    program_create,
    program_phases_save,
    program_transition,
    program_update,
)
from programs.services.rules import (
    RULES_EDITABLE_IN,
    eligibility_rule_create,
    eligibility_rule_delete,
    eligibility_rule_update,
)


@permission_required(Permission.PROGRAMS_MANAGE)
def program_list_view(request, org_slug):
    status = request.GET.get("status", "")
    if status not in ProgramStatus.values:
        status = ""
    return render(
        request,
        "programs/manage/program_list.html",
        {"programs": program_list(status=status), "status": status, "statuses": ProgramStatus.choices},
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def program_create_view(request, org_slug):
    organization = request.organization
    tz = organization_tz(organization)
    form = ProgramForm(
        request.POST or None,
        organization=organization,
        initial=program_initial(organization_today(organization), tz),
    )
    if request.method == "POST" and form.is_valid():
        try:
            program = program_create(organization=organization, actor=request.user, **form.design())
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                f"{program.name} is saved as a draft with default phases and eligibility rules. "
                "Check them below, then open applications.",
            )
            return redirect("programs:detail", org_slug=org_slug, pk=program.pk)
    return render(request, "programs/manage/program_form.html", {"form": form, "program": None})


@permission_required(Permission.PROGRAMS_MANAGE)
def program_edit_view(request, org_slug, pk):
    program = get_object_or_404(Program.objects, pk=pk)
    form = ProgramForm(request.POST or None, instance=program, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            program_update(program=program, actor=request.user, **form.design())
        except ValidationError as error:
            program.refresh_from_db()
            add_form_errors(form, error)
        else:
            messages.success(request, "Program saved.")
            return redirect("programs:detail", org_slug=org_slug, pk=program.pk)
    return render(request, "programs/manage/program_form.html", {"form": form, "program": program})


@permission_required(Permission.PROGRAMS_MANAGE)
def program_detail_view(request, org_slug, pk):
    program = get_object_or_404(Program.objects.select_related("copied_from", "created_by"), pk=pk)
    context = EligibilityContext(organization=request.organization)
    counts = application_status_counts(program=program)
    rules = {
        role: [(rule, describe_rule(rule, context)) for rule in role_rules]
        for role, role_rules in eligibility_rules_by_role(program=program).items()
    }
    return render(
        request,
        "programs/manage/program_detail.html",
        {
            "program": program,
            "phases": list(program.phases.all()),
            "rules": rules,
            "roles": ApplicantRole.choices,
            "rules_editable": program.status in RULES_EDITABLE_IN,
            "transitions": allowed_transitions(program.status),
            "counts": [(ApplicationStatus(status).label, n) for status, n in counts.items()],
            "application_total": sum(counts.values()),
            "panels": rendered_program_panels(request=request, program=program),
        },
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def program_phases_view(request, org_slug, pk):
    program = get_object_or_404(Program.objects, pk=pk)
    formset = PhaseFormSet(request.POST or None, initial=phase_initial(list(program.phases.all())))
    error = None
    if request.method == "POST" and formset.is_valid():
        phases = [
            PhaseInput(
                id=form.cleaned_data.get("id"), name=form.cleaned_data["name"], date=form.cleaned_data["date"]
            )
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            program_phases_save(program=program, actor=request.user, phases=phases)
        except ValidationError as exc:
            error = exc
        else:
            messages.success(request, "Phases saved.")
            return redirect("programs:detail", org_slug=org_slug, pk=program.pk)
    return render(
        request,
        "programs/manage/program_phases.html",
        {"program": program, "formset": formset, "errors": error.messages if error else []},
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def program_transition_view(request, org_slug, pk):
    program = get_object_or_404(Program.objects, pk=pk)
    if refused := post_only(request):
        return refused
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what should happen to the program.")
    else:
        try:
            program = program_transition(
                program=program, to_status=form.cleaned_data["to_status"], actor=request.user
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(request, f"{program.name} is now “{program.get_status_display()}”.")
    return redirect("programs:detail", org_slug=org_slug, pk=program.pk)


@permission_required(Permission.PROGRAMS_MANAGE)
def program_copy_view(request, org_slug, pk):
    program = get_object_or_404(Program.objects, pk=pk)
    if refused := post_only(request):
        return refused
    try:
        copy = program_copy_for_next_year(program=program, actor=request.user)
    except ValidationError as error:
        message_errors(request, error)
        return redirect("programs:detail", org_slug=org_slug, pk=program.pk)
    messages.success(
        request,
        f"{copy.name} is a new draft with the same design and rules, every date one year later. "
        "Review it before opening applications.",
    )
    return redirect("programs:detail", org_slug=org_slug, pk=copy.pk)


def _rule_form(request, kind, data=None, initial=None):
    names = None
    if RULES[kind].input == "names":
        names = roster_values("department" if "department" in kind else "location")
    return RuleValueForm(
        data, kind=kind, organization=request.organization, roster_names=names, initial=initial
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def rule_create_view(request, org_slug, pk):
    program = get_object_or_404(Program.objects, pk=pk)
    applies_to = request.GET.get("applies_to") or request.POST.get("applies_to") or ApplicantRole.MENTEE
    if applies_to not in ApplicantRole.values:
        raise Http404("No such role")
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    used = set(program.eligibility_rules.filter(applies_to=applies_to).values_list("kind", flat=True))
    context = {"program": program, "applies_to": ApplicantRole(applies_to), "kind": None, "form": None}
    if kind not in RuleKind.values:
        # Step one: choose which kind of rule to add.
        context["choices"] = [(k, label, k in used) for k, label in RuleKind.choices]
        return render(request, "programs/manage/rule_form.html", context)
    form = _rule_form(request, kind, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            eligibility_rule_create(
                program=program,
                applies_to=applies_to,
                kind=kind,
                value=form.cleaned_data.get("value"),
                actor=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"Rule added for {ApplicantRole(applies_to).label.lower()}s.")
            return redirect("programs:detail", org_slug=org_slug, pk=program.pk)
    context.update(kind=RuleKind(kind), form=form)
    return render(request, "programs/manage/rule_form.html", context)


@permission_required(Permission.PROGRAMS_MANAGE)
def rule_edit_view(request, org_slug, pk):
    rule = get_object_or_404(EligibilityRule.objects.select_related("program"), pk=pk)
    form = _rule_form(
        request,
        rule.kind,
        request.POST if request.method == "POST" else None,
        {"value": _display_value(rule)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            eligibility_rule_update(rule=rule, value=form.cleaned_data.get("value"), actor=request.user)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Rule saved.")
            return redirect("programs:detail", org_slug=org_slug, pk=rule.program_id)
    return render(
        request,
        "programs/manage/rule_form.html",
        {
            "program": rule.program,
            "rule": rule,
            "applies_to": ApplicantRole(rule.applies_to),
            "kind": RuleKind(rule.kind),
            "form": form,
        },
    )


def _display_value(rule: EligibilityRule):
    return ", ".join(rule.value) if isinstance(rule.value, list) else rule.value


@permission_required(Permission.PROGRAMS_MANAGE)
def rule_delete_view(request, org_slug, pk):
    rule = get_object_or_404(EligibilityRule.objects.select_related("program"), pk=pk)
    if refused := post_only(request):
        return refused
    try:
        eligibility_rule_delete(rule=rule, actor=request.user)
    except ValidationError as error:
        message_errors(request, error)
    else:
        messages.success(request, f"Rule “{rule.get_kind_display()}” removed.")
    return redirect("programs:detail", org_slug=org_slug, pk=rule.program_id)
