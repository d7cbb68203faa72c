"""Celery tasks of matching: thin, take ids, re-open the organization's scope, idempotent."""

from organizations.models import Organization
from organizations.scoped_tasks import organization_task


@organization_task
def notify_new_pairs(organization: Organization, cohort_id: int) -> int:
    """Email the people of a cohort's newly published pairs (each person once)."""
    from matching.services.publish import new_pairs_notify

    return new_pairs_notify(cohort_id=cohort_id)
