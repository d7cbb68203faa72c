"""The refresh task: by id, in its organization's scope, after commit, and nightly for everyone."""

import pytest
from django.conf import settings
from django_scopes import ScopeError, scopes_disabled

from analytics import tasks
from analytics.models import FactsRefresh, MonthlyFact
from tests.analytics.factories import random_roster
from tests.factories import OrganizationFactory


@pytest.mark.across_organizations
def test_the_task_takes_an_organization_id_and_refreshes_that_organization(org, other_org):
    random_roster(org, people=20)
    assert tasks.refresh_facts.delay(org.pk).get() == 20
    assert FactsRefresh.objects.filter(organization=org).exists()
    assert not FactsRefresh.objects.filter(organization=other_org).exists()


def test_the_task_opens_the_organization_scope_itself(db):
    # No ``org`` fixture: the body runs as a worker does, scopes enforced and none open.
    with scopes_disabled():
        organization = OrganizationFactory()
        random_roster(organization, people=10)
    with pytest.raises(ScopeError):
        list(MonthlyFact.objects.all())
    tasks.refresh_facts.apply(args=[organization.pk]).get()
    with scopes_disabled():
        assert MonthlyFact.objects.filter(organization=organization).exists()


def test_a_deleted_organization_makes_the_task_do_nothing(org):
    assert tasks.refresh_facts.delay(org.pk + 1000).get() is None


def test_refresh_later_queues_only_when_the_transaction_commits(
    org, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(tasks.refresh_facts, "apply_async", lambda args, **options: sent.append(args[0]))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tasks.facts_refresh_later(org.pk)
    assert sent == []
    for callback in callbacks:
        callback()
    assert sent == [org.pk]


def test_the_nightly_job_queues_one_refresh_per_organization(org, other_org, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.refresh_facts, "apply_async", lambda args, **options: sent.append(args[0]))
    assert tasks.refresh_facts_nightly() == 2
    assert sorted(sent) == sorted([org.pk, other_org.pk])


def test_the_nightly_refresh_is_on_the_beat_schedule():
    entries = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "analytics.tasks.refresh_facts_nightly"
    ]
    assert len(entries) == 1
    assert entries[0]["schedule"] == 24 * 60 * 60
