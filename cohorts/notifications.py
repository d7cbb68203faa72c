"""The messages cohorts sends, registered with the outbox from ``CohortsConfig.ready()``.

- ``class_placed``: the class is set (the cohort starts), or someone is added to a class that
  already started: each person with a place is told, once per application.
- ``waitlist_promoted``: a waitlisted person gets a place (``waitlist_promote``), once per
  application; they are not also sent the plain acceptance.
- ``trust_profile_reminder``: a manager's "remind those who have not finished" button
  (``cohorts/profiles/services.py``), once per person per day.
- ``presentation_reminder``: project-team members before their council presentation, by a scan
  (``cohorts/teams/services/reminders.py``).

Each is written in the transaction of its cause; bodies are ``templates/notifications/<kind>.txt``.
"""

from django.urls import reverse

from cohorts.models import Cohort, CohortStatus, Participant
from organizations.notifications.kinds import NotificationKind, register_kind, register_scan
from organizations.notifications.outbox import Message
from programs.models import Application
from programs.services.notifications import applicant_message


def register() -> None:
    from cohorts.teams.services.reminders import presentation_reminders_scan

    register_kind(
        NotificationKind("class_placed", "You have a place in a program's class", "applicants", order=13)
    )
    register_kind(
        NotificationKind(
            "waitlist_promoted", "A place opened for you on the waiting list", "applicants", order=14
        )
    )
    register_kind(
        NotificationKind(
            "trust_profile_reminder",
            "A reminder to finish your trust profile",
            "people in a class",
            order=40,
        )
    )
    register_kind(
        NotificationKind(
            "presentation_reminder",
            "Your project team presents to the council soon",
            "project team members",
            order=50,
        )
    )
    register_scan(presentation_reminders_scan)


def _my_profile_link(cohort: Cohort) -> str:
    return reverse(
        "cohorts:my_profile", kwargs={"org_slug": cohort.program.organization.slug, "pk": cohort.pk}
    )


def class_placed_message(cohort: Cohort, application: Application) -> Message:
    """ "You have a place": keyed per application, so each person is told once."""
    return applicant_message(
        application,
        kind="class_placed",
        key=f"application:{application.pk}:placed",
        subject="you have a place in the class",
        link=_my_profile_link(cohort),
        cohort=cohort,
    )


def class_placed_messages(cohort: Cohort, participants: list[Participant]) -> list[Message]:
    """One ``class_placed`` message per participant (load them with ``application``,
    ``employee__user`` and ``application__user``)."""
    messages = []
    for participant in participants:
        application = participant.application
        application.program = cohort.program
        application.employee = participant.employee
        messages.append(class_placed_message(cohort, application))
    return messages


def waitlist_promoted_message(cohort: Cohort, application: Application) -> Message:
    return applicant_message(
        application,
        kind="waitlist_promoted",
        key=f"application:{application.pk}:promoted",
        subject="a place opened for you",
        link=_my_profile_link(cohort),
        cohort=cohort,
        class_started=cohort.status == CohortStatus.ACTIVE,
    )
