"""Settings → Export or delete (admins): the whole organization in one file, and its deletion
after a grace period (organizations/lifecycle.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from organizations.audit import audit_record
from organizations.lifecycle import (
    DELETION_GRACE_DAYS,
    organization_deletion_cancel,
    organization_deletion_request,
    organization_export_lines,
)
from organizations.models import AuditAction
from organizations.reauth import recent_sign_in_required
from organizations.roles import Permission
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors


class DeletionForm(forms.Form):
    confirm_name = forms.CharField(label="Type the organization's name to confirm", max_length=300)


@permission_required(Permission.ORGANIZATION_MANAGE)
@recent_sign_in_required
def organization_lifecycle(request, org_slug):
    organization = request.organization
    form = DeletionForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        organization_deletion_cancel(organization=organization, actor=request.user)
        messages.success(request, f"{organization.name} will not be deleted.")
        return redirect("organization_lifecycle", org_slug=org_slug)
    if request.method == "POST" and form.is_valid():
        try:
            organization_deletion_request(
                organization=organization, actor=request.user, confirm_name=form.cleaned_data["confirm_name"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.warning(
                request, f"{organization.name} will be deleted on {organization.deletion_due_on:%-d %B %Y}."
            )
            return redirect("organization_lifecycle", org_slug=org_slug)
    return render(request, "organizations/lifecycle.html", {"form": form, "grace_days": DELETION_GRACE_DAYS})


@permission_required(Permission.ORGANIZATION_MANAGE)
@recent_sign_in_required
@require_POST
def organization_export(request, org_slug):
    organization = request.organization
    filename = f"lodestar-{organization.slug}-{timezone.localdate().isoformat()}.jsonl"
    audit_record(organization, AuditAction.ORGANIZATION_EXPORT, target=organization, label=filename)
    response = StreamingHttpResponse(
        organization_export_lines(organization), content_type="application/jsonl"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
