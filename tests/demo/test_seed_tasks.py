"""The seed runs its tasks in-process even where a broker is configured, and restores the setting."""

import pytest
from celery.app.task import Task

from config.celery import app as celery_app
from tests.demo.seeding import seed

pytestmark = pytest.mark.across_organizations


@pytest.mark.django_db(transaction=False)
def test_the_seed_runs_its_tasks_in_process_whatever_the_broker(monkeypatch):
    seen = []
    original = Task.apply_async

    def refuse_queueing(self, *args, **kwargs):
        seen.append(self.name)
        if not celery_app.conf.task_always_eager:
            raise AssertionError(f"{self.name} was sent to a broker during the seed")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Task, "apply_async", refuse_queueing)
    celery_app.conf.task_always_eager = False
    try:
        seed()
        assert seen, "the seed queued no task at all; this test would prove nothing"
        assert celery_app.conf.task_always_eager is False
    finally:
        celery_app.conf.task_always_eager = True
