"""Programs' messages through the outbox: decisions, and the window closing with applications
still to review. Each is written in its cause's transaction, once, to the right people only."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.db import transaction
from django_scopes import scopes_disabled

from organizations.models import EmailStatus, Notification, NotificationPreference
from organizations.notifications.dispatch import dispatch_due
from organizations.notifications.outbox import recipient_key_for
from organizations.roles import Role
from organizations.tenancy import organization_scope
from programs.models import ApplicationStatus, ProgramStatus
from programs.services.applications import application_decide, application_decide_bulk
from programs.services.notifications import application_decision_notify, application_window_closing_scan
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory
from tests.programs.factories import ApplicationFactory, ProgramFactory

ACCEPTED, WAITLISTED, DECLINED = (
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.DECLINED,
)
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def decision_rows(application):
    return list(Notification.objects.filter(key__startswith=f"application:{application.pk}:").order_by("pk"))


# --- decisions --------------------------------------------------------------------------------


def test_a_decision_is_written_with_it_and_sent_once(org, manager, mentee):
    application = ApplicationFactory(program__organization=org, user=mentee)
    application_decide(application=application, decision=ACCEPTED, actor=manager)
    [row] = decision_rows(application)
    assert (row.kind, row.key, row.user, row.email_status) == (
        "application_accepted",
        f"application:{application.pk}:accepted",
        mentee,
        EmailStatus.PENDING,
    )
    assert row.in_app
    mail.outbox.clear()
    assert dispatch_due(organization=org).sent == 1
    assert dispatch_due(organization=org).sent == 0
    assert [m.to for m in mail.outbox] == [[mentee.email]]


def test_a_rolled_back_decision_tells_nobody(org, manager):
    application = ApplicationFactory(program__organization=org)
    with pytest.raises(RuntimeError), transaction.atomic():
        application_decide(application=application, decision=ACCEPTED, actor=manager)
        raise RuntimeError("the request failed after the decision")
    assert decision_rows(application) == []
    application.refresh_from_db()
    assert application.notified_status == ""


def test_telling_the_same_decision_again_stores_nothing(org, manager):
    application = ApplicationFactory(program__organization=org)
    application = application_decide(application=application, decision=WAITLISTED, actor=manager)
    assert application_decision_notify(application=application) is False
    assert len(decision_rows(application)) == 1


def test_a_changed_decision_sends_only_the_new_one(org, manager):
    application = ApplicationFactory(program__organization=org)
    application_decide(application=application, decision=WAITLISTED, actor=manager)
    mail.outbox.clear()
    dispatch_due(organization=org)
    application_decide(application=application, decision=ACCEPTED, actor=manager)
    mail.outbox.clear()
    dispatch_due(organization=org)
    assert [m.subject.split(": ")[1] for m in mail.outbox] == ["you're accepted"]
    assert [row.kind for row in decision_rows(application)] == [
        "application_waitlisted",
        "application_accepted",
    ]
    application.refresh_from_db()
    assert application.notified_status == ACCEPTED


def test_a_decision_that_comes_back_is_told_again(org, manager):
    application = ApplicationFactory(program__organization=org)
    now = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
    for minutes, decision in enumerate([ACCEPTED, DECLINED, ACCEPTED]):
        application_decide(
            application=application,
            decision=decision,
            actor=manager,
            now=now + datetime.timedelta(minutes=minutes),
        )
    kinds = [row.kind for row in decision_rows(application)]
    assert kinds == ["application_accepted", "application_declined", "application_accepted"]


def test_bulk_decisions_tell_each_changed_applicant_once(org, manager):
    program = ProgramFactory(organization=org, open_now=True)
    applications = [ApplicationFactory(program=program) for _ in range(3)]
    withdrawn = ApplicationFactory(program=program, status=ApplicationStatus.WITHDRAWN)
    application_decide_bulk(
        program=program,
        application_ids=[a.pk for a in [*applications, withdrawn]],
        decision=DECLINED,
        actor=manager,
    )
    rows = Notification.objects.filter(kind="application_declined")
    assert sorted(rows.values_list("email", flat=True)) == sorted(a.employee.email for a in applications)


def test_email_switched_off_means_in_app_only(org, manager, mentee):
    NotificationPreference.objects.create(
        organization=org,
        recipient_key=recipient_key_for(user=mentee),
        kind="application_declined",
        by_email=False,
    )
    application = ApplicationFactory(program__organization=org, user=mentee)
    application_decide(application=application, decision=DECLINED, actor=manager)
    [row] = decision_rows(application)
    assert row.email_status == EmailStatus.SKIPPED and row.in_app
    mail.outbox.clear()
    assert dispatch_due(organization=org).sent == 0


def test_someone_who_left_the_roster_is_not_written_to(org, manager):
    employee = EmployeeFactory(organization=org, termination_date=datetime.date(2020, 1, 1))
    application = ApplicationFactory(program__organization=org, employee=employee)
    application_decide(application=application, decision=DECLINED, actor=manager)
    assert decision_rows(application) == []
    application.refresh_from_db()
    assert application.notified_status == ""  # nobody was told


# --- the application window closing with applications to review -----------------------------


@pytest.fixture
def closing_program(org):
    """Applications close at 10:00 on Monday 30 March 2026, Amsterdam time (the day after the
    clocks went forward), with one application still waiting for a decision."""
    program = ProgramFactory(
        organization=org,
        name="Rising Leaders 2026",
        status=ProgramStatus.APPLICATIONS_OPEN,
        applications_open_at=datetime.datetime(2026, 3, 1, 9, 0, tzinfo=AMSTERDAM),
        applications_close_at=datetime.datetime(2026, 3, 30, 10, 0, tzinfo=AMSTERDAM),
    )
    ApplicationFactory(program=program)
    ApplicationFactory(program=program, status=ACCEPTED)  # reviewed
    return program


def _managers(org):
    return {
        "manager": MembershipFactory(organization=org, role=Role.PROGRAM_MANAGER).user,
        "admin": MembershipFactory(organization=org, role=Role.ADMIN).user,
        "member": MembershipFactory(organization=org, role=Role.MEMBER).user,
        "hr": MembershipFactory(organization=org, role=Role.HR_ANALYST).user,
        "leader": MembershipFactory(organization=org, role=Role.SENIOR_LEADER).user,
    }


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=AMSTERDAM)


def test_managers_are_told_two_days_before_the_window_closes_on_the_wall_clock(org, closing_program):
    people = _managers(org)
    # Two days before 10:00 on the 30th is 10:00 on the 28th, before the clocks changed: 48
    # hours counted in UTC would have been an hour earlier.
    assert application_window_closing_scan(org, at(2026, 3, 28, 9, 59)) == 0
    assert application_window_closing_scan(org, at(2026, 3, 28, 10, 0)) == 2
    rows = Notification.objects.filter(kind="application_window_closing")
    assert {row.user for row in rows} == {people["manager"], people["admin"]}
    row = rows.first()
    assert row.subject == "Rising Leaders 2026: applications close soon, 1 application to review"
    assert "Mon 30 March 2026, 10:00 (Europe/Amsterdam)" in row.body_text
    assert "1 application still waits for a decision" in row.body_text
    assert row.link == f"/o/acme/programs/manage/{closing_program.pk}/applications/?status=submitted"


def test_the_window_is_announced_once_however_often_the_scan_runs(org, closing_program):
    _managers(org)
    assert application_window_closing_scan(org, at(2026, 3, 28, 12, 0)) == 2
    assert application_window_closing_scan(org, at(2026, 3, 28, 12, 5)) == 0
    assert application_window_closing_scan(org, at(2026, 3, 31, 12, 0)) == 0  # closed now: still once
    assert Notification.objects.filter(kind="application_window_closing").count() == 2


def test_a_window_that_closed_unannounced_is_announced_as_closed(org, closing_program):
    _managers(org)
    assert application_window_closing_scan(org, at(2026, 4, 2, 9, 0)) == 2
    row = Notification.objects.filter(kind="application_window_closing").first()
    assert "applications closed, 1 application to review" in row.subject


def test_nothing_is_said_when_every_application_is_reviewed(org, closing_program, manager):
    closing_program.applications.filter(status=ApplicationStatus.SUBMITTED).update(status=DECLINED)
    assert application_window_closing_scan(org, at(2026, 3, 29, 10, 0)) == 0


def test_nothing_is_said_once_the_program_runs(org, closing_program, manager):
    closing_program.status = ProgramStatus.ACTIVE
    closing_program.save()
    assert application_window_closing_scan(org, at(2026, 4, 1, 10, 0)) == 0


def test_a_window_moved_later_is_a_new_window(org, closing_program, manager):
    assert application_window_closing_scan(org, at(2026, 3, 29, 10, 0)) == 1
    closing_program.applications_close_at = at(2026, 4, 10, 10, 0)
    closing_program.save()
    assert application_window_closing_scan(org, at(2026, 4, 7, 10, 0)) == 0
    assert application_window_closing_scan(org, at(2026, 4, 8, 10, 0)) == 1


def test_managers_who_left_the_roster_or_chose_no_email(org, closing_program, manager):
    gone = MembershipFactory(organization=org, role=Role.PROGRAM_MANAGER).user
    EmployeeFactory(organization=org, user=gone, email=gone.email, termination_date=datetime.date(2026, 1, 1))
    NotificationPreference.objects.create(
        organization=org,
        recipient_key=recipient_key_for(user=manager),
        kind="application_window_closing",
        by_email=False,
    )
    assert application_window_closing_scan(org, at(2026, 3, 29, 10, 0)) == 1
    row = Notification.objects.get(kind="application_window_closing")
    assert row.user == manager and row.email_status == EmailStatus.SKIPPED and row.in_app


@pytest.mark.across_organizations
def test_another_organizations_managers_and_programs_stay_apart(org, other_org, closing_program):
    with organization_scope(org):
        manager = MembershipFactory(organization=org, role=Role.PROGRAM_MANAGER).user
    with organization_scope(other_org):
        # Someone who manages programs in Globex and is a plain member in Acme.
        both = UserFactory()
        MembershipFactory(organization=other_org, user=both, role=Role.PROGRAM_MANAGER)
        assert application_window_closing_scan(other_org, at(2026, 3, 29, 10, 0)) == 0
    with organization_scope(org):
        MembershipFactory(organization=org, user=both, role=Role.MEMBER)
        assert application_window_closing_scan(org, at(2026, 3, 29, 10, 0)) == 1
    with scopes_disabled():
        assert list(Notification.objects.values_list("organization", "user")) == [(org.pk, manager.pk)]


def test_the_sweep_runs_the_scan_and_sends_the_email(org, manager):
    import io

    from django.core.management import call_command
    from django.utils import timezone

    program = ProgramFactory(organization=org, open_now=True)
    program.applications_close_at = timezone.now() + datetime.timedelta(hours=30)
    program.save()
    ApplicationFactory(program=program)
    mail.outbox.clear()
    call_command("send_due_notifications", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert "to review" in mail.outbox[0].subject
    call_command("send_due_notifications", stdout=io.StringIO())
    assert len(mail.outbox) == 1
