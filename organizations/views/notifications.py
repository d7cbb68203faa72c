"""A person's messages in the app, their choices of what they get, and the admins' outbox.

The one-click unsubscribe (``notification_unsubscribe``) is public: it works from an email
without signing in, on a signed token.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from organizations.models import EmailStatus, Notification, Organization
from organizations.notifications.dispatch import notification_retry
from organizations.notifications.kinds import notification_kinds
from organizations.notifications.outbox import notifications_mark_read
from organizations.notifications.preferences import preferences_save
from organizations.notifications.selectors import (
    inbox,
    outbox_counts,
    outbox_problems,
    preferences_of,
    unread_count,
    with_bodies,
)
from organizations.notifications.unsubscribe import unsubscribe, unsubscription_for_token
from organizations.roles import Permission
from organizations.tenancy import organization_scope, permission_required
from organizations.view_helpers import post_only

PAGE_SIZE = 25


@permission_required(Permission.ORGANIZATION_VIEW)
def notifications(request, org_slug):
    page = Paginator(inbox(user=request.user, organization=request.organization), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # Messages a scan stored unrendered get their bodies from their stored context.
    page.object_list = with_bodies(page.object_list, request.organization)
    return render(
        request,
        "organizations/notifications/list.html",
        {"page": page, "unread": unread_count(user=request.user, organization=request.organization)},
    )


@permission_required(Permission.ORGANIZATION_VIEW)
def notification_open(request, org_slug, pk):
    """Mark one message read and go where it points (POST, from its "Open" button)."""
    notification = get_object_or_404(inbox(user=request.user, organization=request.organization), pk=pk)
    if refused := post_only(request):
        return refused
    notifications_mark_read(user=request.user, organization=request.organization, ids=[notification.pk])
    if notification.link and url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return HttpResponseRedirect(notification.link)
    return redirect("notifications", org_slug=org_slug)


@permission_required(Permission.ORGANIZATION_VIEW)
def notifications_read_all(request, org_slug):
    if refused := post_only(request):
        return refused
    count = notifications_mark_read(user=request.user, organization=request.organization)
    messages.success(request, f"Marked {count} message{'s' if count != 1 else ''} as read.")
    return redirect("notifications", org_slug=org_slug)


@permission_required(Permission.ORGANIZATION_VIEW)
def notification_preferences(request, org_slug):
    membership = request.membership
    if request.method == "POST":
        known = {kind.key for kind in notification_kinds()}
        preferences_save(
            membership=membership,
            by_email={key for key in request.POST.getlist("email") if key in known},
            in_app={key for key in request.POST.getlist("in_app") if key in known},
            daily_digest=request.POST.get("daily_digest") == "on",
        )
        messages.success(request, "Your message choices are saved.")
        return redirect("notification_preferences", org_slug=org_slug)
    return render(
        request,
        "organizations/notifications/preferences.html",
        {"rows": preferences_of(user=request.user, organization=request.organization)},
    )


@permission_required(Permission.ORGANIZATION_MANAGE)
def notification_outbox(request, org_slug):
    page = Paginator(outbox_problems(organization=request.organization), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # Messages a scan stored unrendered get their bodies from their stored context.
    page.object_list = with_bodies(page.object_list, request.organization)
    return render(
        request,
        "organizations/notifications/outbox.html",
        {
            "counts": outbox_counts(organization=request.organization),
            "statuses": EmailStatus.choices,
            "page": page,
        },
    )


@permission_required(Permission.ORGANIZATION_MANAGE)
def notification_retry_view(request, org_slug, pk):
    notification = get_object_or_404(Notification.objects.filter(organization=request.organization), pk=pk)
    if refused := post_only(request):
        return refused
    notification_retry(notification=notification)
    from organizations.notifications.enqueue import dispatch_after_commit

    dispatch_after_commit(request.organization)
    messages.success(request, f"The email to {notification.email} will be sent again.")
    return redirect("notification_outbox", org_slug=org_slug)


@csrf_exempt  # RFC 8058: mail clients post the one-click unsubscribe without a CSRF token.
def notification_unsubscribe(request, token):
    unsubscription = unsubscription_for_token(token)
    if unsubscription is None:
        raise Http404("This unsubscribe link is not valid.")
    organization = Organization.objects.filter(pk=unsubscription.organization_id).first()
    if organization is None:
        raise Http404("This unsubscribe link is not valid.")
    kind_labels = {kind.key: kind.label for kind in notification_kinds()}
    context = {
        "organization_name": organization.name,
        "kind_label": kind_labels.get(unsubscription.kind, unsubscription.kind),
        "done": False,
    }
    if request.method == "POST":
        with organization_scope(organization):
            unsubscribe(organization=organization, unsubscription=unsubscription)
        context["done"] = True
    return render(request, "organizations/notifications/unsubscribe.html", context)
