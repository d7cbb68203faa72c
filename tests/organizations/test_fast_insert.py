"""``insert_new``: many rows in one statement, rows a unique constraint holds skipped, the
written ones given their primary keys, and every value stored as Django would store it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organizations import fast_insert
from organizations.fast_insert import insert_new
from organizations.models import EmailStatus, Notification
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

UNIQUE = ("organization", "recipient_key", "kind", "key")


def _row(org, user, key, **fields):
    return Notification(
        organization=org,
        recipient_key=f"user:{user.pk}",
        user=user,
        email=user.email,
        kind="daily_digest",
        key=key,
        subject="Hello",
        body_text="Body",
        **fields,
    )


def test_rows_are_written_with_their_keys_and_stored_ones_are_skipped(org):
    user = MembershipFactory(organization=org).user
    stored = Notification.objects.create(
        organization=org, recipient_key=f"user:{user.pk}", kind="daily_digest", key="b", subject="Old"
    )
    rows = [_row(org, user, "a"), _row(org, user, "b"), _row(org, user, "c")]
    written = insert_new(Notification, rows, unique=UNIQUE)
    assert [row.key for row in written] == ["a", "c"]
    assert all(row.pk and not row._state.adding for row in written)
    assert Notification.objects.get(key="b").subject == "Old" and stored.pk
    assert {row.pk for row in written} == set(
        Notification.objects.exclude(key="b").values_list("pk", flat=True)
    )


def test_dates_are_stored_so_that_queries_find_them(org):
    """Times go through the field where the database needs it (SQLite stores naive UTC text):
    a row due now is found by the dispatcher's own filter."""
    user = MembershipFactory(organization=org).user
    now = timezone.now().replace(microsecond=0)
    insert_new(Notification, [_row(org, user, "a", next_attempt_at=now, created_at=now)], unique=UNIQUE)
    due = Notification.objects.filter(email_status=EmailStatus.PENDING, next_attempt_at__lte=now)
    assert due.count() == 1
    assert not Notification.objects.filter(next_attempt_at__lt=now - datetime.timedelta(seconds=1)).exists()
    assert Notification.objects.get().next_attempt_at == now


def test_one_statement_per_batch_however_many_rows(org, monkeypatch):
    monkeypatch.setattr(fast_insert, "ROWS_PER_STATEMENT", 10)
    user = MembershipFactory(organization=org).user
    with CaptureQueriesContext(connection) as captured:
        written = insert_new(Notification, [_row(org, user, str(n)) for n in range(25)], unique=UNIQUE)
    assert len(written) == 25
    assert len(captured) == 3


def test_nothing_to_insert_costs_nothing(org, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_new(Notification, [], unique=UNIQUE) == []


def test_plain_rows_are_written_and_stored_ones_skipped(org):
    """``insert_values``: the same from tuples, returning the tuples written."""
    user = MembershipFactory(organization=org).user
    Notification.objects.create(
        organization=org, recipient_key=f"user:{user.pk}", kind="daily_digest", key="b", subject="Old"
    )
    columns = [field.attname for field in Notification._meta.concrete_fields if not field.primary_key]
    blank = {name: getattr(_row(org, user, ""), name) for name in columns}
    rows = [tuple({**blank, "key": key, "context": {"n": key}}[name] for name in columns) for key in "abc"]
    written = fast_insert.insert_values(Notification, columns, rows, unique=UNIQUE)
    assert [row[columns.index("key")] for row in written] == ["a", "c"]
    assert Notification.objects.get(key="c").context == {"n": "c"}


def test_a_wide_model_stays_under_sqlites_parameter_limit(org):
    """21 columns × 2,000 rows would pass SQLite's 32,766 parameters: fewer rows a statement."""
    user = MembershipFactory(organization=org).user
    columns = len([field for field in Notification._meta.concrete_fields if not field.primary_key])
    if connection.vendor != "postgresql":
        assert fast_insert._rows_per_statement(columns) * columns <= fast_insert.SQLITE_MAX_PARAMETERS
    written = insert_new(Notification, [_row(org, user, str(n)) for n in range(2100)], unique=UNIQUE)
    assert len(written) == Notification.objects.count() == 2100
