"""Sending, revoking and accepting invitations.

``invitation_create`` and ``invitation_revoke`` live under /o/<slug>/ for admins. The public
``invitation`` page at /invitations/<token>/ is reached by people who are not members yet, so
it finds the invitation by its token across organizations and shows only what the invitee may
know: the organization's name, the role and the invited address.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from organizations.adapters import invitation_forget, invitation_remember
from organizations.forms_members import InvitationForm
from organizations.models import Invitation
from organizations.roles import Permission
from organizations.services.invitations import (
    WHY_UNUSABLE,
    invitation_accept,
    invitation_create,
    invitation_for_token_across_organizations,
    invitation_invitee_has_account,
    invitation_refusal,
    invitation_revoke,
)
from organizations.tenancy import permission_required
from organizations.view_helpers import add_form_errors, post_only
from organizations.views.members import render_members_page


@permission_required(Permission.MEMBERS_MANAGE)
def invitation_send(request, org_slug):
    if refused := post_only(request):
        return refused
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation, _token = invitation_create(
                organization=request.organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("members", org_slug=org_slug)
    return render_members_page(request, invite_form=form, status=400)


@permission_required(Permission.MEMBERS_MANAGE)
def invitation_withdraw(request, org_slug, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    if refused := post_only(request):
        return refused
    try:
        invitation_revoke(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"The invitation of {invitation.email} was revoked; its link no longer works."
        )
    return redirect("members", org_slug=org_slug)


@never_cache
def invitation(request, token):
    """The invitee's page: explain, then sign up, sign in, or accept."""
    invitation = invitation_for_token_across_organizations(token)
    if invitation is None:
        return render(request, "organizations/invitations/unusable.html", {"reason": "unknown"}, status=404)
    user = request.user
    if invitation.status == "accepted" and user.is_authenticated and invitation.accepted_by_id == user.pk:
        return redirect("dashboard", org_slug=invitation.organization.slug)
    if not invitation.is_open:
        context = {
            "invitation": invitation,
            "reason": invitation.status,
            "why": WHY_UNUSABLE[invitation.status],
        }
        return render(request, "organizations/invitations/unusable.html", context, status=410)

    if not user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        invitation_remember(request, invitation)
        context = {"invitation": invitation, "has_account": invitation_invitee_has_account(invitation)}
        return render(request, "organizations/invitations/invitation.html", context)

    refusal = invitation_refusal(invitation=invitation, user=user)
    if request.method == "POST" and not refusal:
        try:
            membership = invitation_accept(invitation=invitation, user=user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            invitation_forget(request)
            messages.success(request, f"Welcome to {membership.organization.name}!")
            return redirect("dashboard", org_slug=membership.organization.slug)
    status = 403 if refusal and request.method == "POST" else 200
    return render(
        request,
        "organizations/invitations/invitation.html",
        {"invitation": invitation, "refusal": refusal},
        status=status,
    )
