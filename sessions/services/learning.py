"""Learning sessions for a cohort: schedule and edit, materials (files or links), attendance
(marked by a manager or reported by the participant), and the post-session prompt that asks
mentors to reinforce the discussion guide in their next meeting."""

import datetime

from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from matching.models import MemberRole, PairMember, PairStatus
from organizations.clock import local_label
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
    return LearningSession.objects.create(
        organization_id=cohort.organization_id,
        cohort=cohort,
        created_by=actor,
        **{name: values.get(name, "") for name in SESSION_FIELDS},
    )


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
    return len(to_add), len(to_remove)


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
    return attendance


def _mentor_participants(session: LearningSession) -> list[Participant]:
    """Who reinforces a session: the mentors of the cohort's active pairs (peers in circles)."""
    ids = (
        PairMember.objects.filter(
            pair__cohort_id=session.cohort_id,
            pair__status=PairStatus.ACTIVE,
            left_at__isnull=True,
            role__in=(MemberRole.MENTOR, MemberRole.PEER),
        )
        .values_list("participant_id", flat=True)
        .distinct()
    )
    return list(Participant.objects.filter(pk__in=ids).select_related("employee__user").order_by("pk"))


def sessions_due_for_prompts(*, now: datetime.datetime):
    """Sessions with a discussion guide that ended within ``PROMPT_WINDOW`` of ``now``."""
    longest = datetime.timedelta(minutes=MAX_MEETING_MINUTES)
    candidates = LearningSession.objects.filter(
        starts_at__lte=now, starts_at__gte=now - PROMPT_WINDOW - longest
    ).exclude(discussion_guide="")
    return [s for s in candidates.order_by("pk") if now - PROMPT_WINDOW <= s.ends_at <= now]


def reinforcement_prompts_send(*, session: LearningSession, now: datetime.datetime | None = None) -> int:
    """Email each mentor of the cohort the session's discussion guide to take into their next
    meeting. Does nothing before the session has ended or without a guide.

    Idempotent: a ``ReinforcementPrompt`` row (unique per session and mentor) is written in the
    same transaction as each email is handed over, so running it again sends nobody twice.
    Returns how many emails went out.
    """
    now = now or timezone.now()
    if session.ends_at > now or not session.discussion_guide.strip():
        return 0
    organization = session.cohort.organization
    sent = 0
    for participant in _mentor_participants(session):
        with transaction.atomic():
            _, created = ReinforcementPrompt.objects.get_or_create(
                session=session,
                participant=participant,
                defaults={"organization_id": session.organization_id, "sent_at": now},
            )
            if not created:
                continue
            link = django_settings.SITE_URL + reverse(
                "mentoring:my_mentoring", kwargs={"org_slug": organization.slug}
            )
            recipient = (
                participant.employee.user.email if participant.employee.user else participant.employee.email
            )
            send_mail(
                subject=f"Take “{session.title}” into your next mentoring meeting",
                message=(
                    f"Hello {participant.employee.name},\n\n"
                    f"“{session.title}” ended on {local_label(session.ends_at, organization)}. "
                    "Here is its discussion guide to reinforce with your mentee in your next meeting:\n\n"
                    f"{session.discussion_guide.strip()}\n\n"
                    f"When you log that meeting, link it to the session. Your pairs: {link}\n\n"
                    f"— {organization.name}, via Lodestar\n"
                ),
                from_email=None,
                recipient_list=[recipient],
            )
            sent += 1
    return sent
