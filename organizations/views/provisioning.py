"""Settings → Provisioning (admins): the SCIM address, the organization's tokens (created,
shown once, revoked) and the latest changes the identity provider made."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from organizations.models import APIKey, APIKeyKind, AuditEntry
from organizations.reauth import recent_sign_in_required
from organizations.roles import Permission
from organizations.scim.tokens import scim_token_create, scim_token_revoke
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, post_only

RECENT_CHANGES = 10
SCIM_ACTIONS = [
    "scim.user.create",
    "scim.user.update",
    "scim.user.deactivate",
    "scim.user.reactivate",
    "scim.user.delete",
]


class ScimTokenForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        label="Identity provider",
        help_text="What will use this token, e.g. 'Okta' or 'Microsoft Entra ID'.",
    )


@permission_required(Permission.MEMBERS_MANAGE)
@recent_sign_in_required
def provisioning(request, org_slug):
    form = ScimTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_token = scim_token_create(
                organization=request.organization, actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            form = ScimTokenForm()
            messages.success(
                request, f"Token for “{token.name}” created. Copy it now: it is shown only once."
            )
    tokens = (
        APIKey.objects.filter(kind=APIKeyKind.SCIM)
        .select_related("created_by")
        .order_by("revoked_at", "-created_at")
    )
    recent = AuditEntry.objects.filter(action__in=SCIM_ACTIONS).order_by("-created_at", "-id")[
        :RECENT_CHANGES
    ]
    return render(
        request,
        "organizations/provisioning.html",
        {
            "form": form,
            "tokens": tokens,
            "new_token": new_token,
            "scim_url": f"{settings.SITE_URL}/scim/v2/",
            "recent": recent,
        },
    )


@permission_required(Permission.MEMBERS_MANAGE)
@recent_sign_in_required
def provisioning_token_revoke(request, org_slug, pk):
    token = get_object_or_404(APIKey, pk=pk, kind=APIKeyKind.SCIM)
    if refused := post_only(request):
        return refused
    scim_token_revoke(token=token, actor=request.user)
    messages.success(request, f"Token “{token.name}” revoked; the identity provider's next request fails.")
    return redirect("provisioning", org_slug=org_slug)
