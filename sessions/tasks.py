"""Celery tasks of the mentoring year: thin, take ids, re-open the organization's scope, and
call a service that is idempotent (each check-in and each reinforcement prompt is sent once)."""

from celery import shared_task
from django.utils import timezone

from organizations.models import Organization
from organizations.notifications.enqueue import send_hint
from organizations.scoped_tasks import for_each_organization, organization_task


@organization_task
def create_organization_due_checkins(organization: Organization) -> int:
    """Make one organization's check-ins that fell due on its own calendar day."""
    from organizations.clock import organization_today
    from sessions.services.checkins import checkins_create_due

    return len(checkins_create_due(organization=organization, today=organization_today(organization)))


@shared_task
def create_due_checkins() -> int:
    """Daily: make the relationship check-ins that fell due, organization by organization, on
    each organization's own calendar day. Returns how many were made."""
    return sum(for_each_organization(create_organization_due_checkins))


@organization_task
def send_checkin_email(organization: Organization, checkin_id: int) -> bool:
    """Email one partner the link to their check-in (once)."""
    from sessions.models import CheckIn
    from sessions.services.checkins import checkin_send_email

    checkin = CheckIn.objects.filter(pk=checkin_id).first()
    return checkin_send_email(checkin=checkin) if checkin else False


@organization_task
def send_reinforcement_prompts(organization: Organization, session_id: int) -> int:
    """Prompt the cohort's mentors to reinforce one ended session (each mentor once)."""
    from sessions.models import LearningSession
    from sessions.services.learning import reinforcement_prompts_send

    session = LearningSession.objects.select_related("cohort__organization").filter(pk=session_id).first()
    return reinforcement_prompts_send(session=session) if session else 0


@organization_task
def queue_organization_reinforcement_prompts(organization: Organization) -> int:
    """Queue the prompts of one organization's sessions that ended recently."""
    from sessions.services.learning import sessions_due_for_prompts

    session_ids = [s.pk for s in sessions_due_for_prompts(now=timezone.now())]
    for session_id in session_ids:
        send_hint(send_reinforcement_prompts, organization.pk, session_id)
    return len(session_ids)


@shared_task
def send_due_reinforcement_prompts() -> int:
    """Hourly: queue the prompts of every session that has ended recently; returns how many
    sessions were queued. Mentors already prompted for a session are skipped by the service."""
    return sum(for_each_organization(queue_organization_reinforcement_prompts))
