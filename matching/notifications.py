"""The messages matching sends, registered with the outbox from ``MatchingConfig.ready()``.

``pair_published``: written by ``match_run_publish`` in its transaction, one per person per
publish (a mentor with three mentees, or a group, hears once), keyed by the run and the person
(``matching/services/publish.py``); body in ``templates/notifications/pair_published.txt``.

``pair_ended_member_left``: to each partner of a member who left the organization (removed by
an admin or deactivated by the identity provider), when their pair ends
(``matching/services/departures.py``), with the offer of a new match.

``rank_shortlist``: hybrid programs; written when a manager reminds the mentees who have not
ranked their shortlist (``ranking_reminders_send``), one per mentee per day, with the deadline
when there is one; body in ``templates/notifications/rank_shortlist.txt``.
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
    register_kind(
        NotificationKind(
            "rank_shortlist", "Rank your shortlist of mentors", "mentees in hybrid programs", order=29
        )
    )
