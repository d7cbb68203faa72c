"""The audit log pages: admins browse, filter and export who did what (organizations/audit.py)."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from organizations.audit import audit_export
from organizations.audit_log import CSV_HEADER, AuditFilterForm, audit_csv_rows, audit_entries
from organizations.csv_export import csv_response
from organizations.roles import Permission
from organizations.tenancy import permission_required

PAGE_SIZE = 50


def _filtered(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, audit_entries(organization=request.organization, **{k: v for k, v in filters.items() if v})


@permission_required(Permission.AUDIT_VIEW)
def audit_log(request, org_slug):
    form, entries = _filtered(request)
    page = Paginator(entries.select_related("actor", "api_key"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and k in form.fields}
    return render(
        request,
        "organizations/audit/list.html",
        {"form": form, "page": page, "query": urlencode(query), "filtered": bool(query)},
    )


@permission_required(Permission.AUDIT_VIEW)
def audit_log_export(request, org_slug):
    form, entries = _filtered(request)
    filename = f"audit-{request.organization.slug}-{timezone.localdate().isoformat()}.csv"
    rows = list(audit_csv_rows(entries, request.organization))
    audit_export(request, filename)
    return csv_response(filename, CSV_HEADER, rows)
