import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from organizations.clock import local_datetime, organization_today
from organizations.models import APIKey, APIKeyKind
from organizations.reauth import recent_sign_in_required
from organizations.roles import Permission, Role, scopes_for_role
from organizations.services.api_keys import DEFAULT_SCOPES, MAX_KEY_YEARS, api_key_create, api_key_revoke
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors


class APIKeyForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="What will use this key, e.g. 'Workday sync'.")
    scopes = forms.MultipleChoiceField(
        label="The key may",
        widget=forms.CheckboxSelectMultiple,
        choices=[(scope.value, scope.label) for scope in scopes_for_role(Role.HR_ANALYST)],
        initial=[scope.value for scope in DEFAULT_SCOPES],
        help_text="Give it only what the system needs.",
        error_messages={"required": "Choose at least one thing the key may do."},
    )
    expires_on = forms.DateField(
        required=False,
        label="Works until (optional)",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The key stops working at the end of this day; leave empty to keep it until revoked.",
    )

    def expires_at(self, organization) -> datetime.datetime | None:
        """When the key stops: the start of the day after ``expires_on`` on the organization's clock."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        today = organization_today(organization)
        if day < today:
            raise ValidationError({"expires_at": "Choose an expiry date in the future."})
        if day.year > today.year + MAX_KEY_YEARS:
            raise ValidationError(
                {"expires_at": f"Pick a day within {MAX_KEY_YEARS} years, or none to keep it till revoked."}
            )
        return local_datetime(day + datetime.timedelta(days=1), datetime.time(0), organization)


@permission_required(Permission.APIKEYS_MANAGE)
@recent_sign_in_required
def api_keys(request, org_slug):
    form = APIKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            key, new_key = api_key_create(
                organization=request.organization,
                actor=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(request.organization),
            )
        except ValidationError as error:
            add_form_errors(form, error, field_map={"expires_at": "expires_on"})
        else:
            form = APIKeyForm()
            messages.success(request, f"Key “{key.name}” created. Copy it now: it is shown only once.")
    keys = (
        APIKey.objects.filter(kind=APIKeyKind.API)
        .select_related("created_by")
        .order_by("revoked_at", "-created_at")
    )
    return render(
        request,
        "organizations/api_keys.html",
        {"form": form, "keys": keys, "new_key": new_key},
    )


@permission_required(Permission.APIKEYS_MANAGE)
@recent_sign_in_required
@require_POST
def api_key_revoke_view(request, org_slug, pk):
    key = get_object_or_404(APIKey, pk=pk, kind=APIKeyKind.API)
    api_key_revoke(key=key, actor=request.user)
    messages.success(request, f"Key “{key.name}” revoked; requests with it now fail.")
    return redirect("api_keys", org_slug=org_slug)
