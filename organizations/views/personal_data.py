"""A person's own data in this organization: read it on a page, download it as JSON
(organizations/personal_data.py)."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from organizations.audit import audit_export
from organizations.personal_data import displayed, personal_data_for, personal_data_json
from organizations.roles import Permission
from organizations.tenancy import permission_required


@permission_required(Permission.ORGANIZATION_VIEW)
def personal_data_page(request, org_slug):
    sections = personal_data_for(request.user, request.organization)
    for section in sections:
        section.rows = [[displayed(value, request.organization) for value in row] for row in section.rows]
    return render(request, "organizations/personal_data/page.html", {"sections": sections})


@permission_required(Permission.ORGANIZATION_VIEW)
def personal_data_download(request, org_slug):
    sections = personal_data_for(request.user, request.organization)
    filename = f"lodestar-{request.organization.slug}-my-data-{timezone.localdate().isoformat()}.json"
    audit_export(request, filename)
    body = json.dumps(
        personal_data_json(request.user, request.organization, sections), indent=2, ensure_ascii=False
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
