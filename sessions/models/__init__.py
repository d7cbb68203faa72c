"""The mentoring year's records: program mentoring settings, pair meetings (with their private
notes and action items), cohort learning sessions (materials, attendance, reinforcement
prompts), relationship check-ins, personal calendar feeds, and the pairs that need a manager's attention
(unresponsive-partner reports, silent spells).

Every row carries ``organization`` and a scoped manager, even where a join would reach it.
Which fields are *content* (for the pair only) and which are *metadata* (for managers and HR)
is declared on the models (``CONTENT_FIELDS``) and enforced in ``sessions/access.py``.
"""

from sessions.models.attention import SilentSpell, UnresponsiveReport
from sessions.models.checkins import CheckIn
from sessions.models.feeds import CalendarFeed
from sessions.models.learning import (
    Attendance,
    AttendanceSource,
    LearningSession,
    ReinforcementPrompt,
    SessionAudience,
    SessionKind,
    SessionMaterial,
)
from sessions.models.meetings import ActionItem, Meeting, MeetingFormat, MeetingStatus, PrivateNote
from sessions.models.settings import MentoringSettings
from sessions.models.stored_facts import StoredPairFacts

__all__ = [
    "ActionItem",
    "Attendance",
    "AttendanceSource",
    "CalendarFeed",
    "CheckIn",
    "LearningSession",
    "Meeting",
    "MeetingFormat",
    "MeetingStatus",
    "MentoringSettings",
    "PrivateNote",
    "ReinforcementPrompt",
    "SessionAudience",
    "SessionKind",
    "SessionMaterial",
    "SilentSpell",
    "StoredPairFacts",
    "UnresponsiveReport",
]
