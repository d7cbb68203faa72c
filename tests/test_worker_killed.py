"""A real Celery worker process, SIGKILLed in the middle of a batch of emails, loses nothing and
sends nothing twice once a worker runs again — except at most the one email in flight, and
that one is recorded on its row (issue 11, item 8).

The worker is a separate ``celery -A config worker`` process on the test database (PostgreSQL)
and Redis, on a queue of its own; its email backend (``tests.email_backends``) takes its time
over each message and appends each one to a file, so the test can kill the worker after a few
and count exactly what went out. It is killed in the two places that matter:

- *while sending*: an email is claimed and the mail server has not taken it yet. It is sent
  once, after the claim timeout, and its row says it may have gone out.
- *after sending*: the mail server took the email, the row is not marked sent yet. It goes out
  a second time after the claim timeout — the one duplicate the design allows — recorded on
  its row, with the same Message-ID both times.
"""

import collections
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from config.celery import app as celery_app
from organizations.models import EmailStatus, Notification
from organizations.notifications.dispatch import LOST_IN_FLIGHT
from organizations.notifications.outbox import Message, notify_many
from organizations.tasks import dispatch_notifications
from tests.email_backends import recorded
from tests.factories import MembershipFactory
from tests.services import redis_url, require_postgresql

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
EMAILS = 30
KILL_AFTER = 8
CLAIM_TIMEOUT_SECONDS = 2


def _database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] or ""
    if db["PASSWORD"]:
        credentials += f":{db['PASSWORD']}"
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


# Seconds the mail server takes before and after it has the message.
DELAYS = {"while sending": (0.3, 0.0), "after sending": (0.05, 0.5)}


def _start_worker(queue: str, email_log: Path, output: Path, delays: tuple[float, float]) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_BACKEND": "tests.email_backends.RecordingEmailBackend",
        "LODESTAR_TEST_EMAIL_LOG": str(email_log),
        "LODESTAR_TEST_EMAIL_DELAY": str(delays[0]),
        "LODESTAR_TEST_EMAIL_DELAY_AFTER": str(delays[1]),
        "NOTIFICATIONS_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT_SECONDS),
    }
    with open(output, "ab") as log:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                "-Q",
                queue,
                "-n",
                f"{queue}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def _wait_for(condition, seconds: float, what: str, output: Path) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds:.0f} s; worker output:\n{output.read_text()[-4000:]}")
        time.sleep(0.01)


def _in_flight() -> Notification | None:
    return Notification.objects.filter(email_status=EmailStatus.SENDING).first()


def _claimed_not_taken(email_log: Path) -> bool:
    row, sent = _in_flight(), recorded(email_log)
    return row is not None and row.email != sent[-1]["to"][0]


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


@pytest.mark.parametrize("moment", list(DELAYS))
def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_at_most_the_email_in_flight(
    moment, org, tmp_path
):
    require_postgresql()
    redis_url()
    assert celery_app.conf.broker_url.startswith("redis://")
    celery_app.conf.task_always_eager = False  # tests/conftest.py puts it back

    users = [MembershipFactory(organization=org).user for _ in range(EMAILS)]
    notify_many(
        org,
        [
            Message(
                kind="daily_digest",
                key="worker-killed",
                subject="Your day in Lodestar",
                context={"items": [], "day": None},
                user=user,
            )
            for user in users
        ],
        kick=False,
    )
    queue = f"lodestar-test-{uuid.uuid4().hex[:10]}"
    email_log, output = tmp_path / "emails.jsonl", tmp_path / "worker.log"
    delays = DELAYS[moment]
    workers = [_start_worker(queue, email_log, output, delays)]
    try:
        dispatch_notifications.apply_async(args=[org.pk], queue=queue)
        _wait_for(lambda: len(recorded(email_log)) >= KILL_AFTER, 60, "the worker sent nothing", output)
        if moment == "while sending":
            # Wait for the next email's claim: the mail server does not have it yet.
            _wait_for(lambda: _claimed_not_taken(email_log), 5, "no email in flight", output)
        # (after sending: the mail server has just taken an email; its row is not marked yet)
        os.kill(workers[0].pid, signal.SIGKILL)
        workers[0].wait(10)
        killed_at = time.monotonic()

        before = recorded(email_log)
        in_flight = _in_flight()
        statuses = collections.Counter(Notification.objects.values_list("email_status", flat=True))
        assert KILL_AFTER <= len(before) < EMAILS, "the kill did not land mid-batch"
        assert statuses[EmailStatus.PENDING] > 0
        assert statuses[EmailStatus.SENDING] == 1, "one claim at a time, and the kill left it"
        taken_by_the_server = in_flight.email == before[-1]["to"][0]
        assert taken_by_the_server == (moment == "after sending"), "the kill missed its moment"

        # A worker again; a kick after the claim timeout (beat's sweep would kick the same way).
        workers.append(_start_worker(queue, email_log, output, delays))
        time.sleep(max(0.0, CLAIM_TIMEOUT_SECONDS + 0.5 - (time.monotonic() - killed_at)))
        dispatch_notifications.apply_async(args=[org.pk], queue=queue)
        _wait_for(
            lambda: not Notification.objects.exclude(email_status=EmailStatus.SENT).exists(),
            90,
            "the restarted worker did not send everything",
            output,
        )
    finally:
        for worker in workers:
            _stop(worker)

    sent = recorded(email_log)
    times = collections.Counter(message["to"][0] for message in sent)
    assert set(times) == {user.email for user in users}, "an email was lost"
    doubled = [address for address, count in times.items() if count > 1]
    assert doubled == ([in_flight.email] if taken_by_the_server else []), times
    assert max(times.values()) <= 2, times
    # The email in flight, and only it, is recorded as possibly sent twice.
    in_doubt = Notification.objects.filter(last_error=LOST_IN_FLIGHT)
    assert list(in_doubt.values_list("pk", flat=True)) == [in_flight.pk]
    for address in doubled:
        # Both copies carry the same Message-ID, so mail programs can tell it is one message.
        assert len({m["message_id"] for m in sent if m["to"] == [address]}) == 1
    assert {message["pid"] for message in sent} == {worker.pid for worker in workers}
