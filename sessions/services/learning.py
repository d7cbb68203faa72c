"""Learning sessions for a cohort: schedule and edit, materials (files or links), attendance
(marked by a manager or reported by the participant), and the post-session prompt that asks
mentors to reinforce the discussion guide in their next meeting."""

import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from matching.models import MemberRole, PairMember, PairStatus
from organizations.clock import local_date, local_label
from organizations.models import Organization
from organizations.notifications.outbox import Message, notify_many
from programs.dates import program_year
from sessions.access import cohort_participant
from sessions.materials import content_type_for, file_problem
from sessions.models import (
    Attendance,
    AttendanceSource,
    LearningSession,
    ReinforcementPrompt,
    SessionAudience,
    SessionKind,
    SessionMaterial,
)
from sessions.models.meetings import MAX_MEETING_MINUTES
from sessions.reminders.common import program_runs_on, to_employee
from sessions.stored_facts import pair_facts_expire, pairs_changed

SESSION_FIELDS = (
    "title",
    "kind",
    "audience",
    "description",
    "starts_at",
    "duration_minutes",
    "location",
    "video_url",
    "discussion_guide",
)
# Sessions that ended longer ago than this are not prompted any more (a late worker, a new install).
PROMPT_WINDOW = datetime.timedelta(days=14)


def _validate_session(values: dict, cohort: Cohort) -> None:
    errors: dict[str, list[str]] = {}
    if not (values.get("title") or "").strip():
        errors["title"] = ["Give the session a title."]
    if values.get("kind") not in SessionKind.values:
        errors["kind"] = ["Choose workshop, webinar or role preparation."]
    if values.get("audience") not in SessionAudience.values:
        errors["audience"] = ["Choose who the session is for."]
    duration = values.get("duration_minutes")
    if duration is None or not 1 <= duration <= MAX_MEETING_MINUTES:
        errors["duration_minutes"] = ["A session lasts between 1 minute and 8 hours (480 minutes)."]
    starts_at = values.get("starts_at")
    if starts_at is None or timezone.is_naive(starts_at):
        errors["starts_at"] = ["Give the date and time the session starts."]
    elif problem := program_year(cohort.program).moment_problem(starts_at, organization=cohort.organization):
        errors["starts_at"] = [problem]
    video_url = values.get("video_url") or ""
    if video_url and not video_url.lower().startswith(("https://", "http://")):
        errors["video_url"] = ["An online link starts with https://."]
    if errors:
        raise ValidationError(errors)


def _check_cohort(cohort: Cohort) -> None:
    if cohort.status == CohortStatus.COMPLETED:
        raise ValidationError("This cohort has completed; its sessions can't change any more.")


@transaction.atomic
def learning_session_create(*, actor, cohort: Cohort, **values) -> LearningSession:
    """Schedule a workshop, webinar or role-preparation session for a cohort.

    ``values`` are the ``SESSION_FIELDS``; ``starts_at`` is aware. Past dates are allowed, so a
    manager can record a session that already took place and take its attendance.
    """
    _check_cohort(cohort)
    _validate_session(values, cohort)
    session = LearningSession.objects.create(
        organization_id=cohort.organization_id,
        cohort=cohort,
        created_by=actor,
        **{name: values.get(name, "") for name in SESSION_FIELDS},
    )
    # Sessions expected and attended count the cohort's ended sessions: every row again.
    pair_facts_expire(cohorts=[cohort])
    return session


@transaction.atomic
def learning_session_update(*, actor, session: LearningSession, **values) -> LearningSession:
    """Change a session's details; calendar apps see a new version when time or place change."""
    session = LearningSession.objects.select_for_update().select_related("cohort").get(pk=session.pk)
    _check_cohort(session.cohort)
    _validate_session(values, session.cohort)
    moved = any(
        getattr(session, name) != values.get(name)
        for name in ("starts_at", "duration_minutes", "location", "video_url", "title")
    )
    for name in SESSION_FIELDS:
        setattr(session, name, values.get(name, ""))
    if moved:
        session.sequence += 1
    session.save()
    pair_facts_expire(cohorts=[session.cohort_id])
    return session


@transaction.atomic
def material_add(
    *, actor, session: LearningSession, title: str, upload: UploadedFile | None = None, link: str = ""
) -> SessionMaterial:
    """Attach a file (size and type limits: ``sessions/materials.py``) or a link to a session.

    Exactly one of ``upload`` and ``link``. A refused file is never written to storage.
    """
    title = title.strip()
    errors: dict[str, list[str]] = {}
    if bool(upload) == bool(link):
        errors["file"] = ["Upload a file or give a link (one of the two)."]
    elif upload is not None and (problem := file_problem(upload)):
        errors["file"] = [problem]
    elif link and not link.lower().startswith(("https://", "http://")):
        errors["link"] = ["A link starts with https://."]
    if not title:
        title = (upload.name if upload else link)[:200] if (upload or link) else ""
    if errors:
        raise ValidationError(errors)
    material = SessionMaterial(
        organization_id=session.organization_id, session=session, title=title, link=link, added_by=actor
    )
    if upload is not None:
        material.original_name = upload.name[:255]
        material.content_type = content_type_for(upload.name)
        material.size = upload.size
        material.file.save(upload.name, upload, save=False)
    try:
        material.save()
    except Exception:
        if material.file:
            material.file.delete(save=False)
        raise
    return material


@transaction.atomic
def material_delete(*, actor, material: SessionMaterial) -> None:
    """Remove a material; its file leaves storage once the deletion is committed."""
    file = material.file if material.file else None
    material.delete()
    if file is not None:
        storage, name = file.storage, file.name
        transaction.on_commit(lambda: storage.delete(name))


def audience_participants(session: LearningSession):
    """The selected participants of the session's cohort it is meant for, by name."""
    return (
        Participant.objects.filter(
            cohort_id=session.cohort_id,
            status=ParticipantStatus.SELECTED,
            role__in=SessionAudience.roles(session.audience),
        )
        .select_related("employee")
        .order_by("employee__name", "id")
    )


@transaction.atomic
def attendance_mark(*, actor, session: LearningSession, participant_ids: set[int]) -> tuple[int, int]:
    """Set who attended, as a manager ticks a list: returns (added, removed).

    Only participants in the session's audience can be marked; a self-reported attendance the
    manager unticks is removed too (the manager's list is the record).
    """
    allowed = set(audience_participants(session).values_list("pk", flat=True))
    strangers = set(participant_ids) - allowed
    if strangers:
        raise ValidationError("Only people this session is for can be marked as attending.")
    existing = set(Attendance.objects.filter(session=session).values_list("participant_id", flat=True))
    to_add = set(participant_ids) - existing
    to_remove = existing - set(participant_ids)
    Attendance.objects.filter(session=session, participant_id__in=to_remove).delete()
    Attendance.objects.bulk_create(
        Attendance(
            organization_id=session.organization_id,
            session=session,
            participant_id=pk,
            source=AttendanceSource.MANAGER,
            recorded_by=actor,
        )
        for pk in sorted(to_add)
    )
    _attendance_changed(to_add | to_remove)
    return len(to_add), len(to_remove)


def _attendance_changed(participant_ids) -> None:
    """The stored facts of the pairs these participants are in now (their attendance counts)."""
    if participant_ids:
        pairs_changed(
            PairMember.objects.filter(participant_id__in=participant_ids, left_at__isnull=True)
            .values_list("pair_id", flat=True)
            .distinct()
        )


@transaction.atomic
def attendance_self_report(
    *, actor, session: LearningSession, now: datetime.datetime | None = None
) -> Attendance:
    """A participant says “I attended”. Only once the session has started, and only someone
    the session is for; saying it twice keeps one record."""
    now = now or timezone.now()
    participant = cohort_participant(cohort_id=session.cohort_id, user=actor)
    if participant is None or not session.is_for(participant.role):
        raise PermissionDenied("This session is not one of yours.")
    if session.starts_at > now:
        raise ValidationError("You can say you attended once the session has started.")
    attendance, _ = Attendance.objects.get_or_create(
        session=session,
        participant=participant,
        defaults={
            "organization_id": session.organization_id,
            "source": AttendanceSource.SELF,
            "recorded_by": actor,
        },
    )
    _attendance_changed({participant.pk})
    return attendance


def sessions_due_for_prompts(*, now: datetime.datetime, organization: Organization | None = None):
    """Sessions with a discussion guide that ended within ``PROMPT_WINDOW`` of ``now``."""
    longest = datetime.timedelta(minutes=MAX_MEETING_MINUTES)
    candidates = LearningSession.objects.filter(
        starts_at__lte=now, starts_at__gte=now - PROMPT_WINDOW - longest
    ).exclude(discussion_guide="")
    if organization is not None:
        candidates = candidates.filter(organization=organization)
    return [
        s
        for s in candidates.select_related("cohort__program").order_by("pk")
        if now - PROMPT_WINDOW <= s.ends_at <= now
    ]


def reinforcement_prompts_create(
    *, organization: Organization, sessions, now: datetime.datetime, kick: bool = True
) -> int:
    """Send each mentor of the sessions' cohorts (the mentors of active pairs; peers in
    circles) the session's discussion guide to take into their next meeting, through the
    outbox. Only sessions that have ended, have a guide and fall on a day of their program.

    Once per session and mentor: a ``ReinforcementPrompt`` row (unique per session and mentor)
    is the record, written in the same transaction as the message, whose key
    (``session:<id>``) keeps it single too. Two queries (mentors, prompts made) when nothing is
    new; then one for the mentors' roster rows, the prompts' insert and one ``notify_many``,
    however many sessions and mentors. Returns how many prompts were made.
    """
    sessions = [
        session
        for session in sessions
        if session.ends_at <= now
        and session.discussion_guide.strip()
        and program_runs_on(session.cohort.program, local_date(session.starts_at, organization))
    ]
    if not sessions:
        return 0
    mentors: dict[int, set[int]] = defaultdict(set)  # cohort id → participant ids
    for participant_id, cohort_id in PairMember.objects.filter(
        pair__cohort_id__in={session.cohort_id for session in sessions},
        pair__status=PairStatus.ACTIVE,
        left_at__isnull=True,
        role__in=(MemberRole.MENTOR, MemberRole.PEER),
    ).values_list("participant_id", "participant__cohort_id"):
        mentors[cohort_id].add(participant_id)
    done = set(
        ReinforcementPrompt.objects.filter(session__in=[s.pk for s in sessions]).values_list(
            "session_id", "participant_id"
        )
    )
    wanted = [
        (session, participant_id)
        for session in sessions
        for participant_id in sorted(mentors[session.cohort_id])
        if (session.pk, participant_id) not in done
    ]
    if not wanted:
        return 0
    participants = {
        participant.pk: participant
        for participant in Participant.objects.filter(pk__in={pk for _, pk in wanted}).select_related(
            "employee__user"
        )
    }
    prompts: list[ReinforcementPrompt] = []
    messages: list[Message] = []
    link = reverse("mentoring:my_mentoring", kwargs={"org_slug": organization.slug})
    for session, participant_id in wanted:
        participant = participants[participant_id]
        prompts.append(
            ReinforcementPrompt(
                organization_id=session.organization_id,
                session=session,
                participant=participant,
                sent_at=now,
            )
        )
        messages.append(
            to_employee(
                participant.employee,
                kind="reinforcement_prompt",
                key=f"session:{session.pk}",
                subject=f"Take “{session.title}” into your next mentoring meeting",
                link=link,
                context={
                    "session": session,
                    "ended": local_label(session.ends_at, organization),
                    "guide": session.discussion_guide.strip(),
                },
            )
        )
    if not prompts:
        return 0
    ReinforcementPrompt.objects.bulk_create(prompts, ignore_conflicts=True)
    notify_many(organization, messages, now=now, kick=kick)
    return len(prompts)


@transaction.atomic
def reinforcement_prompts_send(*, session: LearningSession, now: datetime.datetime | None = None) -> int:
    """Prompt one session's mentors now (``reinforcement_prompts_create`` for one session);
    nothing before the session has ended or without a guide. The scan
    (``sessions.reminders.learning.reinforcement_prompts_scan``) does this for every session
    that ended recently; this is for callers that know the session."""
    session = LearningSession.objects.select_related("cohort__program", "organization").get(pk=session.pk)
    return reinforcement_prompts_create(
        organization=session.organization, sessions=[session], now=now or timezone.now()
    )
