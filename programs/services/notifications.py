"""Telling applicants about decisions, and program managers about windows closing unreviewed.

Every message goes through the notification outbox (``organizations/notifications/``): it is
written in the transaction of the decision that causes it, so a rolled-back decision leaves
no message and a committed one is sent even if the broker is down.

Decisions. Each decision is its own message, keyed ``application:<pk>:<status>``: a decision
changed before the first was sent sends the new one as well (the old one is not taken back),
and telling the same decision twice stores nothing. A decision that comes back after another
one was told (accepted, declined, accepted again) gets the moment it was made in its key, so
it is told again. ``Application.notified_status`` / ``notified_at`` keep the decision last told.

Window closing. From ``WINDOW_CLOSING_NOTICE`` (two days, on the organization's wall clock)
before a program's application window closes, and after it closed while the program is still
open or selecting, the people who run programs (every member holding ``programs.manage``:
program managers and admins, docs/roles.md) are told how many applications still wait for a
decision, once per program per window (a window moved later is a new window).
"""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from organizations.clock import local_datetime, local_label, organization_tz
from organizations.models import Employee, Membership, Notification, Organization, User
from organizations.notifications.outbox import Message, notified, notify, notify_count
from organizations.roles import PERMISSIONS, Permission
from programs.models import Application, ApplicationStatus, Program, ProgramStatus

DECISION_KINDS = {
    ApplicationStatus.ACCEPTED: "application_accepted",
    ApplicationStatus.WAITLISTED: "application_waitlisted",
    ApplicationStatus.DECLINED: "application_declined",
}
WINDOW_CLOSING_NOTICE = datetime.timedelta(days=2)
# Programs whose unreviewed applications still matter: once active, the class is set.
WINDOW_PROGRAM_STATUSES = (ProgramStatus.APPLICATIONS_OPEN, ProgramStatus.SELECTING)

_SUBJECTS = {
    # Accepted while the class is still being chosen: a place in the pool, not yet in the class.
    ApplicationStatus.ACCEPTED: "you're accepted",
    ApplicationStatus.WAITLISTED: "you're on the waiting list",
    ApplicationStatus.DECLINED: "our decision",
}


def applicant_message(
    application: Application, *, kind: str, key: str, subject: str, link: str = "", **context
) -> Message:
    """A message to the applicant: their account when they have one, else their roster address.

    Carries the roster row, so nobody who has left the roster is written to. The link is the
    program's page unless another is given.
    """
    program = application.program
    employee = application.employee
    user = application.user or employee.user
    return Message(
        kind=kind,
        key=key,
        subject=f"{program.name}: {subject}",
        context={
            "application": application,
            "program": program,
            "name": employee.name,
            "role": application.get_role_display().lower(),
            **context,
        },
        user=user,
        email="" if user is not None else employee.email,
        employee=employee,
        link=link
        or reverse("programs:program", kwargs={"org_slug": program.organization.slug, "pk": program.pk}),
    )


def _decision_key(application: Application, kind: str, base: str) -> str:
    """``base``, or — for a decision already told once and changed since — ``base`` and the
    moment of this decision, so coming back to it is told again."""
    message_user = application.user or application.employee.user
    email = "" if message_user is not None else application.employee.email
    if application.notified_status and notified(
        application.program.organization, kind=kind, key=base, user=message_user, email=email
    ):
        moment = application.decided_at or timezone.now()
        return f"{base}:{moment:%Y%m%dT%H%M%S.%f}"
    return base


def application_decision_notify(*, application: Application, now: datetime.datetime | None = None) -> bool:
    """Write the applicant's message about their current decision, in the caller's transaction.

    Does nothing when the status is no decision, or when the applicant was already told this
    decision (``notified_status``), so calling it twice stores one message. Returns whether a
    message was stored.
    """
    status = application.status
    kind = DECISION_KINDS.get(status)
    if kind is None or application.notified_status == status:
        return False
    program = application.program
    now = now or timezone.now()
    message = applicant_message(
        application,
        kind=kind,
        key=_decision_key(application, kind, f"application:{application.pk}:{status}"),
        subject=_SUBJECTS[status],
        class_started=program.status == ProgramStatus.ACTIVE,
    )
    return mark_told(application, notify(program.organization, message, now=now), status=status, now=now)


def mark_told(
    application: Application, row: Notification | None, *, status: str, now: datetime.datetime
) -> bool:
    """Record on the application the decision its applicant was just told (when a row was made)."""
    if row is None:
        return False
    application.notified_status = status
    application.notified_at = now
    Application.objects.filter(pk=application.pk).update(notified_status=status, notified_at=now)
    return True


def program_managers(organization: Organization) -> list[tuple[User, Employee | None]]:
    """Everyone who runs programs (``programs.manage``), with their roster row when linked."""
    roles = PERMISSIONS[Permission.PROGRAMS_MANAGE]
    memberships = list(
        Membership.objects.filter(organization=organization, role__in=roles)
        .select_related("user")
        .order_by("user_id")
    )
    employees = {
        employee.user_id: employee
        for employee in Employee.objects.filter(
            organization=organization, user_id__in=[m.user_id for m in memberships]
        )
    }
    return [(m.user, employees.get(m.user_id)) for m in memberships]


def _closing_from(program: Program) -> datetime.datetime:
    """Two days before the window closes, at the same time on the organization's clock."""
    closes = program.applications_close_at.astimezone(organization_tz(program.organization))
    return local_datetime(closes.date() - WINDOW_CLOSING_NOTICE, closes.time(), program.organization)


def application_window_closing_scan(organization: Organization, now: datetime.datetime) -> int:
    """Tell the program managers of each program whose window closes within two days (or has
    closed) with applications still waiting for a decision; once per program per window.

    Three queries and the outbox's four, however many programs and managers.
    """
    programs = [
        program
        for program in Program.objects.filter(
            organization=organization,
            status__in=WINDOW_PROGRAM_STATUSES,
            applications_close_at__isnull=False,
            # A day's margin for the wall-clock arithmetic; the exact moment is checked below.
            applications_close_at__lte=now + WINDOW_CLOSING_NOTICE + datetime.timedelta(days=1),
        )
        .annotate(
            unreviewed=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED))
        )
        .filter(unreviewed__gt=0)
        .select_related("organization")
        .order_by("applications_close_at", "pk")
        if _closing_from(program) <= now
    ]
    if not programs:
        return 0
    managers = program_managers(organization)
    messages = []
    for program in programs:
        closed = program.applications_close_at <= now
        waiting = f"{program.unreviewed} application{'s' if program.unreviewed != 1 else ''}"
        link = reverse("programs:applications", kwargs={"org_slug": organization.slug, "pk": program.pk})
        window = program.applications_close_at.astimezone(datetime.UTC)
        for user, employee in managers:
            messages.append(
                Message(
                    kind="application_window_closing",
                    key=f"program:{program.pk}:window:{window:%Y%m%dT%H%MZ}",
                    subject=(
                        f"{program.name}: applications {'closed' if closed else 'close soon'}, "
                        f"{waiting} to review"
                    ),
                    context={
                        "program": program,
                        "name": user.display_name,
                        "closed": closed,
                        "closes": local_label(program.applications_close_at, organization),
                        "count": program.unreviewed,
                    },
                    user=user,
                    employee=employee,
                    link=f"{link}?status={ApplicationStatus.SUBMITTED}",
                )
            )
    return notify_count(organization, messages, now=now)
