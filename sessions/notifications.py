"""The messages of the mentoring year (kinds) and the scans that find them due.

Registered from ``MentoringSessionsConfig.ready()``. Each kind's body is
``templates/notifications/<kind>.txt``; the scans live in ``sessions/reminders/``. The
unresponsive-partner report is sent by its service (``sessions/services/reports.py``).
"""

from organizations.notifications.kinds import NotificationKind, register_kind, register_scan
from sessions.reminders.checkins import checkin_invitations_scan
from sessions.reminders.digest import at_risk_digest_scan
from sessions.reminders.learning import learning_session_reminders_scan, reinforcement_prompts_scan
from sessions.reminders.meetings import meeting_reminders_scan
from sessions.reminders.rhythm import pair_rhythm_scan

PAIRS = "mentors and mentees"
MANAGERS = "program managers"

KINDS = (
    NotificationKind(
        "meeting_soon", "A meeting with your partner in the next 24 hours", audience=PAIRS, order=200
    ),
    NotificationKind(
        "meeting_cadence_nudge",
        "A nudge when your pair has not met for longer than the program's rhythm",
        audience=PAIRS,
        order=210,
    ),
    NotificationKind(
        "pair_silence_warning",
        "A warning when your pair has gone quiet for a long time",
        audience=PAIRS,
        order=220,
    ),
    NotificationKind(
        "learning_session_soon",
        "A learning session in two days, and again two hours before",
        audience="cohort participants",
        order=230,
    ),
    NotificationKind(
        "reinforcement_prompt",
        "A learning session's discussion guide to take into your next meeting",
        audience="mentors",
        order=240,
    ),
    NotificationKind("checkin_invitation", "A relationship check-in to answer", audience=PAIRS, order=250),
    NotificationKind(
        "at_risk_digest", "Weekly digest of at-risk and stalled pairs", audience=MANAGERS, order=400
    ),
    NotificationKind(
        "pair_silence_flag",
        "A pair flagged: still silent after its warning",
        audience=MANAGERS,
        order=410,
    ),
    NotificationKind(
        "unresponsive_partner_report",
        "Someone reports that their partner is not responding",
        audience=MANAGERS,
        order=420,
    ),
)

# In this order: the digest reads the stored pair facts (sessions/stored_facts.py) before the
# scans that mark some of them stale (check-ins made, silent pairs flagged; neither changes a
# pair's health), so on its Monday it finds them fresh rather than judging those pairs again.
SCANS = (
    at_risk_digest_scan,
    meeting_reminders_scan,
    pair_rhythm_scan,
    learning_session_reminders_scan,
    reinforcement_prompts_scan,
    checkin_invitations_scan,
)


def register() -> None:
    for kind in KINDS:
        register_kind(kind)
    for scan in SCANS:
        register_scan(scan)
