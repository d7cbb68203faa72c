"""Celery tasks of the mentoring year: the nightly refresh of the stored pair facts."""

from celery import shared_task
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus
from organizations.models import Organization
from organizations.notifications.enqueue import send_hint
from organizations.scoped_tasks import organization_task
from sessions.stored_facts import pair_facts_refresh


@organization_task
def refresh_pair_facts(organization: Organization) -> int:
    """Recompute the stored facts of every running cohort of one organization (sent its id; the
    base task opens its scope): health is judged for a day, so each night moves it on.

    Idempotent; readers refresh a stale cohort themselves, so a missed night costs only the
    first reader's time. Returns the rows written."""
    now = timezone.now()
    cohorts = Cohort.objects.filter(status__in=(CohortStatus.ACTIVE, CohortStatus.COMPLETED)).select_related(
        "program", "organization"
    )
    return sum(pair_facts_refresh(cohort=cohort, now=now) for cohort in cohorts.order_by("pk"))


@shared_task
def refresh_pair_facts_nightly() -> int:
    """Nightly: queue one refresh per organization, so each runs (and fails) on its own."""
    organization_ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    for organization_id in organization_ids:
        send_hint(refresh_pair_facts, organization_id)
    return len(organization_ids)
