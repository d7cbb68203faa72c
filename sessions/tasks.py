"""Celery tasks of the mentoring app: thin wrappers that take ids and re-open the scope."""

from celery import shared_task
from django.utils import timezone

from organizations.models import Organization
from organizations.scoped_tasks import for_each_organization, organization_task


@organization_task
def refresh_organization_pair_facts(organization: Organization) -> int:
    """One organization's stored pair facts that went stale (``sessions.stored_facts``)."""
    from sessions.stored_facts import pair_facts_sweep

    return pair_facts_sweep(organization, timezone.now())


@shared_task
def refresh_pair_facts() -> int:
    """Every few minutes (beat): the running cohorts' stale or missing stored facts, so that
    after midnight, a booked meeting's start or a session's end the first reader finds them
    fresh. Readers refresh what is stale themselves, so a missed run only costs that reader."""
    return sum(for_each_organization(refresh_organization_pair_facts))
