"""Celery tasks of the mentoring year: thin, take ids, re-open the organization's scope, and
call a service that is idempotent (each check-in and each reinforcement prompt is sent once)."""

from celery import shared_task
from django.utils import timezone

from organizations.models import Organization
from organizations.tenancy import organization_scope


def _organization(organization_id: int) -> Organization | None:
    return Organization.objects.filter(pk=organization_id).first()


@shared_task
def create_due_checkins() -> int:
    """Daily: make the relationship check-ins that fell due, organization by organization, on
    each organization's own calendar day. Returns how many were made."""
    from sessions.dates import local_date
    from sessions.services.checkins import checkins_create_due

    now = timezone.now()
    made = 0
    for organization in Organization.objects.order_by("pk"):
        with organization_scope(organization):
            made += len(checkins_create_due(organization=organization, today=local_date(now, organization)))
    return made


@shared_task
def send_checkin_email(organization_id: int, checkin_id: int) -> bool:
    """Email one partner the link to their check-in (once)."""
    from sessions.models import CheckIn
    from sessions.services.checkins import checkin_send_email

    organization = _organization(organization_id)
    if organization is None:
        return False
    with organization_scope(organization):
        checkin = CheckIn.objects.filter(pk=checkin_id, organization=organization).first()
        return checkin_send_email(checkin=checkin) if checkin else False


@shared_task
def send_reinforcement_prompts(organization_id: int, session_id: int) -> int:
    """Prompt the cohort's mentors to reinforce one ended session (each mentor once)."""
    from sessions.models import LearningSession
    from sessions.services.learning import reinforcement_prompts_send

    organization = _organization(organization_id)
    if organization is None:
        return 0
    with organization_scope(organization):
        session = (
            LearningSession.objects.select_related("cohort__organization")
            .filter(pk=session_id, organization=organization)
            .first()
        )
        return reinforcement_prompts_send(session=session) if session else 0


@shared_task
def send_due_reinforcement_prompts() -> int:
    """Hourly: queue the prompts of every session that has ended recently; returns how many
    sessions were queued. Mentors already prompted for a session are skipped by the service."""
    from sessions.services.learning import sessions_due_for_prompts

    now = timezone.now()
    queued = 0
    for organization in Organization.objects.order_by("pk"):
        with organization_scope(organization):
            session_ids = [s.pk for s in sessions_due_for_prompts(now=now)]
        for session_id in session_ids:
            send_reinforcement_prompts.delay(organization.pk, session_id)
            queued += 1
    return queued
