"""Settings → Retention (admins): how long the words of ended programs are kept, and what goes next."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from organizations.clock import organization_today
from organizations.reauth import recent_sign_in_required
from organizations.retention import retention_kinds, retention_months, retention_outlook
from organizations.roles import Permission
from organizations.services.organizations import organization_retention_save
from organizations.tenancy import permission_required

MAX_MONTHS = 240


class RetentionForm(forms.Form):
    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in retention_kinds():
            self.fields[kind.key] = forms.IntegerField(
                label=f"{kind.label}: months kept after the program ends",
                required=False,
                min_value=0,
                max_value=MAX_MONTHS,
                initial=retention_months(organization, kind.key),
                help_text=f"{kind.what[:1].upper()}{kind.what[1:]}. Leave empty to keep them.",
            )


@permission_required(Permission.ORGANIZATION_MANAGE)
@recent_sign_in_required
def retention_settings(request, org_slug):
    organization = request.organization
    form = RetentionForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        organization_retention_save(organization=organization, months=form.cleaned_data, actor=request.user)
        messages.success(request, "Retention periods saved. Expired records are blanked each night.")
        return redirect("retention_settings", org_slug=org_slug)
    return render(
        request,
        "organizations/retention.html",
        {"form": form, "outlook": retention_outlook(organization, organization_today(organization))},
    )
