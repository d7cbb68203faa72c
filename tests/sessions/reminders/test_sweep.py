"""The whole sweep, as beat runs it every five minutes: every scan of every organization,
then the dispatch. Each person gets their own organization's messages, once."""

import datetime

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from organizations.models import Notification
from organizations.tasks import send_due_notifications
from organizations.tenancy import organization_scope
from sessions.models import MeetingStatus
from tests.cohorts.factories import CohortFactory
from tests.factories import MembershipFactory, UserFactory
from tests.frozen_time import frozen, local
from tests.sessions.factories import MeetingFactory, pair_of


def _busy_pair(organization, mentor, mentee):
    """A pair with a meeting tomorrow morning, in a program running through 2026."""
    cohort = CohortFactory(
        program__organization=organization,
        program__status="active",
        program__start_date=datetime.date(2026, 1, 5),
        program__end_date=datetime.date(2026, 12, 18),
        status="active",
    )
    with frozen(local(organization, "2026-05-01 09:00")):
        pair = pair_of(mentor, mentee, cohort)
    MeetingFactory(
        pair=pair, starts_at=local(organization, "2026-05-06 10:00"), status=MeetingStatus.SCHEDULED
    )
    return pair


@pytest.mark.across_organizations
def test_each_organizations_people_get_their_own_reminders_once(org, other_org, mentor, mentee):
    ours = (mentor, mentee)
    theirs = tuple(MembershipFactory(organization=other_org, user=UserFactory()).user for _ in range(2))
    with organization_scope(org):
        _busy_pair(org, *ours)
    with organization_scope(other_org):
        _busy_pair(other_org, *theirs)
    mail.outbox.clear()
    with frozen(local(org, "2026-05-05 12:00")):
        send_due_notifications()
        send_due_notifications()
    sent = {tuple(message.to) for message in mail.outbox if "mentoring meeting" in message.subject}
    assert sent == {(u.email,) for u in ours + theirs}
    assert len([m for m in mail.outbox if "mentoring meeting" in m.subject]) == 4
    with scopes_disabled():
        by_org = set(Notification.objects.filter(kind="meeting_soon").values_list("organization_id", "email"))
    assert by_org == {(org.pk, u.email) for u in ours} | {(other_org.pk, u.email) for u in theirs}


@pytest.mark.across_organizations
def test_the_sweep_queues_each_organizations_scan_as_a_task_of_its_own(org, other_org, monkeypatch):
    """Side by side on as many worker processes as there are, rather than one after another
    in the beat's task: the sweep only queues."""
    from organizations.notifications import enqueue
    from organizations.tasks import scan_organization_notifications

    queued = []
    monkeypatch.setattr(enqueue, "send_hint", lambda task, *args: queued.append((task, *args)) or True)

    assert send_due_notifications() == 2
    assert queued == [(scan_organization_notifications, pk) for pk in sorted([org.pk, other_org.pk])]


@pytest.mark.across_organizations
def test_a_scan_the_broker_cannot_take_runs_in_the_sweep_itself(org, other_org, mentor, mentee, monkeypatch):
    from organizations.notifications import enqueue

    theirs = tuple(MembershipFactory(organization=other_org, user=UserFactory()).user for _ in range(2))
    with organization_scope(org):
        _busy_pair(org, mentor, mentee)
    with organization_scope(other_org):
        _busy_pair(other_org, *theirs)
    monkeypatch.setattr(enqueue, "send_hint", lambda task, *args: False)  # the broker went away

    with frozen(local(org, "2026-05-05 12:00")):
        assert send_due_notifications() == 2
    with scopes_disabled():
        told = set(Notification.objects.filter(kind="meeting_soon").values_list("organization_id", "email"))
    assert told == {(org.pk, u.email) for u in (mentor, mentee)} | {(other_org.pk, u.email) for u in theirs}
