"""The goals app's messages (kinds) and the scans that find its reminders due.

Registered from ``GoalsConfig.ready()``; bodies are ``templates/notifications/<kind>.txt``.
The outside accountability partner's link is stored by ``goals/services/partners.py`` in the
transaction that makes the link (the raw token exists only then).
"""

from goals.reminders import goal_checkin_reminders_scan, milestone_reminders_scan
from organizations.notifications.kinds import NotificationKind, register_kind, register_scan


def register() -> None:
    register_kind(
        NotificationKind(
            "goal_checkin_reminder",
            "A monthly reminder to check in on your goals",
            audience="people with a goal plan",
            order=300,
        )
    )
    register_kind(
        NotificationKind(
            "milestone_due_soon",
            "A goal milestone due in the next 3 days",
            audience="people with a goal plan",
            order=310,
        )
    )
    register_kind(
        NotificationKind(
            "accountability_link",
            "The link to a goal plan, for an outside accountability partner",
            audience="outside accountability partners",
            in_app=False,
            essential=True,
            secret=True,
            order=320,
        )
    )
    register_scan(goal_checkin_reminders_scan)
    register_scan(milestone_reminders_scan)
