"""The members page: who belongs to the organization, their roles, and open invitations."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from organizations.forms_members import InvitationForm, MemberFilterForm, MembershipRoleForm
from organizations.models import Membership
from organizations.reauth import recent_sign_in_required
from organizations.roles import Permission, Role
from organizations.selectors import invitation_list_open, membership_list, membership_sole_admin_id
from organizations.services.memberships import membership_change_role, membership_remove
from organizations.tenancy import permission_required
from organizations.view_helpers import post_only

PAGE_SIZE = 25


def render_members_page(request, *, invite_form: InvitationForm, status: int = 200):
    """The members page; the invitation view re-renders it with the form's errors.

    Members and open invitations are searched and filtered together and paged apart
    (``page`` and ``invitations_page``), so a few hundred of either stay one screen each.
    """
    filter_form = MemberFilterForm(request.GET)
    filters = filter_form.filters()
    members_page = Paginator(membership_list(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    invitations_page = Paginator(invitation_list_open(**filters), PAGE_SIZE).get_page(
        request.GET.get("invitations_page")
    )
    context = {
        "filter_form": filter_form,
        "filtered": any(filters.values()),
        "members_page": members_page,
        "invitations_page": invitations_page,
        "invite_form": invite_form,
        "role_choices": Role.choices,
        "sole_admin_id": membership_sole_admin_id(),
        "invitation_ttl_days": settings.INVITATION_TTL_DAYS,
    }
    return render(request, "organizations/members/list.html", context, status=status)


@permission_required(Permission.MEMBERS_MANAGE)
def members(request, org_slug):
    return render_members_page(request, invite_form=InvitationForm())


@permission_required(Permission.MEMBERS_MANAGE)
@recent_sign_in_required
def member_change_role(request, org_slug, pk):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    if refused := post_only(request):
        return refused
    form = MembershipRoleForm(request.POST)
    back = _members_page_as_it_was(request, org_slug)
    if not form.is_valid():
        messages.error(request, "Choose one of the listed roles.")
        return redirect(back)
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
    return redirect(back)


def _members_page_as_it_was(request, org_slug) -> str:
    """The members page with the search, filter and page the form was sent from. Only the
    list's own parameters are kept, re-encoded, on the members page's own address."""
    sent = QueryDict(request.POST.get("return_query", ""))
    kept = QueryDict(mutable=True)
    for name in ("q", "role", "page", "invitations_page"):
        if sent.get(name):
            kept[name] = sent[name][:200]
    url = reverse("members", kwargs={"org_slug": org_slug})
    return f"{url}?{kept.urlencode()}" if kept else url


@permission_required(Permission.MEMBERS_MANAGE)
@recent_sign_in_required
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
