"""Celery tasks of programs: thin, take ids, re-open the organization's scope, idempotent."""

from celery import shared_task

from organizations.models import Organization
from organizations.tenancy import organization_scope


@shared_task
def send_application_decision(organization_id: int, application_id: int) -> bool:
    """Email an applicant the decision on their application (once per decision)."""
    from programs.models import Application
    from programs.services.notifications import application_decision_notify

    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return False
    with organization_scope(organization):
        application = Application.objects.filter(pk=application_id, organization=organization).first()
        if application is None:
            return False
        return application_decision_notify(application=application)
