"""Celery tasks of programs: thin, take ids, re-open the organization's scope, idempotent."""

from organizations.models import Organization
from organizations.scoped_tasks import organization_task


@organization_task
def send_application_decision(organization: Organization, application_id: int) -> bool:
    """Email an applicant the decision on their application (once per decision)."""
    from programs.models import Application
    from programs.services.notifications import application_decision_notify

    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return False
    return application_decision_notify(application=application)
