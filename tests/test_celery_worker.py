"""A real Celery worker, fed through Redis, runs a task that re-opens its organization's scope.

Eager mode (every other test) runs tasks in the caller's thread and context; here the task
crosses a real broker into a worker thread that has no tenant scope of its own.
"""

import time

import pytest
from celery.signals import task_postrun
from django.core import mail
from django.db import connections

from config.celery import app as celery_app
from organizations.services.invitations import invitation_create
from tests.services import redis_url

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_worker(settings):
    redis_url()  # skips locally (fails in CI) when Redis is not configured or reachable
    from celery.contrib.testing.worker import start_worker

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_app.conf.task_always_eager = False
    # The worker thread opens its own database connection; close it after each task, or it
    # outlives the test and keeps PostgreSQL from dropping the test database.
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        task_postrun.disconnect(_close_worker_connections)
        celery_app.conf.task_always_eager = True


def _close_worker_connections(**kwargs) -> None:
    connections.close_all()


def _wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_inviting_someone_queues_the_email_for_a_real_worker(real_worker, org, admin):
    assert celery_app.conf.broker_url.startswith("redis://")
    mail.outbox.clear()

    # The service stores the email in the outbox with the invitation and, on commit, kicks
    # dispatch_notifications; the worker picks it up from Redis and runs it in a thread with
    # no tenant scope: the task's scoped reads only work because it re-opens the invitation's
    # organization scope (an unscoped read would raise).
    _, raw_token = invitation_create(
        organization=org, actor=admin, email="new.colleague@example.com", role="member"
    )

    assert _wait_for(lambda: len(mail.outbox) == 1), "the worker sent no email within 30 s"
    assert mail.outbox[0].to == ["new.colleague@example.com"]
    assert raw_token in mail.outbox[0].body


def test_the_beats_sweep_has_a_real_worker_scan_each_organization_and_send(
    real_worker, org, other_org, mentor, mentee
):
    """``send_due_notifications`` (beat's task) only queues one scan per organization; the
    worker runs each scan in that organization's scope, and the scan has the emails sent."""
    import datetime

    from django.utils import timezone

    from organizations.tasks import send_due_notifications
    from organizations.tenancy import organization_scope
    from sessions.models import MeetingStatus
    from tests.sessions.factories import MeetingFactory, cohort_in_its_year, pair_of

    with organization_scope(org):
        cohort = cohort_in_its_year(org)
        pair = pair_of(mentor, mentee, cohort)
        MeetingFactory(
            pair=pair, starts_at=timezone.now() + datetime.timedelta(hours=3), status=MeetingStatus.SCHEDULED
        )
    mail.outbox.clear()

    assert send_due_notifications() == 2

    reminded = lambda: {tuple(m.to) for m in mail.outbox if "mentoring meeting" in m.subject}  # noqa: E731
    assert _wait_for(lambda: reminded() == {(mentor.email,), (mentee.email,)}), reminded()
