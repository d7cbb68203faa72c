"""Sending pending emails: one at a time, each marked in its own short transaction.

A row is *claimed* (pending → sending, attempts + 1) by a conditional update, so two
dispatchers never send the same row; the email goes out; the row is marked sent. An SMTP
error puts it back to pending with a later ``next_attempt_at`` (backoff) and the error; after
``MAX_ATTEMPTS`` it is ``failed`` and shows on the admins' outbox page. A worker killed
between the claim and the mark leaves the row ``sending``: after the claim timeout
(``NOTIFICATIONS_CLAIM_TIMEOUT``, ten minutes) the sweep puts it back with a note that it may
already have gone out — the one email that can be duplicated, and it is recorded.

A dispatch may be given a time budget (``seconds``): it then stops starting new emails once the
budget is spent and says there may be ``more``, so a Celery task ends well within its time
limit and queues its own continuation (organizations/tasks.py).
"""

import datetime
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Q
from django.utils import timezone

from organizations.models import EmailStatus, Notification, Organization
from organizations.notifications.emails import notification_email
from organizations.notifications.kinds import kind_is_secret

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Wait after the 1st, 2nd, … failed attempt.
BACKOFF = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
)
BATCH = 500
LOST_IN_FLIGHT = "The worker stopped while sending; this email may have gone out already."


@dataclass
class DispatchResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    # Stopped by its time budget: due emails may be left for the next dispatch.
    more: bool = False

    def __add__(self, other: "DispatchResult") -> "DispatchResult":
        return DispatchResult(
            self.sent + other.sent,
            self.retried + other.retried,
            self.failed + other.failed,
            self.more or other.more,
        )


def backoff(attempts: int) -> datetime.timedelta:
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def claim_timeout() -> datetime.timedelta:
    """How long a row may stay ``sending`` before it is taken for lost (longer than any one
    email can take: ``EMAIL_TIMEOUT`` bounds each exchange with the mail server)."""
    return datetime.timedelta(seconds=settings.NOTIFICATIONS_CLAIM_TIMEOUT)


def stale_claims_release(*, organization: Organization, now: datetime.datetime) -> int:
    """Put rows left ``sending`` by a lost worker back to pending, recording the doubt."""
    return Notification.objects.filter(
        organization=organization, email_status=EmailStatus.SENDING, claimed_at__lt=now - claim_timeout()
    ).update(email_status=EmailStatus.PENDING, next_attempt_at=now, last_error=LOST_IN_FLIGHT)


def _claim(notification: Notification, now: datetime.datetime) -> bool:
    claimed = Notification.objects.filter(pk=notification.pk, email_status=EmailStatus.PENDING).update(
        email_status=EmailStatus.SENDING, claimed_at=now, attempts=notification.attempts + 1
    )
    notification.attempts += 1
    return claimed == 1


def _send_one(notification: Notification, connection, now: datetime.datetime) -> str:
    if not _claim(notification, now):
        return "taken"
    try:
        notification_email(notification, connection=connection).send()
    except Exception as error:  # noqa: BLE001 - any failure of the mail server is retried
        final = notification.attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=notification.pk).update(
            email_status=EmailStatus.FAILED if final else EmailStatus.PENDING,
            next_attempt_at=now + backoff(notification.attempts),
            last_error=f"{type(error).__name__}: {error}"[:2000],
            claimed_at=None,
        )
        logger.warning("notification %s attempt %s failed: %s", notification.pk, notification.attempts, error)
        return "failed" if final else "retried"
    update = {"email_status": EmailStatus.SENT, "sent_at": timezone.now(), "claimed_at": None}
    if kind_is_secret(notification.kind):
        update["body_text"] = ""
        update["body_html"] = ""
    Notification.objects.filter(pk=notification.pk).update(**update)
    return "sent"


def dispatch_due(
    *,
    organization: Organization,
    now: datetime.datetime | None = None,
    limit: int | None = None,
    seconds: float | None = None,
) -> DispatchResult:
    """Send the organization's pending emails that are due; call inside its scope.

    Reads due rows a batch at a time (one query each), then two updates per email: claimed,
    then sent. A claimed row leaves the pending set, a retried one moves past ``now``, so the
    loop ends. Stops after ``limit`` emails when given, and starts no new email once ``seconds``
    have passed (then ``more`` is set).
    """
    now = now or timezone.now()
    deadline = None if seconds is None else time.monotonic() + seconds
    stale_claims_release(organization=organization, now=now)
    result = DispatchResult()
    with get_connection() as connection:
        while not result.more and (limit is None or result.sent + result.retried + result.failed < limit):
            batch = list(
                Notification.objects.filter(
                    organization=organization, email_status=EmailStatus.PENDING, next_attempt_at__lte=now
                )
                .filter(~Q(email=""))
                .select_related("organization")
                .order_by("next_attempt_at", "pk")[: BATCH if limit is None else min(BATCH, limit)]
            )
            if not batch:
                break
            for notification in batch:
                if deadline is not None and time.monotonic() >= deadline:
                    result.more = True
                    break
                outcome = _send_one(notification, connection, now)
                if outcome == "sent":
                    result.sent += 1
                elif outcome == "retried":
                    result.retried += 1
                elif outcome == "failed":
                    result.failed += 1
    return result


def notification_retry(*, notification: Notification) -> Notification:
    """An admin sends a failed email again: back to pending, attempts counted afresh."""
    Notification.objects.filter(pk=notification.pk, email_status=EmailStatus.FAILED).update(
        email_status=EmailStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    notification.refresh_from_db()
    return notification
