"""Running the registered reminder scans for one organization."""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, transaction

from organizations.models import Organization
from organizations.notifications.kinds import notification_scans

logger = logging.getLogger(__name__)


def scans_run(*, organization: Organization, now: datetime.datetime) -> int:
    """Every scan, each in its own savepoint, so one failing scan neither stops the others
    nor leaves half its messages; returns how many messages were created.

    The scans share one transaction, committed once: a commit waits for the disk (about 5 ms
    on PostgreSQL here, for each of the eight or so scans that write), which was a tenth of a
    first sweep. Constraints checked only at commit (PostgreSQL's deferred foreign keys: a
    pair deleted meanwhile) fail the whole commit; then each scan runs again in a transaction
    of its own, as before, and only the one at fault is lost (the scans are idempotent, and
    the failed commit left nothing)."""
    try:
        with transaction.atomic():
            return _run(organization, now)
    except DatabaseError:
        if settings.NOTIFICATIONS_RAISE_SCAN_ERRORS or transaction.get_connection().in_atomic_block:
            raise
        logger.warning(
            "notification scans of organization %s failed at commit; running each apart", organization.pk
        )
        return _run(organization, now)


def _run(organization: Organization, now: datetime.datetime) -> int:
    """Each scan in an atomic block: a savepoint inside ``scans_run``'s transaction, or a
    transaction of its own after a failed commit."""
    created = 0
    for scan in notification_scans():
        try:
            with transaction.atomic():
                made = scan(organization, now) or 0
            created += made  # once its savepoint or transaction is through
        except Exception:
            if settings.NOTIFICATIONS_RAISE_SCAN_ERRORS:
                raise
            logger.exception(
                "notification scan %s failed for organization %s", scan.__qualname__, organization.pk
            )
    return created
