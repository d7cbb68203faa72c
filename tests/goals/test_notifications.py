"""The goals app's kinds and scans are registered; the outside partner's link is essential
(no preference can stop it, no unsubscribe link) and secret (its body is cleared once sent)."""

from django.template.loader import get_template

from goals.reminders import goal_checkin_reminders_scan, milestone_reminders_scan
from organizations.notifications.kinds import notification_kind, notification_scans


def test_the_reminders_are_kinds_people_choose():
    for key in ("goal_checkin_reminder", "milestone_due_soon"):
        kind = notification_kind(key)
        assert kind.by_email and kind.in_app and not kind.essential
        get_template(f"notifications/{key}.txt")
    assert {goal_checkin_reminders_scan, milestone_reminders_scan} <= set(notification_scans())


def test_the_accountability_link_is_essential_secret_and_email_only():
    kind = notification_kind("accountability_link")
    assert (kind.essential, kind.secret, kind.in_app, kind.by_email) == (True, True, False, True)
    get_template("notifications/accountability_link.txt")
    get_template("notifications/accountability_link.html")
