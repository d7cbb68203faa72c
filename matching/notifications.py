"""The messages matching sends, registered with the outbox from ``MatchingConfig.ready()``.

``pair_published``: written by ``match_run_publish`` in its transaction, one per pair member
(``matching/services/publish.py``); body in ``templates/notifications/pair_published.txt``.
"""

from organizations.notifications.kinds import NotificationKind, register_kind


def register() -> None:
    register_kind(
        NotificationKind(
            "pair_published", "Your mentoring pair is published", "mentors, mentees and peers", order=30
        )
    )
