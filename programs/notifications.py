"""The messages programs sends, registered with the outbox from ``ProgramsConfig.ready()``.

Builders and the scan live in ``programs/services/notifications.py``; bodies in
``templates/notifications/<kind>.txt``.
"""

from organizations.notifications.kinds import NotificationKind, register_kind, register_scan

APPLICANTS = "applicants"


def register() -> None:
    from programs.services.notifications import application_window_closing_scan

    register_kind(
        NotificationKind("application_accepted", "Your application is accepted", APPLICANTS, order=10)
    )
    register_kind(
        NotificationKind(
            "application_waitlisted", "Your application is on the waiting list", APPLICANTS, order=11
        )
    )
    register_kind(
        NotificationKind("application_declined", "Your application is declined", APPLICANTS, order=12)
    )
    register_kind(
        NotificationKind(
            "application_window_closing",
            "Applications close (or closed) with some still to review",
            "program managers and admins",
            order=20,
        )
    )
    register_scan(application_window_closing_scan)
