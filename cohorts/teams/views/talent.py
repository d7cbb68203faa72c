"""Talent flags: the council and managers flag mentees of a cohort; HR analysts and admins read
the pool across cohorts, filter it and export it as CSV."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from cohorts.models import Cohort, Participant
from cohorts.teams import access, selectors
from cohorts.teams.forms import TalentFlagForm, TalentPoolFilter
from cohorts.teams.models import TalentFlag
from cohorts.teams.services.talent import talent_flag, talent_flag_remove
from organizations.audit import audit_export
from organizations.csv_export import csv_response
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, post_only


def _cohort_for_flagger_or_404(user, pk) -> Cohort:
    cohort = get_object_or_404(selectors.open_cohorts(), pk=pk)
    if not access.may_flag_in(user, cohort):
        raise Http404("No such cohort")
    return cohort


@permission_required(Permission.TALENT_FLAG)
def talent_flags(request, org_slug, pk):
    cohort = _cohort_for_flagger_or_404(request.user, pk)
    form = TalentFlagForm(request.POST or None, mentees=selectors.class_mentees(cohort))
    if request.method == "POST" and form.is_valid():
        try:
            flag = talent_flag(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                f"{flag.participant.employee.name} is in the talent pool ({flag.get_readiness_display()}).",
            )
            return redirect("teams:talent", org_slug=org_slug, pk=cohort.pk)
    return render(
        request,
        "cohorts/teams/talent_flags.html",
        {"cohort": cohort, "form": form, "flags": selectors.talent_flags_in(cohort)},
    )


@permission_required(Permission.TALENT_FLAG)
def talent_unflag(request, org_slug, pk):
    flag = get_object_or_404(TalentFlag.objects.select_related("cohort"), pk=pk)
    _cohort_for_flagger_or_404(request.user, flag.cohort_id)
    if refused := post_only(request):
        return refused
    try:
        talent_flag_remove(actor=request.user, flag=flag)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Flag removed.")
    return redirect("teams:talent", org_slug=org_slug, pk=flag.cohort_id)


def _pool_filter(request) -> TalentPoolFilter:
    employees = Participant.objects.filter(talent_flags__isnull=False).values_list(
        "employee__department", "employee__level"
    )
    return TalentPoolFilter(
        request.GET or None,
        departments=sorted({d for d, _ in employees}),
        levels=sorted({lv for _, lv in employees}),
        cohorts=Cohort.objects.filter(talent_flags__isnull=False).distinct().order_by("name"),
    )


@permission_required(Permission.TALENT_VIEW)
def talent_pool(request, org_slug):
    form = _pool_filter(request)
    return render(
        request,
        "cohorts/teams/talent_pool.html",
        {"form": form, "flags": selectors.talent_pool(**form.filters()), "query": request.GET.urlencode()},
    )


@permission_required(Permission.TALENT_VIEW)
def talent_pool_csv(request, org_slug):
    flags = selectors.talent_pool(**_pool_filter(request).filters())
    filename = f"talent-pool-{request.organization.slug}.csv"
    audit_export(request, filename)
    return csv_response(
        filename,
        ["Name", "Department", "Level", "Cohort", "Readiness", "Note", "Flagged by", "Flagged on"],
        (
            [
                f.participant.employee.name,
                f.participant.employee.department,
                f.participant.employee.level,
                f.cohort.name,
                f.get_readiness_display(),
                f.note,
                f.flagged_by.email if f.flagged_by else "",
                f.updated_at.date().isoformat(),
            ]
            for f in flags
        ),
    )
