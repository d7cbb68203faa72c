"""``/favicon.ico``: browsers ask for it whatever a page links to, so it answers with a redirect
to the icon's current address (content-hashed when DEBUG is off), looked up per request, and
the browser keeps that answer for a day. No session, no organization, no database."""

from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ONE_DAY = 24 * 60 * 60


@require_safe
@cache_control(public=True, max_age=ONE_DAY)
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(static("favicon.svg"))
