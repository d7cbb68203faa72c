"""The members page: who belongs to the organization, their roles, and open invitations."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from organizations.forms_members import InvitationForm, MembershipRoleForm
from organizations.models import Membership
from organizations.roles import Permission, Role
from organizations.selectors import invitation_list_open, membership_list
from organizations.services.memberships import membership_change_role, membership_remove
from organizations.tenancy import permission_required
from organizations.view_helpers import post_only


def render_members_page(request, *, invite_form: InvitationForm, status: int = 200):
    """The members page; the invitation view re-renders it with the form's errors."""
    memberships = list(membership_list())
    admins = [m for m in memberships if m.role == Role.ADMIN]
    context = {
        "memberships": memberships,
        "invitations": invitation_list_open(),
        "invite_form": invite_form,
        "role_choices": Role.choices,
        "sole_admin_id": admins[0].pk if len(admins) == 1 else None,
        "invitation_ttl_days": settings.INVITATION_TTL_DAYS,
    }
    return render(request, "organizations/members/list.html", context, status=status)


@permission_required(Permission.MEMBERS_MANAGE)
def members(request, org_slug):
    return render_members_page(request, invite_form=InvitationForm())


@permission_required(Permission.MEMBERS_MANAGE)
def member_change_role(request, org_slug, pk):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    if refused := post_only(request):
        return refused
    form = MembershipRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the listed roles.")
        return redirect("members", org_slug=org_slug)
    try:
        membership = membership_change_role(
            membership=membership, role=form.cleaned_data["role"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"The role of {membership.user.email} is now {membership.get_role_display()}."
        )
    return redirect("members", org_slug=org_slug)


@permission_required(Permission.MEMBERS_MANAGE)
def member_remove(request, org_slug, pk):
    """GET asks for confirmation; POST removes."""
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    if request.method != "POST":
        return render(request, "organizations/members/remove.html", {"member": membership})
    try:
        membership_remove(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("members", org_slug=org_slug)
    if membership.user_id == request.user.pk:
        messages.success(request, f"You left {request.organization.name}.")
        return redirect("home")
    messages.success(request, f"{membership.user.email} no longer belongs to {request.organization.name}.")
    return redirect("members", org_slug=org_slug)
