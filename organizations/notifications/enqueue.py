"""Sending Celery messages as hints: never blocking a request, never failing a committed write.

The outbox already holds every message, so a kick that cannot reach the broker only delays
the email until the beat sweep (or ``manage.py send_due_notifications``) finds it. The broker
connection is bounded to about a second by ``CELERY_BROKER_TRANSPORT_OPTIONS`` and publish
retries are off (config/settings.py); here a failure is logged and swallowed.
"""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

from organizations.models import Organization

logger = logging.getLogger(__name__)


def send_hint(task, *args) -> bool:
    """``task.delay(*args)`` that logs instead of raising when the broker is unreachable."""
    try:
        task.apply_async(args=args, retry=False)
    except (OperationalError, OSError) as error:
        logger.warning("could not queue %s (%s); the next sweep will do its work", task.name, error)
        return False
    return True


def dispatch_after_commit(organization: Organization) -> None:
    """Once the current transaction commits, ask a worker to send the organization's pending
    emails (in-process when there is no broker)."""
    from organizations.tasks import dispatch_notifications

    organization_id = organization.pk
    transaction.on_commit(lambda: send_hint(dispatch_notifications, organization_id))
