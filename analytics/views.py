"""The retention dashboard, its CSV files and "Refresh now".

Views parse the filters (``analytics/filters.py``), hand them to ``analytics/sections.py`` —
which reads the selectors, never a roster row — and render. Who may ask for what is decided in
``analytics/access.py``: admins and HR analysts see the whole organization, program managers
one program at a time.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from analytics import fragments, selectors
from analytics.access import AnalyticsReach, analytics_programs, analytics_reach
from analytics.filters import AnalyticsFilterForm
from analytics.sections import SECTIONS, Figures
from analytics.tasks import refresh_facts
from organizations.audit import audit_export
from organizations.csv_export import csv_response
from organizations.notifications.enqueue import send_hint
from organizations.page_cache import cached_page
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import post_only


def _filter_form(request, reach: AnalyticsReach, status, programs) -> AnalyticsFilterForm:
    """The filters from the query string. A program manager who names no program gets the newest
    one, so the first visit shows figures rather than an error."""
    data = request.GET.copy()
    if reach.needs_a_program and not data.get("program") and programs:
        data["program"] = str(programs[0].pk)
    return AnalyticsFilterForm(data, reach=reach, status=status)


def programs_to_show(reach: AnalyticsReach, programs) -> bool:
    """A program manager reads one program at a time: with no program yet there is nothing to read."""
    return bool(programs) or not reach.needs_a_program


def _figures(request, form: AnalyticsFilterForm, programs) -> Figures:
    return Figures(
        organization=request.organization,
        filters=form.analytics_filter(),
        event=form.survival_event,
        by=form.breakdown,
        programs=programs,
        program_of_cohort=form.choices.program_of_cohort,
    )


@permission_required(Permission.ANALYTICS_PROGRAMS)
@cached_page
def dashboard(request, org_slug):
    reach = analytics_reach(request.membership.role)
    refresh = selectors.facts_refresh_row(request.organization)
    status = selectors.facts_status_of(refresh, organization=request.organization)
    programs = list(analytics_programs(reach=reach))
    form = _filter_form(request, reach, status, programs)
    context = {
        "form": form,
        "status": status,
        "reach": reach,
        "programs": programs,
        "no_program": reach.needs_a_program and not programs,
        "min_group_size": request.organization.min_group_size,
    }
    with_figures = status.refreshed_at is not None and not context["no_program"]
    if request.htmx:
        return HttpResponse(_figures_html(request, form, programs, refresh, reach, keep=with_figures))
    if with_figures:
        context["figures_html"] = _figures_html(request, form, programs, refresh, reach, keep=True)
    return render(request, "analytics/dashboard.html", context)


def _figures_html(
    request, form: AnalyticsFilterForm, programs, refresh, reach: AnalyticsReach, *, keep
) -> str:
    """The filters and the sections (the whole figures part of the page, or its results alone
    for htmx), rendered once per refresh for the same filters (``analytics/fragments.py``);
    ``keep`` false renders without the cache (no figures to show)."""
    template = "analytics/_results.html" if request.htmx else "analytics/_figures.html"

    def rendered() -> str:
        sections = {}
        if keep and programs_to_show(reach, programs) and form.is_valid():
            figures = _figures(request, form, programs)
            sections = {slug: build(figures) for slug, build in SECTIONS.items()}
        context = {
            "form": form,
            "sections": sections,
            "organization": request.organization,
            "query": form.query_string() if form.is_bound else "",
            "min_group_size": request.organization.min_group_size,
        }
        return render_to_string(template, context)

    if not keep or not form.is_valid():  # the errors, with what was typed: nothing worth keeping
        return mark_safe(rendered())
    key = fragments.figures_key(
        part=template,
        organization=request.organization,
        refresh=refresh,
        programs=programs,
        choices=form.choices,
        reach=reach,
        data=form.data,
        field_names=list(form.fields),
    )
    return mark_safe(fragments.cached_html(key, rendered))


@permission_required(Permission.ANALYTICS_PROGRAMS)
def section_csv(request, org_slug, section):
    build = SECTIONS[section]
    reach = analytics_reach(request.membership.role)
    status = selectors.facts_status(organization=request.organization)
    programs = list(analytics_programs(reach=reach))
    form = _filter_form(request, reach, status, programs)
    if not form.is_valid():
        lines = [f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()]
        return HttpResponse(
            "These filters cannot be used:\n" + "\n".join(lines),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    table = build(_figures(request, form, programs)).csv_table
    stamp = status.as_of.isoformat() if status.as_of else timezone.localdate().isoformat()
    filename = f"{request.organization.slug}-{section}-{stamp}.csv"
    audit_export(request, filename)
    return csv_response(filename, table.header, table.csv_rows())


@permission_required(Permission.ANALYTICS_REFRESH)
def refresh_now(request, org_slug):
    refused = post_only(request)
    if refused:
        return refused
    if not send_hint(refresh_facts, request.organization.pk):
        messages.error(
            request,
            "The refresh could not be queued just now (the task queue is unreachable). "
            "The nightly refresh will still run; try again in a few minutes.",
        )
    else:
        messages.success(
            request,
            "The figures are being rebuilt from the roster and the cohorts. Reload this page in a minute.",
        )
    return redirect("analytics:dashboard", org_slug=org_slug)
