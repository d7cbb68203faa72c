"""Running the registered reminder scans for one organization."""

import datetime
import logging

from django.conf import settings
from django.db import transaction

from organizations.models import Organization
from organizations.notifications.kinds import notification_scans

logger = logging.getLogger(__name__)


def scans_run(*, organization: Organization, now: datetime.datetime) -> int:
    """Every scan, so that one failing scan neither stops the others nor leaves half its
    messages; returns how many messages were created.

    The scans share one transaction, committed once: a commit that writes waits for the disk
    (about 5 ms on PostgreSQL here, for each of the eight or so scans that write: a tenth of
    a first sweep), and a savepoint per scan would cost two statements each even when nothing
    is new. When a scan fails, or the commit does (a constraint checked only then, such as
    PostgreSQL's deferred foreign keys), the transaction is rolled back and each scan runs
    again in a transaction of its own, as it always did: the scans are idempotent and the
    rolled-back attempt left nothing. Inside a caller's transaction there is no commit to
    share, and each scan runs in a savepoint of it."""
    if transaction.get_connection().in_atomic_block:
        return _each_apart(organization, now)
    try:
        with transaction.atomic():
            return sum(scan(organization, now) or 0 for scan in notification_scans())
    except Exception:
        if settings.NOTIFICATIONS_RAISE_SCAN_ERRORS:
            raise
        logger.warning(
            "notification scans of organization %s failed together; running each apart", organization.pk
        )
        return _each_apart(organization, now)


def _each_apart(organization: Organization, now: datetime.datetime) -> int:
    """Each scan in an atomic block of its own (a transaction, or a savepoint of the caller's)."""
    created = 0
    for scan in notification_scans():
        try:
            with transaction.atomic():
                made = scan(organization, now) or 0
            created += made  # once its transaction is through
        except Exception:
            if settings.NOTIFICATIONS_RAISE_SCAN_ERRORS:
                raise
            logger.exception(
                "notification scan %s failed for organization %s", scan.__qualname__, organization.pk
            )
    return created
