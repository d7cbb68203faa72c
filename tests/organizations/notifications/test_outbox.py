"""The outbox: a message is stored once, in the caller's transaction, with the person's choices."""

import pytest
from django.core import mail
from django.db import transaction

from organizations.models import EmailStatus, Notification, NotificationPreference
from organizations.notifications.dispatch import dispatch_due
from organizations.notifications.outbox import Message, notify, notify_many, recipient_key_for
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _message(user, key="week:1", kind="daily_digest", **extra):
    return Message(
        kind=kind, key=key, subject="Hello", context={"items": [], "day": None}, user=user, **extra
    )


def test_the_same_key_is_stored_once_however_often_it_is_notified(org):
    user = MembershipFactory(organization=org).user
    first = notify(org, _message(user))
    again = notify(org, _message(user))
    assert first is not None and first.pk
    assert again is None
    assert Notification.objects.filter(organization=org).count() == 1


def test_a_rolled_back_event_leaves_no_message(org):
    user = MembershipFactory(organization=org).user
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(org, _message(user))
        raise RuntimeError("the event failed")
    assert not Notification.objects.filter(organization=org).exists()


def test_many_messages_cost_the_same_queries_as_one(org, django_assert_max_num_queries):
    users = [MembershipFactory(organization=org).user for _ in range(30)]
    with django_assert_max_num_queries(6):
        created = notify_many(org, [_message(user) for user in users], kick=False)
    assert len(created) == 30


def test_email_switched_off_is_stored_as_skipped_and_not_created_again(org):
    user = MembershipFactory(organization=org).user
    NotificationPreference.objects.create(
        organization=org, recipient_key=recipient_key_for(user=user), kind="daily_digest", by_email=False
    )
    row = notify(org, _message(user))
    assert row.email_status == EmailStatus.SKIPPED
    assert notify(org, _message(user)) is None


def test_people_who_left_the_roster_are_not_written_to(org):
    import datetime

    employee = EmployeeFactory(organization=org, termination_date=datetime.date(2020, 1, 1))
    assert notify(org, _message(None, email=employee.email, employee=employee)) is None


def test_dispatch_sends_each_pending_email_once(org):
    users = [MembershipFactory(organization=org).user for _ in range(3)]
    notify_many(org, [_message(user) for user in users], kick=False)
    mail.outbox.clear()
    assert dispatch_due(organization=org).sent == 3
    assert dispatch_due(organization=org).sent == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}


def test_the_email_has_both_parts_a_stable_message_id_and_one_click_unsubscribe(org, settings):
    settings.SITE_URL = "http://lodestar.example:8080"
    user = MembershipFactory(organization=org).user
    notify(org, _message(user, link="/o/acme/"), kick=False)
    mail.outbox.clear()
    dispatch_due(organization=org)
    (email,) = mail.outbox
    assert email.alternatives[0][1] == "text/html"
    row = Notification.objects.get()
    assert email.extra_headers["Message-ID"] == f"<notification.{org.pk}.{row.pk}@lodestar.example>"
    assert email.extra_headers["List-Unsubscribe"].startswith(
        "<http://lodestar.example:8080/notifications/unsubscribe/"
    )
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "http://lodestar.example:8080/o/acme/" in email.body
    assert other_org_never_sees(row)


def other_org_never_sees(row) -> bool:
    return Notification.objects.filter(pk=row.pk).exclude(organization=row.organization).count() == 0


def test_an_smtp_error_is_retried_later_then_failed_for_admins(org, monkeypatch):
    import datetime

    from django.utils import timezone

    from organizations.notifications import dispatch

    user = MembershipFactory(organization=org).user
    notify(org, _message(user), kick=False)

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    now = timezone.now()
    for attempt in range(1, dispatch.MAX_ATTEMPTS + 1):
        result = dispatch_due(organization=org, now=now)
        row = Notification.objects.get()
        assert row.attempts == attempt
        assert "SMTP is down" in row.last_error
        now = row.next_attempt_at + datetime.timedelta(seconds=1)
    assert result.failed == 1
    assert row.email_status == EmailStatus.FAILED


def test_a_claim_left_by_a_lost_worker_is_sent_again_and_recorded(org):
    import datetime

    from django.utils import timezone

    user = MembershipFactory(organization=org).user
    row = notify(org, _message(user), kick=False)
    Notification.objects.filter(pk=row.pk).update(
        email_status=EmailStatus.SENDING, claimed_at=timezone.now() - datetime.timedelta(hours=1), attempts=1
    )
    mail.outbox.clear()
    assert dispatch_due(organization=org).sent == 1
    row.refresh_from_db()
    assert row.email_status == EmailStatus.SENT
    assert "may have gone out already" in row.last_error
    assert row.attempts == 2


def test_another_organizations_messages_are_not_sent_by_this_dispatch(org, other_org):
    from django_scopes import scopes_disabled

    user = UserFactory()
    with scopes_disabled():
        MembershipFactory(organization=other_org, user=user)
        from organizations.tenancy import organization_scope

        with organization_scope(other_org):
            notify(other_org, _message(user), kick=False)
    mail.outbox.clear()
    assert dispatch_due(organization=org).sent == 0
    assert mail.outbox == []
