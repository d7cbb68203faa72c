"""Accountability partners: choosing one, the outside partner's expiring link, and the shared
read-only plan it opens."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from goals import selectors, services
from goals.forms import PartnerForm
from goals.models import PartnerKind
from goals.views.common import (
    owned_member,
    plan_url,
    relations_for,
)
from organizations.roles import Permission
from organizations.tenancy import organization_scope, permission_required
from organizations.view_helpers import add_form_errors, post_only


@permission_required(Permission.GOALS_KEEP)
def partner(request, org_slug, member_pk):
    """Choose the accountability partner: the pair partner, a colleague, or someone outside."""
    member = owned_member(request, member_pk)
    view = selectors.goal_plan_view(member, request.user, relations=relations_for(request))
    current = view.partner
    initial = {"kind": current.kind if current else PartnerKind.PAIR_PARTNER}
    if current is not None:
        initial.update(user=current.user_id, name=current.name, email=current.email)
    form = PartnerForm(
        request.POST or None, initial=initial, organization=request.organization, owner=request.user
    )
    context = {"view": view, "member": member, "form": form, "new_link": ""}
    if request.method == "POST" and form.is_valid():
        try:
            chosen, raw_token = services.accountability_partner_set(
                member=member, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            if not raw_token:
                messages.success(request, "Accountability partner saved.")
                return redirect(plan_url(org_slug, member.pk, "partner"))
            # The raw link exists only now: show it once on this page (never in a stored message).
            context.update(
                view=selectors.goal_plan_view(member, request.user, relations=relations_for(request)),
                new_link=services.partner_link_url(raw_token),
            )
            context["form"] = PartnerForm(
                initial={"kind": chosen.kind, "name": chosen.name, "email": chosen.email},
                organization=request.organization,
                owner=request.user,
            )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "goals/partner.html", context, status=status)


@permission_required(Permission.GOALS_KEEP)
def partner_link_revoke(request, org_slug, member_pk):
    member = owned_member(request, member_pk)
    if refused := post_only(request):
        return refused
    try:
        chosen = services.accountability_link_revoke(member=member, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, f"The link of {chosen.name} no longer works.")
    return redirect(plan_url(org_slug, member.pk, "partner"))


@permission_required(Permission.GOALS_KEEP)
def partner_link_renew(request, org_slug, member_pk):
    member = owned_member(request, member_pk)
    if refused := post_only(request):
        return refused
    try:
        chosen, raw_token = services.accountability_link_renew(member=member, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(plan_url(org_slug, member.pk, "partner"))
    view = selectors.goal_plan_view(member, request.user, relations=relations_for(request))
    form = PartnerForm(
        initial={"kind": chosen.kind, "name": chosen.name, "email": chosen.email},
        organization=request.organization,
        owner=request.user,
    )
    return render(
        request,
        "goals/partner.html",
        {"view": view, "member": member, "form": form, "new_link": services.partner_link_url(raw_token)},
    )


@never_cache
def shared_plan(request, token):
    """The outside accountability partner's read-only page, reached by the secret link only.

    Public (no sign-in, not under /o/): the token is the key. It shows one plan and nothing
    else of the organization, and says plainly when the link expired or was revoked.
    """
    chosen = services.accountability_partner_for_token_across_organizations(token)
    if chosen is None:
        response = render(request, "goals/shared_unusable.html", {"status": "unknown"}, status=404)
    elif chosen.link_status != "active":
        response = render(
            request,
            "goals/shared_unusable.html",
            {
                "status": chosen.link_status,
                "partner": chosen,
                "owner_name": chosen.plan.member.participant.employee.name,
            },
            status=410,
        )
    else:
        with organization_scope(chosen.organization):
            view = selectors.goal_plan_for_outside_partner(chosen)
            response = render(
                request,
                "goals/shared_plan.html",
                {"view": view, "partner": chosen, "plan_organization": chosen.organization},
            )
    # The token is in the URL: keep it out of Referer headers and search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
