"""The personal calendar feed: a page to make, copy and revoke the secret address, and the
public feed itself (outside /o/, found by its token alone)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from organizations.roles import Permission
from organizations.tenancy import organization_scope, permission_required
from organizations.view_helpers import post_only
from sessions.calendars import feed_calendar
from sessions.models import CalendarFeed
from sessions.selectors import calendar_feed_items
from sessions.services.calendar_feeds import (
    calendar_feed_create,
    calendar_feed_find_across_organizations,
    calendar_feed_revoke,
)


@permission_required(Permission.MENTORING_PARTICIPATE)
def calendar_settings(request, org_slug):
    feed = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
    return render(request, "sessions/calendar.html", {"feed": feed, "feed_url": None})


@permission_required(Permission.MENTORING_PARTICIPATE)
def calendar_create(request, org_slug):
    """Make a new secret address (the old one stops working) and show it this once."""
    if refused := post_only(request):
        return refused
    feed, raw_token = calendar_feed_create(organization=request.organization, user=request.user)
    feed_url = request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": raw_token}))
    messages.success(
        request, "Your calendar address is ready. Copy it now: for your safety we show it only once."
    )
    return render(request, "sessions/calendar.html", {"feed": feed, "feed_url": feed_url})


@permission_required(Permission.MENTORING_PARTICIPATE)
def calendar_revoke(request, org_slug):
    if refused := post_only(request):
        return refused
    if calendar_feed_revoke(organization=request.organization, user=request.user):
        messages.success(
            request, "Your calendar address is switched off. Calendar apps using it stop updating."
        )
    return redirect("mentoring:calendar", org_slug=org_slug)


def calendar_feed(request, token):
    """The public feed. The token is the only credential; a wrong or revoked one is a 404."""
    feed = calendar_feed_find_across_organizations(token)
    if feed is None:
        raise Http404("No such calendar")
    with organization_scope(feed.organization):
        if not feed.organization.memberships.filter(user=feed.user).exists():
            raise Http404("No such calendar")
        meetings, sessions = calendar_feed_items(user=feed.user)
        body = feed_calendar(organization=feed.organization, meetings=meetings, sessions=sessions)
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
