"""The organization settings page (admins): name, time zone, minimum analytics group size."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from organizations.forms import OrganizationSettingsForm
from organizations.reauth import recent_sign_in_required
from organizations.roles import Permission
from organizations.services.organizations import organization_update
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors


@permission_required(Permission.ORGANIZATION_MANAGE)
@recent_sign_in_required
def organization_settings(request, org_slug):
    # The form validates a copy: a rejected change must not leak into the page around it
    # (the title and the switcher show request.organization).
    form = OrganizationSettingsForm(request.POST or None, instance=copy.copy(request.organization))
    if request.method == "POST" and form.is_valid():
        try:
            organization_update(organization=request.organization, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, "Settings saved.")
            return redirect("organization_settings", org_slug=org_slug)
    return render(request, "organizations/settings.html", {"form": form})
