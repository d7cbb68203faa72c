"""Celery tasks of the goals app: thin wrappers that take ids and re-open the scope.

Goal check-in and due-date reminders come with the reminders issue; this only delivers the
outside accountability partner's link.
"""

from goals.models import AccountabilityPartner
from goals.services import accountability_link_send_email
from organizations.models import Organization
from organizations.scoped_tasks import organization_task


@organization_task
def send_accountability_link(organization: Organization, partner_id: int, raw_token: str) -> bool:
    """Email an outside accountability partner their link; nothing for a row gone or no longer active.

    The raw token travels as an argument because only its hash is stored.
    """
    partner = (
        AccountabilityPartner.objects.select_related("organization", "plan__member__participant__employee")
        .filter(pk=partner_id)
        .first()
    )
    if partner is None:
        return False
    return accountability_link_send_email(partner=partner, raw_token=raw_token)
