"""Celery tasks of the organizations app: thin wrappers that take ids and re-open the scope."""

from celery import shared_task
from django.utils import timezone

from organizations.models import Invitation, Organization
from organizations.services.invitations import invitation_send_email
from organizations.services.roster_import import roster_pending_loads_discard
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


@shared_task
def discard_stale_roster_loads() -> int:
    """Daily: drop roster files that were previewed but never confirmed, organization by organization."""
    now = timezone.now()
    discarded = 0
    for organization in Organization.objects.order_by("pk"):
        with organization_scope(organization):
            discarded += roster_pending_loads_discard(now=now)
    return discarded
