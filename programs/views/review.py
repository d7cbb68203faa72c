"""Reviewing applications (managers): filtered list with counts, bulk and single decisions, override."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from organizations.months import whole_months_between
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, message_errors, parse_id, post_only
from programs.class_link import class_link
from programs.forms import BulkDecisionForm, DecisionForm, OverrideForm, ReviewFilterForm
from programs.models import Application, ApplicationStatus, Program
from programs.selectors import (
    applicant_departments,
    applicant_levels,
    application_review_list,
    application_status_counts,
)
from programs.services.applications import (
    DECISIONS,
    application_decide,
    application_decide_bulk,
    application_override,
)

PAGE_SIZE = 50
FILTER_NAMES = ("role", "status", "department", "level", "eligible")


def _filters(request, program) -> ReviewFilterForm:
    form = ReviewFilterForm(
        request.GET or None,
        departments=applicant_departments(program=program),
        levels=applicant_levels(program=program),
    )
    form.is_valid()
    return form


@permission_required(Permission.PROGRAMS_MANAGE)
def application_list_view(request, org_slug, pk):
    program = get_object_or_404(Program.objects.select_related("organization"), pk=pk)
    filters = _filters(request, program)
    cleaned = getattr(filters, "cleaned_data", {}) if request.GET else {}
    applications = application_review_list(
        program=program,
        role=cleaned.get("role") or "",
        status=cleaned.get("status") or "",
        department=cleaned.get("department") or "",
        level=cleaned.get("level"),
        eligible=cleaned.get("eligible"),
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {name: request.GET[name] for name in FILTER_NAMES if request.GET.get(name)}
    counts = application_status_counts(program=program)
    return render(
        request,
        "programs/review/application_list.html",
        {
            "program": program,
            "the_class": class_link(org_slug, program),
            "filters": filters,
            "page": page,
            "counts": [(status, label, counts[status]) for status, label in ApplicationStatus.choices],
            "total": sum(counts.values()),
            "filtered": bool(kept),
            "filter_query": urlencode(kept),
            "decisions": DECISIONS,
        },
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def application_bulk_decide_view(request, org_slug, pk):
    program = get_object_or_404(Program.objects, pk=pk)
    if refused := post_only(request):
        return refused
    ids = [pk for v in request.POST.getlist("applications") if (pk := parse_id(v)) is not None]
    form = BulkDecisionForm(request.POST, application_ids=ids)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        decision = ApplicationStatus(form.cleaned_data["decision"])
        try:
            result = application_decide_bulk(
                program=program,
                application_ids=form.cleaned_data["applications"],
                decision=decision,
                actor=request.user,
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            if result.changed:
                n = len(result.changed)
                messages.success(
                    request,
                    f"{n} application{'s' if n != 1 else ''} now {decision.label.lower()}; "
                    "the applicants are being told.",
                )
            for who, why in result.refused:
                messages.warning(request, f"Not changed — {who}: {why}")
    url = reverse("programs:applications", kwargs={"org_slug": org_slug, "pk": program.pk})
    query = urlencode({k: v for k, v in request.POST.items() if k in FILTER_NAMES and v})
    return redirect(f"{url}?{query}" if query else url)


@permission_required(Permission.PROGRAMS_MANAGE)
def application_detail_view(request, org_slug, pk):
    application = get_object_or_404(
        Application.objects.select_related("program", "employee", "user", "decided_by", "overridden_by"),
        pk=pk,
    )
    return _render_detail(request, application)


def _possible_decisions(application) -> list[ApplicationStatus]:
    """The buttons worth showing: an ineligible application can only be declined until overridden."""
    if application.status == ApplicationStatus.INELIGIBLE:
        return [ApplicationStatus.DECLINED]
    return [d for d in DECISIONS if d != application.status]


def _readable(failure: dict) -> dict:
    """A stored failure with its values as words, for the manager's table."""

    def words(value) -> str:
        if value is None:
            return "missing from the roster"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    return {
        "label": failure.get("label", failure.get("rule", "")),
        "person_value": words(failure.get("person_value")),
        "required_value": words(failure.get("required_value")),
    }


def _render_detail(request, application, override_form=None, status=200):
    employee = application.employee
    return render(
        request,
        "programs/review/application_detail.html",
        {
            "application": application,
            "program": application.program,
            "employee": employee,
            "tenure_months": whole_months_between(employee.hire_date, application.evaluated_on),
            "rating_label": request.organization.rating_label(employee.performance_rating),
            "decisions": _possible_decisions(application),
            "failures": [_readable(failure) for failure in application.eligibility_failures],
            "notified_label": ApplicationStatus(application.notified_status).label
            if application.notified_status
            else "",
            "can_decide": application.status != ApplicationStatus.WITHDRAWN,
            "override_form": override_form
            or (OverrideForm() if application.status == ApplicationStatus.INELIGIBLE else None),
        },
        status=status,
    )


@permission_required(Permission.PROGRAMS_MANAGE)
def application_decide_view(request, org_slug, pk):
    application = get_object_or_404(Application.objects.select_related("employee"), pk=pk)
    if refused := post_only(request):
        return refused
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose accept, waitlist or decline.")
    else:
        try:
            application = application_decide(
                application=application, decision=form.cleaned_data["decision"], actor=request.user
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(
                request,
                f"{application.employee.name} is now {application.get_status_display().lower()}; "
                "they are being told.",
            )
    return redirect("programs:application", org_slug=org_slug, pk=application.pk)


@permission_required(Permission.PROGRAMS_MANAGE)
def application_override_view(request, org_slug, pk):
    application = get_object_or_404(
        Application.objects.select_related("program", "employee", "user", "decided_by", "overridden_by"),
        pk=pk,
    )
    if refused := post_only(request):
        return refused
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            application_override(
                application=application, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                f"Eligibility overridden for {application.employee.name}. "
                "You can now accept or waitlist them.",
            )
            return redirect("programs:application", org_slug=org_slug, pk=application.pk)
    return _render_detail(request, application, override_form=form, status=400)
