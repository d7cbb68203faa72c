"""Celery tasks of the organizations app: thin wrappers that take ids and re-open the scope."""

from celery import shared_task
from django.utils import timezone

from organizations.models import Organization
from organizations.roster.loads import roster_pending_loads_discard
from organizations.scoped_tasks import for_each_organization, organization_task


@organization_task
def discard_organization_stale_roster_loads(organization: Organization) -> int:
    """Drop one organization's roster files that were previewed but never confirmed."""
    return roster_pending_loads_discard(now=timezone.now())


@shared_task
def discard_stale_roster_loads() -> int:
    """Daily: drop roster files that were previewed but never confirmed, organization by organization."""
    return sum(for_each_organization(discard_organization_stale_roster_loads))


@organization_task(acks_late=True, reject_on_worker_lost=True)
def dispatch_notifications(organization: Organization) -> int:
    """Send one organization's pending emails (kicked after commit; swept by beat).

    Safe to run twice at once or after a lost worker: each row is claimed before it is sent.
    """
    from organizations.notifications.dispatch import dispatch_due

    return dispatch_due(organization=organization).sent


@organization_task(acks_late=True, reject_on_worker_lost=True)
def scan_organization_notifications(organization: Organization) -> int:
    """Run every registered reminder scan for one organization, then send what is due."""
    from organizations.notifications.dispatch import dispatch_due
    from organizations.notifications.scans import scans_run

    created = scans_run(organization=organization, now=timezone.now())
    dispatch_due(organization=organization)
    return created


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_due_notifications() -> int:
    """Every few minutes (beat): the reminders that fell due, and every pending email, for each
    organization in turn. A lost kick or a broker outage only delays a message until here."""
    return sum(count or 0 for count in for_each_organization(scan_organization_notifications))
