"""Sending pending emails: one at a time, each marked in its own short transaction.

A row is *claimed* (pending → sending, attempts + 1) by a conditional update, so two
dispatchers never send the same row; the email goes out; the row is marked sent — in the same
single statement that claims the next row, so each email costs one write and one commit, and
its outcome is committed before the next email goes out. An SMTP
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
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as database
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


def _write(
    *, mark: tuple[int, dict] | None = None, claim: tuple[int, dict] | None = None
) -> tuple[bool, bool]:
    """Record one email's outcome and/or claim the next, in ONE statement (so one short
    transaction per email): ``mark`` is (pk, values) for the email just tried, ``claim`` (pk,
    values) for the next one, taken only while it is still pending. Returns (marked, claimed).

    The dispatcher's hot path: a queryset per write cost more than the database did, and on
    PostgreSQL each commit waits for the disk, so the outcome of one email travels with the
    claim of the next rather than in a commit of its own. Still every outcome is committed
    before the next email goes out: a worker that dies leaves only the email in flight unmarked.
    """
    meta = Notification._meta
    quote = database.ops.quote_name
    pk_column = quote(meta.pk.column)
    rows = [row for row in (mark, claim) if row is not None]
    names = list(dict.fromkeys(name for _, values in rows for name in values))
    assignments, params = [], []
    for name in names:
        field = meta.get_field(name)
        column = quote(field.column)
        cases = []
        for pk, values in rows:
            if name in values:
                cases.append(f"WHEN {pk_column} = %s THEN %s")
                params += [pk, field.get_db_prep_save(values[name], database)]
        assignments.append(f"{column} = CASE {' '.join(cases)} ELSE {column} END")
    conditions = []
    if mark is not None:
        conditions.append(f"{pk_column} = %s")
        params.append(mark[0])
    if claim is not None:
        conditions.append(f"({pk_column} = %s AND {quote(meta.get_field('email_status').column)} = %s)")
        params += [claim[0], EmailStatus.PENDING]
    sql = f"UPDATE {quote(meta.db_table)} SET {', '.join(assignments)} WHERE {' OR '.join(conditions)}"
    with database.cursor() as cursor:
        cursor.execute(sql, params)
        changed = cursor.rowcount
    if mark is None:
        return False, changed == 1
    if claim is None:
        return changed == 1, False
    # The email just tried is this dispatcher's own (``sending``): it always matches, so two
    # rows changed means the next one was claimed too. (Should it have vanished meanwhile, a
    # claimed next row is taken for not claimed: it is left ``sending`` and sent after the claim
    # timeout, never sent unclaimed.)
    return changed >= 1, changed == 2


class _Marks:
    """The outcome of the email just tried, waiting to travel with the claim of the next."""

    def __init__(self):
        self.waiting: tuple[int, dict] | None = None

    def keep(self, notification: Notification, update: dict) -> None:
        self.waiting = (notification.pk, update)

    def write(self) -> None:
        """On its own, when there is no next email (end of the run, or an error)."""
        if self.waiting is not None:
            mark, self.waiting = self.waiting, None
            _write(mark=mark)

    def write_and_claim(self, notification: Notification, now: datetime.datetime) -> bool:
        mark, self.waiting = self.waiting, None
        claim = {
            "email_status": EmailStatus.SENDING,
            "claimed_at": now,
            "attempts": notification.attempts + 1,
        }
        _, claimed = _write(mark=mark, claim=(notification.pk, claim))
        notification.attempts += 1
        return claimed


def _send_one(notification: Notification, connection, now: datetime.datetime, marks: _Marks) -> str:
    if not marks.write_and_claim(notification, now):
        return "taken"
    try:
        notification_email(notification, connection=connection).send()
    except Exception as error:  # noqa: BLE001 - any failure of the mail server is retried
        final = notification.attempts >= MAX_ATTEMPTS
        marks.keep(
            notification,
            {
                "email_status": EmailStatus.FAILED if final else EmailStatus.PENDING,
                "next_attempt_at": now + backoff(notification.attempts),
                "last_error": f"{type(error).__name__}: {error}"[:2000],
                "claimed_at": None,
            },
        )
        logger.warning("notification %s attempt %s failed: %s", notification.pk, notification.attempts, error)
        return "failed" if final else "retried"
    update = {"email_status": EmailStatus.SENT, "sent_at": timezone.now(), "claimed_at": None}
    if kind_is_secret(notification.kind):
        update["body_text"] = ""
        update["body_html"] = ""
    marks.keep(notification, update)
    return "sent"


def dispatch_due(
    *,
    organization: Organization,
    now: datetime.datetime | None = None,
    limit: int | None = None,
    seconds: float | None = None,
) -> DispatchResult:
    """Send the organization's pending emails that are due; call inside its scope.

    Reads due rows a batch at a time (one query each), then one statement per email: the
    outcome of the previous email and the claim of this one (``_write``). A claimed row leaves
    the pending set, a retried one moves past ``now``, so the loop ends. Stops after ``limit``
    emails when given, and starts no new email once ``seconds`` have passed (then ``more`` is
    set).
    """
    now = now or timezone.now()
    deadline = None if seconds is None else time.monotonic() + seconds
    stale_claims_release(organization=organization, now=now)
    result = DispatchResult()
    marks = _Marks()
    with get_connection() as connection, _written_at_the_end(marks):
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
                outcome = _send_one(notification, connection, now, marks)
                if outcome == "sent":
                    result.sent += 1
                elif outcome == "retried":
                    result.retried += 1
                elif outcome == "failed":
                    result.failed += 1
    return result


@contextmanager
def _written_at_the_end(marks: _Marks):
    try:
        yield
    finally:
        marks.write()


def notification_retry(*, notification: Notification) -> Notification:
    """An admin sends a failed email again: back to pending, attempts counted afresh."""
    Notification.objects.filter(pk=notification.pk, email_status=EmailStatus.FAILED).update(
        email_status=EmailStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    notification.refresh_from_db()
    return notification
