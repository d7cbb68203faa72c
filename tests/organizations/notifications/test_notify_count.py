"""``notify_count`` (the scans' store) decides every message's channels as ``notify_many``
does: the recipient's preference or the kind's default, essential kinds ignoring preferences,
the daily digest for people who chose it, nothing to people who left, other organizations'
choices never read. On PostgreSQL it decides in its one ``INSERT … SELECT``: compared here
with the Python decisions of ``notify_many``, message by message."""

import datetime
import itertools

import pytest

from organizations.models import Membership, Notification, NotificationPreference
from organizations.notifications.outbox import Message, notify_count, notify_many, recipient_key_for
from tests.factories import EmployeeFactory, MembershipFactory

pytestmark = pytest.mark.django_db

# Kinds with different defaults: digestible with the in-app channel, an email-only kind that
# is not digestible, and an essential one (preferences ignored).
KINDS = {
    "meeting_soon": {"meeting": {"duration_minutes": 30}, "partners": "Ada", "when": "soon"},
    "daily_digest": {"items": [], "day": "today"},
    "invitation": {"role": "member", "url": "https://x.test/i/1", "ttl_days": 7},
}
CHOICES = (None, (True, True), (False, True), (True, False), (False, False))


def _people(org, other_org):
    """One person per (choice per kind, digest or not), with the same choices stored for the
    same key in another organization that must not count."""
    people = []
    for choice, digest in itertools.product(CHOICES, (False, True)):
        user = MembershipFactory(organization=org, daily_digest=digest).user
        # The other organization's choices are the opposite: never read for this one.
        Membership.objects.create(organization=other_org, user=user, daily_digest=not digest)
        for kind in KINDS:
            NotificationPreference.objects.create(
                organization=other_org,
                recipient_key=recipient_key_for(user=user),
                kind=kind,
                by_email=not (choice or (True, True))[0],
                in_app=not (choice or (True, True))[1],
            )
            if choice is not None:
                NotificationPreference.objects.create(
                    organization=org,
                    recipient_key=recipient_key_for(user=user),
                    kind=kind,
                    by_email=choice[0],
                    in_app=choice[1],
                )
        people.append(user)
    return people


def _messages(people, prefix: str, left) -> list[Message]:
    messages = [
        Message(
            kind=kind,
            key=f"{prefix}:{n}",
            subject=f"About  {kind}\n{n}",
            user_id=user.pk,
            email=user.email,
            link=f"/o/acme/{n}/",
            context=context,
        )
        for n, user in enumerate(people)
        for kind, context in KINDS.items()
    ]
    # Someone without an account (by address), someone who left, and a repeat (first wins).
    messages.append(
        Message(kind="meeting_soon", key=f"{prefix}:outside", subject="Hi", email="Out@Side.test")
    )
    messages.append(
        Message(
            kind="meeting_soon",
            key=f"{prefix}:left",
            subject="Hi",
            email=left.email,
            left_on=left.termination_date,
        )
    )
    messages.append(
        Message(
            kind="meeting_soon", key=f"{prefix}:0", subject="Again", user_id=people[0].pk, email="x@y.test"
        )
    )
    return messages


COMPARED = ("recipient_key", "user_id", "email", "kind", "subject", "email_status", "in_app", "link")


def _stored(org, prefix: str) -> dict:
    """By (kind, key without the prefix): the columns compared."""
    return {
        (row[COMPARED.index("kind")], key.removeprefix(prefix)): row
        for *row, key in Notification.objects.filter(organization=org, key__startswith=prefix).values_list(
            *COMPARED, "key"
        )
    }


def test_the_scans_store_decides_every_channel_as_notify_many(org, other_org):
    people = _people(org, other_org)
    left = EmployeeFactory(organization=org, termination_date=datetime.date(2020, 1, 1))
    now = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    made = notify_many(org, _messages(people, "many", left), now=now, kick=False)
    count = notify_count(org, _messages(people, "count", left), now=now, kick=False)
    assert count == len(made) == len(people) * len(KINDS) + 1
    by_many, by_count = _stored(org, "many"), _stored(org, "count")
    assert len(by_count) == count
    assert by_count == by_many
    # The matrix covers every outcome, so the comparison means something.
    assert {row[COMPARED.index("email_status")] for row in by_count.values()} == {
        "pending",
        "skipped",
        "digest",
    }
    assert {row[COMPARED.index("in_app")] for row in by_count.values()} == {True, False}
    # Stored once: a second call makes nothing.
    assert notify_count(org, _messages(people, "count", left), now=now, kick=False) == 0
    assert not Notification.objects.filter(organization=other_org).exists()
