"""Celery tasks of the organizations app: thin wrappers that take ids and re-open the scope."""

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from organizations.models import EmailStatus, Notification, Organization
from organizations.roster.loads import roster_load_run, roster_pending_loads_discard
from organizations.roster.progress import progress_recorder
from organizations.scoped_tasks import for_each_organization, organization_task


@organization_task
def discard_organization_stale_roster_loads(organization: Organization) -> int:
    """Drop one organization's roster files that were previewed but never confirmed."""
    return roster_pending_loads_discard(now=timezone.now())


@organization_task(acks_late=True, reject_on_worker_lost=True)
def apply_roster_load(organization: Organization, load_id: int) -> str | None:
    """Apply a confirmed roster load (queued by ``roster_load_queue``), reporting progress; a
    load the roster no longer fits ends failed with its per-row report. Returns its status."""
    load = roster_load_run(organization=organization, load_id=load_id, progress=progress_recorder(load_id))
    return load.status if load else None


@shared_task
def discard_stale_roster_loads() -> int:
    """Daily: drop roster files that were previewed but never confirmed, organization by organization."""
    return sum(for_each_organization(discard_organization_stale_roster_loads))


@organization_task(acks_late=True, reject_on_worker_lost=True)
def dispatch_notifications(organization: Organization) -> int:
    """Send one organization's pending emails (kicked after commit; swept by beat).

    Safe to run twice at once or after a lost worker: each row is claimed before it is sent.
    Sends for at most ``NOTIFICATIONS_DISPATCH_SECONDS``, then queues its own continuation, so
    no run comes near the task time limit or the broker's visibility timeout.
    """
    from organizations.notifications.dispatch import dispatch_due
    from organizations.notifications.enqueue import send_hint

    result = dispatch_due(organization=organization, seconds=settings.NOTIFICATIONS_DISPATCH_SECONDS)
    if result.more:
        send_hint(dispatch_notifications, organization.pk)
    return result.sent


@organization_task(acks_late=True, reject_on_worker_lost=True)
def scan_organization_notifications(organization: Organization) -> int:
    """Run every registered reminder scan for one organization, then have what is due sent."""
    from organizations.notifications.enqueue import send_hint
    from organizations.notifications.scans import scans_run

    now = timezone.now()
    created = scans_run(organization=organization, now=now)
    # Due emails, or a claim a lost worker may have left (the dispatch releases stale ones).
    due = Q(email_status=EmailStatus.PENDING, next_attempt_at__lte=now) | Q(email_status=EmailStatus.SENDING)
    if Notification.objects.filter(due, organization=organization).exists():
        send_hint(dispatch_notifications, organization.pk)
    return created


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_due_notifications() -> int:
    """Every few minutes (beat): each organization's reminder scan, queued as a task of its
    own (``scan_organization_notifications``, which then has its pending emails sent). The
    organizations are scanned side by side by as many worker processes as there are, and one
    large or failing organization never holds up the others. A scan that cannot be queued
    (the broker went away mid-sweep) runs here, in turn. Returns how many organizations were
    swept. A lost kick or a broker outage only delays a message until the next sweep."""
    from organizations.notifications.enqueue import send_hint

    swept = 0
    for organization in Organization.objects.order_by("pk"):
        if not send_hint(scan_organization_notifications, organization.pk):
            scan_organization_notifications(organization)
        swept += 1
    return swept


@organization_task
def apply_organization_retention(organization: Organization) -> int:
    """Blank one organization's records whose retention period has passed (organizations/retention.py)."""
    from organizations.clock import organization_today
    from organizations.retention import retention_sweep

    return sum(retention_sweep(organization, organization_today(organization)).values())


@shared_task
def apply_retention() -> int:
    """Daily: each organization's expired records, organization by organization."""
    return sum(for_each_organization(apply_organization_retention))


@shared_task
def delete_due_organizations() -> int:
    """Daily: delete the organizations whose scheduled deletion day has come (organizations/lifecycle.py)."""
    from organizations.lifecycle import organizations_delete_due

    return len(organizations_delete_due(timezone.localdate()))
