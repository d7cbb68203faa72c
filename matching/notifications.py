"""The messages matching sends, registered with the outbox from ``MatchingConfig.ready()``.

``pair_published``: written by ``match_run_publish`` in its transaction, one per pair member
(``matching/services/publish.py``); body in ``templates/notifications/pair_published.txt``.
``pair_ended_member_left``: to each partner of a member the identity provider deactivated,
when their pair ends (``matching/services/departures.py``), with the offer of a new match.
"""

from organizations.notifications.kinds import NotificationKind, register_kind


def register() -> None:
    register_kind(
        NotificationKind(
            "pair_published", "Your mentoring pair is published", "mentors, mentees and peers", order=30
        )
    )
    register_kind(
        NotificationKind(
            "pair_ended_member_left",
            "Your mentoring pair ended because your partner left",
            "mentors, mentees and peers",
            order=31,
        )
    )
