"""``/healthz``: is this web process able to serve? Used by the container health check.

It answers without a session or an organization and says nothing about the data, only whether
the database answers a query: a web process that cannot reach its database should be taken
out of rotation and restarted.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        # A real round trip: an open connection object can still point at a dead server.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
