"""The mentoring year's kinds and scans are registered, each kind with a body template, and
the scans run from the one notification sweep (no beat entry of their own)."""

from django.template.loader import get_template

from config.settings import CELERY_BEAT_SCHEDULE
from organizations.notifications.kinds import notification_kind, notification_scans
from sessions import notifications

KEYS = {
    "meeting_soon",
    "meeting_cadence_nudge",
    "pair_silence_warning",
    "learning_session_soon",
    "reinforcement_prompt",
    "checkin_invitation",
    "at_risk_digest",
    "pair_silence_flag",
    "unresponsive_partner_report",
}


def test_every_kind_is_registered_with_a_body_and_preferences():
    assert {kind.key for kind in notifications.KINDS} == KEYS
    for key in KEYS:
        kind = notification_kind(key)
        assert kind.by_email and kind.in_app and not kind.essential and not kind.secret
        get_template(f"notifications/{key}.txt")


def test_every_scan_is_registered_and_no_beat_entry_of_its_own_is_left():
    assert set(notifications.SCANS) <= set(notification_scans())
    tasks = {entry["task"] for entry in CELERY_BEAT_SCHEDULE.values()}
    # The mentoring app's one beat entry keeps its stored pair facts fresh; it sends nothing.
    assert {task for task in tasks if task.startswith("sessions.")} == {"sessions.tasks.refresh_pair_facts"}
    assert "organizations.tasks.send_due_notifications" in tasks
