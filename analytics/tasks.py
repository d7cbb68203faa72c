"""Celery tasks of analytics: rebuild an organization's facts after a roster load and nightly."""

from celery import shared_task
from django.db import transaction

from analytics.services.refresh import facts_refresh
from organizations.models import Organization
from organizations.notifications.enqueue import send_hint
from organizations.scoped_tasks import organization_task


@organization_task
def refresh_facts(organization: Organization) -> int:
    """Rebuild one organization's facts (sent its id; the base task re-opens its scope).

    Idempotent: a repeated or late run rebuilds the same facts from the data as it then is.
    Returns the number of roster rows read.
    """
    return facts_refresh(organization=organization).employees


def facts_refresh_later(organization_id: int) -> None:
    """Queue a rebuild once the current transaction commits (the roster import calls this).

    On commit, so the worker reads the roster the load just wrote, and a load that rolls back
    queues nothing.
    """
    transaction.on_commit(lambda: send_hint(refresh_facts, organization_id))


@shared_task
def refresh_facts_nightly() -> int:
    """Nightly: queue one rebuild per organization, so each runs (and fails) on its own and
    the date-driven figures (follow-up to today, the month just ended) move on."""
    organization_ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    for organization_id in organization_ids:
        send_hint(refresh_facts, organization_id)
    return len(organization_ids)
