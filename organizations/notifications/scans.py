"""Running the registered reminder scans for one organization."""

import datetime
import logging

from django.conf import settings
from django.db import transaction

from organizations.models import Organization
from organizations.notifications.kinds import notification_scans

logger = logging.getLogger(__name__)


def scans_run(*, organization: Organization, now: datetime.datetime) -> int:
    """Every scan, each in its own transaction, so one failing scan neither stops the others
    nor leaves half its messages; returns how many messages were created."""
    created = 0
    for scan in notification_scans():
        try:
            with transaction.atomic():
                created += scan(organization, now) or 0
        except Exception:
            if settings.NOTIFICATIONS_RAISE_SCAN_ERRORS:
                raise
            logger.exception(
                "notification scan %s failed for organization %s", scan.__qualname__, organization.pk
            )
    return created
