"""Sending Celery messages as hints: never blocking a request, never failing a committed write.

The outbox already holds every message, so a kick that cannot reach the broker only delays
the email until the beat sweep (or ``manage.py send_due_notifications``) finds it. The broker
connection is bounded to about a second by ``CELERY_BROKER_TRANSPORT_OPTIONS`` and publish
retries are off (config/settings.py); here a failure is logged and swallowed, and for
``PAUSE_AFTER_FAILURE`` the process sends no hints at all, so during an outage the requests
that follow do not each wait that second.

Every ``.delay()`` a request or a roster load makes after its commit goes through
``send_hint`` (tests/test_resilience.py fails on any other).
"""

import logging
import threading
import time

from django.db import transaction
from kombu.exceptions import OperationalError

from organizations.models import Organization

logger = logging.getLogger(__name__)


PAUSE_AFTER_FAILURE = 15.0
_paused_until = 0.0
_lock = threading.Lock()


def send_hint(task, *args) -> bool:
    """``task.delay(*args)`` that logs instead of raising when the broker is unreachable.

    Returns whether the message was queued (or, in-process, run).
    """
    global _paused_until
    eager = task.app.conf.task_always_eager
    if not eager and time.monotonic() < _paused_until:
        logger.info("not queueing %s: the broker was unreachable moments ago", task.name)
        return False
    try:
        task.apply_async(args=args, retry=False)
    except (OperationalError, OSError) as error:
        if not eager:
            with _lock:
                _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
        logger.warning("could not queue %s (%s); the next sweep will do its work", task.name, error)
        return False
    return True


def hints_resume() -> None:
    """Forget an earlier broker failure (tests, or a caller that knows the broker is back)."""
    global _paused_until
    with _lock:
        _paused_until = 0.0


def dispatch_after_commit(organization: Organization) -> None:
    """Once the current transaction commits, ask a worker to send the organization's pending
    emails (in-process when there is no broker)."""
    from organizations.tasks import dispatch_notifications

    organization_id = organization.pk
    transaction.on_commit(lambda: send_hint(dispatch_notifications, organization_id))
