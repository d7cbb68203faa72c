"""The mentoring year's reminders: scans that find what is due and store it in the outbox.

Each scan is ``scan(organization, now) -> int`` (``organizations/notifications/kinds.py``),
registered in ``sessions/notifications.py``. It reads what is due with a fixed number of
set-based queries whatever the number of pairs, then makes one ``notify_many`` call; the
outbox's key (recipient, kind, subject and period) makes a second run create nothing.

- ``pairs``: the pairs of running programs with their members and meeting dates, and how long
  each has been quiet (shared by the next two).
- ``rhythm``: the meeting-cadence nudge, and silent pairs warned, then flagged for managers.
- ``meetings``: a pair meeting in the next 24 hours.
- ``learning``: a learning session in 48 hours and in 2 hours; the post-session prompt.
- ``checkins``: the relationship check-in invitation.
- ``digest``: the managers' weekly digest of at-risk and stalled pairs.
- ``common``: the morning hour, the program's dates, who the managers are.
"""
