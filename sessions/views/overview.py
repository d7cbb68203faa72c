"""The managers' side: cohorts in their mentoring year, the overview of every pair's health
(for managers and HR; metadata only), its CSV export, and check-in answers (managers only,
because they include the partners' comments)."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus
from matching.models import PairStatus
from organizations.audit import audit_export
from organizations.page_cache import cached_page
from organizations.roles import Permission
from organizations.tenancy import permission_required
from programs.vocabulary import words_for
from sessions.health import BADGE_CLASS, HealthStatus
from sessions.overview import (
    SORTS,
    cohort_checkin_answers,
    cohort_checkin_counts,
    cohort_overview,
    overview_csv,
)
from sessions.overview_rows import overview_rows_html

COLUMNS = [
    ("mentor", "Mentor"),
    ("", "Mentee"),
    ("last_meeting", "Last met"),
    ("meetings", "Meetings"),
    ("goals", "Milestones"),
    ("attendance", "Sessions"),
    ("checkins", "Check-ins"),
    ("health", "Health"),
]


OVERVIEW_PAGE_SIZE = 50  # table rows a page: a screen and a scroll; counts and filters cover every pair


@permission_required(Permission.MENTORING_HEALTH)
def cohort_list(request, org_slug):
    cohorts = (
        Cohort.objects.filter(status__in=(CohortStatus.ACTIVE, CohortStatus.COMPLETED))
        .select_related("program")
        .annotate(pair_count=Count("pairs", filter=Q(pairs__status=PairStatus.ACTIVE)))
        .order_by("status", "-created_at", "-pk")
    )
    return render(request, "sessions/cohort_list.html", {"cohorts": cohorts})


def _overview(request, pk):
    cohort = get_object_or_404(Cohort.objects.select_related("program", "organization"), pk=pk)
    health = request.GET.get("health", "")
    health = health if health in HealthStatus.values else ""
    sort = request.GET.get("sort", "")
    descending = sort.startswith("-")
    sort = sort.lstrip("-")
    return cohort_overview(
        cohort=cohort,
        health=health,
        department=request.GET.get("department", "")[:120],
        sort=sort if sort in SORTS else "health",
        descending=descending,
    )


def _columns(structure: str) -> list[tuple[str, str]]:
    """A peer circle has one column of peers where pairs and groups have mentor and mentee."""
    if words_for(structure).has_mentors:
        return COLUMNS
    return [("mentor", "Circle"), *COLUMNS[2:]]


def _header_links(result, health: str, department: str) -> list[dict]:
    """Column headers with their sort links (the same column again flips the order)."""
    headers = []
    for key, label in _columns(result.cohort.program.structure):
        header = {"label": label, "url": "", "aria_sort": ""}
        if key:
            active = key == result.sort
            flip = active and not result.descending
            query = {k: v for k, v in (("health", health), ("department", department)) if v}
            header["url"] = "?" + urlencode({**query, "sort": f"-{key}" if flip else key})
            if active:
                header["aria_sort"] = "descending" if result.descending else "ascending"
        headers.append(header)
    return headers


@permission_required(Permission.MENTORING_HEALTH)
@cached_page
def overview(request, org_slug, pk):
    result = _overview(request, pk)
    # The rows a screen shows, a page at a time: a cohort of 2,000 pairs is 2,000 table rows
    # otherwise (most of the page's time). Counts, filters and sorting cover every pair.
    page = Paginator(result.rows, OVERVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    health = request.GET.get("health", "") if request.GET.get("health", "") in HealthStatus.values else ""
    department = request.GET.get("department", "")[:120]
    headers = _header_links(result, health, department)
    words = words_for(result.cohort.program.structure)
    return render(
        request,
        "sessions/overview.html",
        {
            "overview": result,
            "page": page,
            "cohort": result.cohort,
            "headers": headers,
            "words": words,
            # The table's rows, built in Python (sessions/overview_rows.py: the same markup).
            "rows_html": overview_rows_html(
                page.object_list,
                has_mentors=words.has_mentors,
                labels=[header["label"] for header in headers],
                timezone_name=request.organization.timezone,
            ),
            "health_choices": [(status.value, status.label, BADGE_CLASS[status]) for status in HealthStatus],
            "health": health,
            "department": department,
            "current_sort": ("-" if result.descending else "") + result.sort,
            "csv_query": urlencode(
                {k: v for k, v in request.GET.items() if k in ("health", "department", "sort")}
            ),
            "can_manage": request.membership.can(Permission.PROGRAMS_MANAGE),
        },
    )


@permission_required(Permission.MENTORING_HEALTH)
def overview_export(request, org_slug, pk):
    result = _overview(request, pk)
    response = HttpResponse(overview_csv(result), content_type="text/csv; charset=utf-8")
    filename = f"cohort-{result.cohort.pk}-pairs-{timezone.localdate().isoformat()}.csv"
    audit_export(request, filename)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required(Permission.PROGRAMS_MANAGE)
def checkin_answers(request, org_slug, pk):
    """Check-in answers with comments. Privacy: cohort managers only (programs.manage)."""
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
    sent, answered = cohort_checkin_counts(cohort)
    return render(
        request,
        "sessions/checkin_answers.html",
        {"cohort": cohort, "answers": cohort_checkin_answers(cohort), "sent": sent, "answered": answered},
    )
