from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from organizations.forms import OrganizationCreateForm
from organizations.navigation import dashboard_cards_for
from organizations.next_steps import next_steps_for
from organizations.roles import Permission
from organizations.selectors import memberships_of_user
from organizations.services.organizations import organization_create
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors


def home(request):
    """Anonymous visitors see what Lodestar is; members pick (or go straight to) their organization."""
    if not request.user.is_authenticated:
        return render(request, "organizations/landing.html")
    memberships = list(memberships_of_user(request.user))
    if len(memberships) == 1:
        return redirect("dashboard", org_slug=memberships[0].organization.slug)
    return render(request, "organizations/home.html", {"memberships": memberships})


@login_required
def new_organization(request):
    form = OrganizationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = organization_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"{organization.name} is ready. Invite your colleagues next.")
            return redirect("dashboard", org_slug=organization.slug)
    return render(request, "organizations/organization_create.html", {"form": form})


@permission_required(Permission.ORGANIZATION_VIEW)
def dashboard(request, org_slug):
    """A to-do list from the live data (what waits for this member, each linked to where it is
    done), then every area the member's role can use."""
    return render(
        request,
        "organizations/dashboard.html",
        {"next_steps": next_steps_for(request), "dashboard_cards": dashboard_cards_for(request)},
    )
