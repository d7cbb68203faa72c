"""The HR roster pages: the employee list and detail, uploading a file, previewing and
confirming it (the load then runs in the background: a progress page polls until it ends on
the load's summary, or on its per-row report when the roster no longer fits), and the history
of loads. HR analysts and admins only (roles.py)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from organizations.erasure import is_erased
from organizations.models import Employee, RosterLoad
from organizations.page_cache import cached_page
from organizations.roles import Permission
from organizations.roster.forms import RosterFilterForm, RosterUploadForm
from organizations.roster.loads import (
    RosterLoadNotPending,
    roster_default_effective_date,
    roster_load_cancel,
    roster_load_create,
    roster_load_failure,
    roster_load_preview,
    roster_load_queue,
)
from organizations.roster.parsing import COLUMNS, sample_csv
from organizations.roster.progress import load_progress
from organizations.roster.rows import ROW_FIELDS, roster_rows
from organizations.roster.selectors import employee_list as select_employees
from organizations.roster.selectors import (
    employee_timeline,
    roster_load_changes,
    roster_load_history,
    roster_loads_pending,
)
from organizations.tenancy import permission_required
from organizations.uploads import refuse_declared_larger_than
from organizations.view_helpers import post_only

PAGE_SIZE = 50
SAMPLE_FILENAME = "lodestar-roster-template.csv"


@permission_required(Permission.ROSTER_VIEW)
@cached_page
def employee_list(request, org_slug):
    form = RosterFilterForm(request.GET)
    filters = form.filters()
    employees = select_employees(**filters).only(*ROW_FIELDS)
    page = Paginator(employees, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    context = {
        "form": form,
        "page": page,
        "rows": roster_rows(page.object_list, org_slug),
        "fields": form.rendered_fields(),
        "filtered": any(value not in ("", None) for value in filters.values()),
    }
    return render(request, "organizations/roster/list.html", context)


@permission_required(Permission.ROSTER_VIEW)
def employee_detail(request, org_slug, pk):
    employee = get_object_or_404(Employee.objects.select_related("manager", "user"), pk=pk)
    context = {
        "employee": employee,
        "erased": is_erased(employee),
        "rating_label": request.organization.rating_label(employee.performance_rating),
        "timeline": employee_timeline(employee=employee),
    }
    return render(request, "organizations/roster/employee.html", context)


@permission_required(Permission.ROSTER_VIEW)
def sample(request, org_slug):
    response = HttpResponse(sample_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{SAMPLE_FILENAME}"'
    return response


def _upload_page(request, form, *, preview=None, filename=""):
    context = {
        "form": form,
        "columns": COLUMNS,
        "sample": sample_csv(),
        "preview": preview,
        "filename": filename,
        "rating_scale": request.organization.rating_scale,
        "max_bytes": settings.ROSTER_UPLOAD_MAX_BYTES,
    }
    template = "organizations/roster/rejected.html" if preview else "organizations/roster/upload.html"
    return render(request, template, context)


def _too_large(request, size: int, limit: int, org_slug: str):
    # The body was never read: a far too large upload is not received at all.
    messages.error(
        request,
        f"This upload is {filesizeformat(size)}; the largest roster file you can "
        f"upload is {filesizeformat(limit)}. Nothing was stored.",
    )
    today = roster_default_effective_date(request.organization)
    return _upload_page(request, RosterUploadForm(initial={"effective_date": today}))


@permission_required(Permission.ROSTER_LOAD)
@refuse_declared_larger_than(lambda: settings.ROSTER_UPLOAD_MAX_BYTES, _too_large)
def upload(request, org_slug):
    """GET shows the form; POST checks the file and either stores it pending or lists its problems."""
    today = roster_default_effective_date(request.organization)
    if request.method != "POST":
        return _upload_page(request, RosterUploadForm(initial={"effective_date": today}))
    form = RosterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form)
    upload_file = form.cleaned_data["file"]
    load, preview = roster_load_create(
        organization=request.organization,
        actor=request.user,
        content=upload_file.read(),
        filename=upload_file.name,
        source=RosterLoad.Source.UPLOAD,
        effective_date=form.cleaned_data["effective_date"],
    )
    if load is None:
        retry = RosterUploadForm(initial={"effective_date": form.cleaned_data["effective_date"]})
        if preview.effective_date_errors and not (preview.file_errors or preview.errors):
            # Only the date is wrong: say so on its field.
            form.add_error("effective_date", preview.effective_date_errors)
            return _upload_page(request, form)
        return _upload_page(request, retry, preview=preview, filename=upload_file.name)
    return redirect("roster_load", org_slug=org_slug, pk=load.pk)


@permission_required(Permission.ROSTER_VIEW)
def load_list(request, org_slug):
    page = Paginator(roster_load_history(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "organizations/roster/loads.html", {"page": page, "pending": roster_loads_pending()}
    )


@permission_required(Permission.ROSTER_VIEW)
def load_detail(request, org_slug, pk):
    """A pending load shows what confirming it would do now; a queued one, how far it has got;
    an applied one, what it did; a failed one, why nothing was changed."""
    load = get_object_or_404(RosterLoad.objects.select_related("loaded_by"), pk=pk)
    if load.status == RosterLoad.Status.PENDING:
        preview = roster_load_preview(load=load)
        return render(request, "organizations/roster/preview.html", {"load": load, "preview": preview})
    if load.status == RosterLoad.Status.QUEUED:
        context = {"load": load, "progress": load_progress(load.pk)}
        return render(request, "organizations/roster/progress.html", context)
    if load.status == RosterLoad.Status.FAILED:
        context = {"load": load, "preview": roster_load_failure(load=load)}
        return render(request, "organizations/roster/failed.html", context)
    page = Paginator(roster_load_changes(load=load), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organizations/roster/load.html", {"load": load, "page": page})


@permission_required(Permission.ROSTER_VIEW)
def load_progress_bar(request, org_slug, pk):
    """The progress bar alone, polled by the progress page; once the load has ended, htmx is
    sent on to the load's page (its summary, or its report)."""
    load = get_object_or_404(RosterLoad.objects.only("pk", "status"), pk=pk)
    if load.status != RosterLoad.Status.QUEUED or not request.htmx:
        done = reverse("roster_load", kwargs={"org_slug": org_slug, "pk": pk})
        return HttpResponseClientRedirect(done) if request.htmx else redirect(done)
    context = {"load": load, "progress": load_progress(load.pk)}
    return render(request, "organizations/roster/_progress.html", context)


@permission_required(Permission.ROSTER_LOAD)
def load_confirm(request, org_slug, pk):
    """Hand the load to the background task and show its progress (it re-checks the file
    against the roster as it is then: a load that no longer fits ends on its report)."""
    # The load is fetched before the method is checked, so another organization's id is a 404.
    load = get_object_or_404(RosterLoad.objects.select_related("loaded_by"), pk=pk)
    if refused := post_only(request):
        return refused
    try:
        roster_load_queue(load=load, actor=request.user)
    except RosterLoadNotPending:
        messages.info(request, "This roster file was already confirmed.")
    return redirect("roster_load", org_slug=org_slug, pk=pk)


@permission_required(Permission.ROSTER_LOAD)
def load_cancel(request, org_slug, pk):
    load = get_object_or_404(RosterLoad.objects, pk=pk)
    if refused := post_only(request):
        return refused
    try:
        roster_load_cancel(load=load, actor=request.user)
    except RosterLoadNotPending:
        messages.info(request, "This roster file was already loaded, so it cannot be cancelled.")
        return redirect("roster_load", org_slug=org_slug, pk=pk)
    messages.info(request, "Upload cancelled. Nothing was changed.")
    return redirect("roster_upload", org_slug=org_slug)
