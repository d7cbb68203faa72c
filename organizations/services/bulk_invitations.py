"""Inviting many people from the roster at once.

One submission is one transaction: each chosen roster row becomes an invitation through
``invitation_create`` (so each one is checked, stored and emailed exactly as a single
invitation is), carrying the roster's name. People who cannot be invited (a member already,
an invitation still open, left, the same address chosen twice) are left out and reported one
by one; the others are invited. A submission that is wrong as a whole (nobody chosen, too many,
a row that is not on this organization's roster) stores nothing.
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from organizations.clock import organization_today
from organizations.models import Employee, Invitation, Organization
from organizations.roles import Role
from organizations.roster.invitable import INVITABLE_PAGE_SIZE, why_not_invitable
from organizations.services.invitations import invitation_create
from organizations.tenancy import organization_scope

logger = logging.getLogger(__name__)

MAX_BULK_INVITATIONS = INVITABLE_PAGE_SIZE


@dataclass(frozen=True)
class NotInvited:
    employee: Employee
    reason: str


@dataclass
class BulkInvitations:
    invited: list[Invitation] = field(default_factory=list)
    not_invited: list[NotInvited] = field(default_factory=list)


@transaction.atomic
def invitations_create_bulk(
    *, organization: Organization, actor, employee_ids: list[int], role: str
) -> BulkInvitations:
    """Invite the roster people ``employee_ids`` with ``role``; return who was and who was not.

    Raises ``ValidationError`` (and stores nothing) for an empty choice, more than
    ``MAX_BULK_INVITATIONS`` people, an unknown role, or an id that is not a row of this
    organization's roster.
    """
    ids = list(dict.fromkeys(employee_ids))
    if not ids:
        raise ValidationError("Tick at least one person to invite.")
    if len(ids) > MAX_BULK_INVITATIONS:
        raise ValidationError(
            f"You chose {len(ids)} people; one sending holds at most {MAX_BULK_INVITATIONS}. "
            "Narrow the list with the filters and send it in parts. Nothing was sent."
        )
    if role not in Role.values:
        raise ValidationError({"role": "Choose one of the listed roles."})
    result = BulkInvitations()
    with organization_scope(organization):
        employees = list(
            Employee.objects.filter(organization=organization, pk__in=ids).order_by("name", "pk")
        )
        if len(employees) != len(ids):
            raise ValidationError(
                "Some of the people you chose are not on this organization's roster. "
                "Reload the page and choose again. Nothing was sent."
            )
        refused = why_not_invitable(employee_ids=ids, as_of=organization_today(organization))
        addresses_chosen: dict[str, Employee] = {}
        for employee in employees:
            reason = refused.get(employee.pk)
            address = employee.email.strip().lower()
            if reason is None and address in addresses_chosen:
                reason = f"has the same address as {addresses_chosen[address].name}, who is invited"
            if reason is not None:
                result.not_invited.append(NotInvited(employee, reason))
                continue
            try:
                invitation, _token = invitation_create(
                    organization=organization,
                    actor=actor,
                    email=employee.email,
                    role=role,
                    name=employee.name,
                )
            except ValidationError as error:
                result.not_invited.append(NotInvited(employee, " ".join(error.messages)))
                continue
            addresses_chosen[address] = employee
            result.invited.append(invitation)
    logger.info(
        "bulk invitation: %s invited %s people to %s as %s (%s not invited)",
        actor,
        len(result.invited),
        organization,
        role,
        len(result.not_invited),
    )
    return result
