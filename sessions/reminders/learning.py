"""Learning sessions: reminders before they start, and the prompt to reinforce them after.

Before: one kind, ``learning_session_soon``, with two keys per person and session: ``…:48h``
once the session starts within 48 hours, ``…:2h`` once it starts within 2 hours. A session
that is already within 2 hours when first seen (scheduled late) gets only the 2-hour one.
After: the cohort's mentors get the session's discussion guide
(``sessions.services.learning.reinforcement_prompts_create``).
"""

import datetime

from cohorts.models import CohortStatus, Participant, ParticipantStatus
from organizations.clock import local_date, local_label
from organizations.models import Organization
from organizations.notifications.links import link_by_id
from organizations.notifications.outbox import notify_count
from sessions.models import LearningSession
from sessions.reminders.common import Person, notified_keys, people_by_group, program_runs_on, to_person
from sessions.services.learning import reinforcement_prompts_create, sessions_due_for_prompts

# (key, how long before the start): the nearer window wins.
SESSION_NOTICES = (("2h", datetime.timedelta(hours=2)), ("48h", datetime.timedelta(hours=48)))


def _notice(until_start: datetime.timedelta) -> str:
    return next(key for key, window in SESSION_NOTICES if until_start <= window)


def learning_session_reminders_scan(organization: Organization, now: datetime.datetime) -> int:
    """Sessions of active cohorts starting within 48 hours (on a day of their program): each
    participant they are meant for, 48 hours and 2 hours before. Two queries when nothing is
    new; then one for the participants and one ``notify_count``."""
    longest = max(window for _, window in SESSION_NOTICES)
    due = LearningSession.objects.filter(
        organization=organization,
        starts_at__gt=now,
        starts_at__lte=now + longest,
        cohort__status=CohortStatus.ACTIVE,
    )
    sessions = {}
    for session in due.select_related("cohort__program").order_by("starts_at", "pk"):
        if program_runs_on(session.cohort.program, local_date(session.starts_at, organization)):
            notice = _notice(session.starts_at - now)
            start = session.starts_at.astimezone(datetime.UTC)
            sessions[f"session:{session.pk}:{notice}:{start:%Y%m%dT%H%MZ}"] = (session, notice)
    for key in notified_keys(organization, "learning_session_soon", sessions):
        del sessions[key]
    if not sessions:
        return 0
    # Plain values: (participant id, cohort id, the roster row's fields) and the role.
    rows = list(
        Participant.objects.filter(
            cohort_id__in={session.cohort_id for session, _ in sessions.values()},
            status=ParticipantStatus.SELECTED,
        )
        .order_by("cohort_id", "pk")
        .values_list("pk", "cohort_id", *Person.values("employee"), "role")
    )
    roles = {row[0]: row[-1] for row in rows}
    participants = people_by_group(row[:-1] for row in rows)
    link = link_by_id("mentoring:session", org_slug=organization.slug)
    messages = []
    for key, (session, notice) in sessions.items():
        when = local_label(session.starts_at, organization)
        soon = "in two hours" if notice == "2h" else "in two days"
        # What the template reads of the session, as plain values (the message is rendered
        # when it is sent, from these).
        about = {
            "title": session.title,
            "get_kind_display": str(session.get_kind_display()),
            "duration_minutes": session.duration_minutes,
            "location": session.location,
            "video_url": session.video_url,
        }
        for participant in participants.get(session.cohort_id, []):
            if not session.is_for(roles[participant.id]):
                continue
            messages.append(
                to_person(
                    participant,
                    kind="learning_session_soon",
                    key=key,
                    subject=f"“{session.title}” starts {soon}: {when}",
                    link=link(session.pk),
                    context={"session": about, "when": when, "soon": soon, "notice": notice},
                )
            )
    return notify_count(organization, messages, now=now, kick=False)


def reinforcement_prompts_scan(organization: Organization, now: datetime.datetime) -> int:
    """Mentors of every session that ended recently (within ``PROMPT_WINDOW``) and has a guide."""
    sessions = sessions_due_for_prompts(now=now, organization=organization)
    return reinforcement_prompts_create(organization=organization, sessions=sessions, now=now, kick=False)
