"""``scans_run``: the registered scans of one organization share one transaction; a failing
scan neither stops the others nor leaves half its messages (the transaction is rolled back and
each scan runs again in a transaction of its own), nor does a commit that fails (a constraint
checked at commit); inside a caller's transaction each scan has a savepoint."""

import pytest
from django.db import connection

from organizations.models import Notification
from organizations.notifications import kinds as registry
from organizations.notifications.outbox import Message, notify_count
from organizations.notifications.scans import scans_run


def _writes(key: str, *, then_fail: bool = False):
    def scan(organization, now):
        user = organization.memberships.order_by("pk").first().user
        made = notify_count(
            organization,
            [Message(kind="meeting_soon", key=key, subject=key, user_id=user.pk, email=user.email)],
            now=now,
            kick=False,
        )
        if then_fail:
            raise RuntimeError("the scan failed after writing")
        return made

    scan.__qualname__ = f"scan_{key}"
    return scan


def _broken_at_commit(organization, now):
    """Writes a message for a user who does not exist: the foreign key is checked at commit."""
    missing = 10**9
    return notify_count(
        organization,
        [Message(kind="meeting_soon", key="ghost", subject="ghost", user_id=missing, email="g@x.test")],
        now=now,
        kick=False,
    )


@pytest.fixture
def only_these_scans(monkeypatch):
    def use(*scans):
        monkeypatch.setattr(registry, "_scans", {scan.__qualname__: scan for scan in scans})

    return use


@pytest.mark.parametrize(
    "in_transaction",
    [
        pytest.param(False, marks=pytest.mark.django_db(transaction=True)),
        pytest.param(True, marks=pytest.mark.django_db),
    ],
)
def test_a_failing_scan_leaves_nothing_and_stops_no_other(
    org, mentee, only_these_scans, settings, in_transaction
):
    from django.utils import timezone

    settings.NOTIFICATIONS_RAISE_SCAN_ERRORS = False
    only_these_scans(_writes("before"), _writes("failing", then_fail=True), _writes("after"))
    assert connection.in_atomic_block == in_transaction
    assert scans_run(organization=org, now=timezone.now()) == 2
    assert set(Notification.objects.filter(organization=org).values_list("key", flat=True)) == {
        "before",
        "after",
    }


@pytest.mark.django_db(transaction=True)
def test_a_failed_commit_runs_each_scan_apart_and_keeps_the_others(org, mentee, only_these_scans, settings):
    from django.utils import timezone

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
    settings.NOTIFICATIONS_RAISE_SCAN_ERRORS = False
    only_these_scans(_writes("before"), _broken_at_commit, _writes("after"))
    assert scans_run(organization=org, now=timezone.now()) == 2
    assert set(Notification.objects.filter(organization=org).values_list("key", flat=True)) == {
        "before",
        "after",
    }
