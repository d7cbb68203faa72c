"""Telling applicants about decisions. Called by the task in programs/tasks.py."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from programs.models import Application, ApplicationStatus, ProgramStatus

_DECISION_TEXT = {
    ApplicationStatus.ACCEPTED: (
        "you're in",
        "Good news: your application to {program} as a {role} has been accepted. The program "
        "starts on {start:%d %B %Y}; your program manager will be in touch about what comes next.",
    ),
    # Accepted while the class is still being chosen: a place in the pool, not yet in the class.
    "accepted_to_pool": (
        "you're accepted",
        "Good news: your application to {program} as a {role} has been accepted. The program "
        "manager is now choosing a class spread across departments and levels from everyone "
        "accepted; you will hear from us when the class is set.",
    ),
    ApplicationStatus.WAITLISTED: (
        "you're on the waiting list",
        "Thank you for applying to {program} as a {role}. The class is full for now, so you are "
        "on the waiting list; if a place opens up, we will let you know straight away.",
    ),
    ApplicationStatus.DECLINED: (
        "our decision",
        "Thank you for applying to {program} as a {role}. This time we can't offer you a place. "
        "Your interest matters to us, and we hope you will apply to a future program.",
    ),
}


@transaction.atomic
def application_decision_notify(*, application: Application) -> bool:
    """Email the applicant their current decision unless they already had that email.

    Idempotent: ``notified_status`` remembers the decision last sent, so a task that runs
    twice sends once, and a decision changed before the task ran sends only the latest.
    Returns whether an email went out.
    """
    application = (
        # Lock only the application: PostgreSQL cannot lock the nullable side of the user join.
        Application.objects.select_for_update(of=("self",))
        .select_related("program__organization", "employee", "user")
        .get(pk=application.pk)
    )
    if application.status not in _DECISION_TEXT or application.notified_status == application.status:
        return False
    program = application.program
    text_key = application.status
    if application.status == ApplicationStatus.ACCEPTED and program.status != ProgramStatus.ACTIVE:
        text_key = "accepted_to_pool"
    headline, body = _DECISION_TEXT[text_key]
    link = settings.SITE_URL + reverse(
        "programs:program", kwargs={"org_slug": program.organization.slug, "pk": program.pk}
    )
    recipient = application.user.email if application.user else application.employee.email
    send_mail(
        subject=f"{program.name}: {headline}",
        message=(
            f"Hello {application.employee.name},\n\n"
            + body.format(
                program=program.name, role=application.get_role_display().lower(), start=program.start_date
            )
            + f"\n\nYour application: {link}\n\n— {program.organization.name}, via Lodestar\n"
        ),
        from_email=None,
        recipient_list=[recipient],
    )
    application.notified_status = application.status
    application.notified_at = timezone.now()
    application.save(update_fields=["notified_status", "notified_at"])
    return True
