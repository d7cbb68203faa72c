"""Program design for managers and admins: list, create, edit, phases, rules, lifecycle, copy."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from organizations.clock import organization_today, organization_tz
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, message_errors, post_only
from programs.class_link import class_link
from programs.eligibility import EligibilityContext, describe_rule
from programs.forms import (
    PhaseFormSet,
    ProgramForm,
    RuleValueForm,
    TransitionForm,
    phase_initial,
    program_initial,
)
from programs.lifecycle import transition_choices
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
    roster_reach,
    rule_value_choices,
    rules_as_edited,
    stale_rule_values,
)
from programs.services.programs import (
    PhaseInput,
    default_end_date,
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
from programs.templates_catalog import BLANK, TEMPLATES, ProgramTemplate, program_template
from programs.window import application_window


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


@dataclass(frozen=True)
class TemplatePreview:
    """What a template sets up beyond the form, in words: rules per role and dated phases."""

    template: ProgramTemplate
    rules: dict[str, list[str]]
    phases: list[tuple[str, datetime.date]]


def _template_preview(template: ProgramTemplate, organization, start: datetime.date) -> TemplatePreview:
    context = EligibilityContext(organization=organization)
    rules: dict[str, list[str]] = {}
    for role, kind, value in template.rules(organization):
        text = describe_rule(EligibilityRule(kind=kind, value=value), context)
        rules.setdefault(f"{ApplicantRole(role).label}s", []).append(text)
    return TemplatePreview(template, rules, template.dated_phases(start, default_end_date(start)))


@permission_required(Permission.PROGRAMS_MANAGE)
def program_create_view(request, org_slug):
    """Step one (no ``template`` in the query): choose a template or a blank design. Step two:
    the form, prefilled from the template, folded to what is left to decide."""
    organization = request.organization
    tz = organization_tz(organization)
    today = organization_today(organization)
    key = request.POST.get("template", "") if request.method == "POST" else request.GET.get("template")
    template = program_template(key)
    if request.method == "GET" and (key is None or (template is None and key != BLANK)):
        start = program_initial(today, tz)["start_date"]
        return render(
            request,
            "programs/manage/program_templates.html",
            {
                "previews": [_template_preview(t, organization, start) for t in TEMPLATES.values()],
                "blank": BLANK,
            },
        )
    initial = program_initial(today, tz, template)
    form = ProgramForm(
        request.POST or None,
        organization=organization,
        initial=initial,
        template=template.key if template else "",
    )
    if request.method == "POST" and form.is_valid():
        try:
            program = program_create(
                organization=organization, actor=request.user, template=form.template_key(), **form.design()
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            made_from = f"the “{template.title}” template's" if template else "default"
            messages.success(
                request,
                f"{program.name} is saved as a draft with {made_from} phases and eligibility rules. "
                "Check them below, then open applications.",
            )
            return redirect("programs:detail", org_slug=org_slug, pk=program.pk)
    preview = _template_preview(template, organization, initial["start_date"]) if template else None
    return render(
        request, "programs/manage/program_form.html", {"form": form, "program": None, "preview": preview}
    )


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
    program = get_object_or_404(
        Program.objects.select_related("organization", "copied_from", "created_by"), pk=pk
    )
    context = EligibilityContext(organization=request.organization)
    today = organization_today(request.organization)
    counts = application_status_counts(program=program)
    rules_by_role = eligibility_rules_by_role(program=program)
    rules = {
        role: [
            (rule, describe_rule(rule, context), stale_rule_values(rule, as_of=today)) for rule in role_rules
        ]
        for role, role_rules in rules_by_role.items()
    }
    return render(
        request,
        "programs/manage/program_detail.html",
        {
            "program": program,
            "phases": list(program.phases.all()),
            "rules": rules,
            "roles": [(role, ApplicantRole(role).label) for role in program.roles],
            "rules_editable": program.status in RULES_EDITABLE_IN,
            "reach": {
                role.role: role
                for role in roster_reach(
                    organization=request.organization, rules_by_role=rules_by_role, as_of=today
                )
            },
            "transitions": transition_choices(program),
            "window": application_window(program),
            "template": program_template(program.template),
            "counts": [(ApplicationStatus(status).label, n) for status, n in counts.items()],
            "application_total": sum(counts.values()),
            "panels": rendered_program_panels(request=request, program=program),
            "the_class": class_link(org_slug, program),
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


def _rule_form(request, program, kind, data=None, initial=None, stored=None):
    choices = rule_value_choices(kind=kind, as_of=organization_today(request.organization), stored=stored)
    return RuleValueForm(data, kind=kind, organization=request.organization, choices=choices, initial=initial)


def _reach_as_edited(request, program, applies_to, kind, form) -> dict:
    """The reach panel's context: the rules as the form would save them, or as saved when the
    form's value is not valid yet."""
    today = organization_today(request.organization)
    if form.is_bound and form.is_valid():
        rules = rules_as_edited(
            program=program, applies_to=applies_to, kind=kind, value=form.cleaned_data.get("value")
        )
        as_edited = True
    elif not form.is_bound and not form.needs_value:
        rules = rules_as_edited(program=program, applies_to=applies_to, kind=kind, value=None)
        as_edited = True
    elif not form.is_bound and form.initial.get("value") not in (None, "", []):
        rules = rules_as_edited(
            program=program, applies_to=applies_to, kind=kind, value=form.initial["value"]
        )
        as_edited = True
    else:
        rules = eligibility_rules_by_role(program=program)
        as_edited = False
    return {
        "reach": roster_reach(organization=request.organization, rules_by_role=rules, as_of=today),
        "as_edited": as_edited,
        "today": today,
    }


def _rule_page(request, program, applies_to, kind, form, rule=None):
    context = {
        "program": program,
        "rule": rule,
        "applies_to": ApplicantRole(applies_to),
        "kind": RuleKind(kind),
        "form": form,
        **_reach_as_edited(request, program, applies_to, kind, form),
    }
    return render(request, "programs/manage/rule_form.html", context)


@permission_required(Permission.PROGRAMS_MANAGE)
def rule_create_view(request, org_slug, pk):
    program = get_object_or_404(Program.objects, pk=pk)
    applies_to = request.GET.get("applies_to") or request.POST.get("applies_to") or program.roles[0]
    if applies_to not in program.roles:
        raise Http404("No such role")
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    used = set(program.eligibility_rules.filter(applies_to=applies_to).values_list("kind", flat=True))
    if kind not in RuleKind.values:
        # Step one: choose which kind of rule to add.
        context = {"program": program, "applies_to": ApplicantRole(applies_to), "kind": None, "form": None}
        context["choices"] = [(k, label, k in used) for k, label in RuleKind.choices]
        return render(request, "programs/manage/rule_form.html", context)
    form = _rule_form(request, program, kind, request.POST if request.method == "POST" else None)
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
    return _rule_page(request, program, applies_to, kind, form)


@permission_required(Permission.PROGRAMS_MANAGE)
def rule_edit_view(request, org_slug, pk):
    rule = get_object_or_404(EligibilityRule.objects.select_related("program"), pk=pk)
    form = _rule_form(
        request,
        rule.program,
        rule.kind,
        request.POST if request.method == "POST" else None,
        initial={"value": rule.value},
        stored=rule.value,
    )
    if request.method == "POST" and form.is_valid():
        try:
            eligibility_rule_update(rule=rule, value=form.cleaned_data.get("value"), actor=request.user)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Rule saved.")
            return redirect("programs:detail", org_slug=org_slug, pk=rule.program_id)
    return _rule_page(request, rule.program, rule.applies_to, rule.kind, form, rule=rule)


@permission_required(Permission.PROGRAMS_MANAGE)
def rule_reach_view(request, org_slug, pk):
    """How many people on the roster the program's rules let in, with one rule as being edited
    (``applies_to``, ``kind`` and ``value`` in the query): the rule editor asks as it changes."""
    program = get_object_or_404(Program.objects, pk=pk)
    applies_to = request.GET.get("applies_to", "")
    kind = request.GET.get("kind", "")
    if applies_to not in ApplicantRole.values or kind not in RuleKind.values:
        today = organization_today(request.organization)
        context = {
            "reach": roster_reach(
                organization=request.organization,
                rules_by_role=eligibility_rules_by_role(program=program),
                as_of=today,
            ),
            "as_edited": False,
            "today": today,
        }
    else:
        stored = program.eligibility_rules.filter(applies_to=applies_to, kind=kind).first()
        form = _rule_form(request, program, kind, request.GET, stored=stored.value if stored else None)
        context = _reach_as_edited(request, program, applies_to, kind, form)
    return render(request, "programs/manage/_rule_reach.html", {"program": program, **context})


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
