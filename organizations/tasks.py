"""Celery tasks of the organizations app: thin wrappers that take ids and re-open the scope."""

from celery import shared_task

from organizations.models import Invitation, Organization
from organizations.services.invitations import invitation_send_email
from organizations.tenancy import organization_scope


@shared_task
def send_invitation_email(invitation_id: int, raw_token: str) -> bool:
    """Send an invitation's email; does nothing for an invitation deleted or no longer open.

    The raw token travels as an argument because only its hash is stored. The organization is
    found from the invitation id, then the invitation is re-read inside that organization's
    scope, as every tenant read is.
    """
    organization = Organization.objects.filter(invitations__pk=invitation_id).first()
    if organization is None:
        return False
    with organization_scope(organization):
        invitation = (
            Invitation.objects.select_related("organization", "invited_by")
            .filter(organization=organization, pk=invitation_id)
            .first()
        )
        if invitation is None:
            return False
        return invitation_send_email(invitation=invitation, raw_token=raw_token)
