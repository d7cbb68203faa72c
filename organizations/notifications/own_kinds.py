"""The kinds of message the organizations app sends itself, and its scan (the daily digest)."""

from organizations.notifications.digest import daily_digests_scan
from organizations.notifications.kinds import NotificationKind, register_kind, register_scan


def register() -> None:
    register_kind(
        NotificationKind(
            "invitation",
            "Invitation to join the organization",
            audience="people invited",
            in_app=False,
            essential=True,
            secret=True,
            order=0,
        )
    )
    register_kind(
        NotificationKind(
            "daily_digest",
            "Daily digest of your messages",
            audience="people who chose the digest",
            in_app=False,
            in_app_choice=False,
            digestible=False,
            order=1000,
        )
    )
    register_scan(daily_digests_scan)
