"""Celery is configured for at-least-once work (issue 11, item 2).

A task is acknowledged only once it has run and is given back when its worker dies; a worker
holds one message at a time; Redis hands an unacknowledged message to another worker only after
the visibility timeout, which must outlast every task (each stopped by a time limit), or a slow
task would run twice at once; and nothing is scheduled ahead with an ETA or countdown (Redis
would keep such a message unacknowledged, and redeliver it, for as long as it waits).
"""

import re
from pathlib import Path

from django.conf import settings

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent
APP_DIRS = ("config", "organizations", "programs", "cohorts", "matching", "goals", "sessions", "analytics")
APP_DIRS += ("demo",)


def _lodestar_tasks():
    celery_app.loader.import_default_modules()
    tasks = {name: task for name, task in celery_app.tasks.items() if not name.startswith("celery.")}
    assert "organizations.tasks.dispatch_notifications" in tasks  # discovery worked
    return tasks


def test_tasks_are_acknowledged_after_they_run_and_given_back_when_the_worker_dies():
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.task_reject_on_worker_lost is True
    for name, task in _lodestar_tasks().items():
        assert task.acks_late is True, name
        assert task.reject_on_worker_lost is True, name


def test_a_worker_takes_one_message_at_a_time():
    assert celery_app.conf.worker_prefetch_multiplier == 1


def test_the_visibility_timeout_outlasts_every_task():
    visibility = celery_app.conf.broker_transport_options["visibility_timeout"]
    default_hard = celery_app.conf.task_time_limit
    default_soft = celery_app.conf.task_soft_time_limit
    assert default_hard and default_soft and default_soft < default_hard
    for name, task in _lodestar_tasks().items():
        hard = task.time_limit or default_hard
        soft = task.soft_time_limit or default_soft
        assert soft < hard < visibility, f"{name}: soft {soft} s, hard {hard} s, visibility {visibility} s"


def test_a_dispatch_stops_itself_well_before_the_time_limit_and_claims_outlast_an_email():
    soft = celery_app.conf.task_soft_time_limit
    # The budget stops new emails; the one in progress may take up to a few SMTP exchanges.
    assert soft > settings.NOTIFICATIONS_DISPATCH_SECONDS + 4 * settings.EMAIL_TIMEOUT
    assert settings.NOTIFICATIONS_CLAIM_TIMEOUT > 4 * settings.EMAIL_TIMEOUT


def test_publishing_never_retries_and_gives_up_within_a_second():
    assert celery_app.conf.task_publish_retry is False
    options = celery_app.conf.broker_transport_options
    assert options["socket_connect_timeout"] <= 1
    assert options["socket_timeout"] <= 1
    assert celery_app.conf.broker_connection_timeout <= 1


def test_nothing_is_scheduled_ahead_with_an_eta_or_countdown():
    offenders = []
    for folder in APP_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(r"\b(countdown|eta)\s*=", line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "find due work with a beat scan instead:\n" + "\n".join(offenders)
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        options = entry.get("options", {})
        assert "eta" not in options and "countdown" not in options, name
