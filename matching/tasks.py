"""Celery tasks of matching: thin, take ids, re-open the organization's scope, idempotent."""

from celery import shared_task

from organizations.models import Organization
from organizations.tenancy import organization_scope


@shared_task
def notify_new_pairs(organization_id: int, cohort_id: int) -> int:
    """Email the people of a cohort's newly published pairs (each person once)."""
    from matching.services.publish import new_pairs_notify

    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return 0
    with organization_scope(organization):
        return new_pairs_notify(cohort_id=cohort_id)
