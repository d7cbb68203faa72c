from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from organizations.models import APIKey
from organizations.roles import Permission
from organizations.services.api_keys import api_key_create, api_key_revoke
from organizations.tenancy import permission_required


class APIKeyForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="What will use this key, e.g. 'Workday sync'.")


@permission_required(Permission.APIKEYS_MANAGE)
def api_keys(request, org_slug):
    form = APIKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            key, new_key = api_key_create(
                organization=request.organization, actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error("name", error.message_dict.get("name"))
        else:
            form = APIKeyForm()
            messages.success(request, f"Key “{key.name}” created. Copy it now: it is shown only once.")
    keys = APIKey.objects.select_related("created_by").order_by("revoked_at", "-created_at")
    return render(
        request,
        "organizations/api_keys.html",
        {"form": form, "keys": keys, "new_key": new_key},
    )


@permission_required(Permission.APIKEYS_MANAGE)
@require_POST
def api_key_revoke_view(request, org_slug, pk):
    key = get_object_or_404(APIKey, pk=pk)
    api_key_revoke(key=key, actor=request.user)
    messages.success(request, f"Key “{key.name}” revoked; requests with it now fail.")
    return redirect("api_keys", org_slug=org_slug)
