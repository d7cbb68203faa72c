"""Who on the roster can be invited: the people in today's headcount (docs/definitions.md) who
are not members of the organization and have no open invitation. The members pages list them
to invite many at once; ``invitations_create_bulk`` asks again, inside its transaction. The
organization's scope is open.

Addresses are compared without regard to case, on both sides: a roster may spell an address
``Ada.Lovelace@Example.com`` and the account ``ada.lovelace@example.com``.
"""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from organizations.models import Employee, Invitation, Membership
from organizations.roster.links import preferred_employee
from organizations.roster.selectors import CURRENT_VALUE_FIELDS, current_employees, current_roster_values

# The most the invitation list shows (and sends) at once: a "select all" never picks more
# than one submission may hold (organizations.services.bulk_invitations).
INVITABLE_PAGE_SIZE = 500


def _with_account_and_invitation_flags(employees: QuerySet[Employee]) -> QuerySet[Employee]:
    members_by_address = Membership.objects.annotate(email_lower=Lower("user__email")).filter(
        organization=OuterRef("organization"), email_lower=OuterRef("email_lower")
    )
    # A row stays linked to its account when the person leaves the organization, so the link
    # alone does not make a member.
    members_by_link = Membership.objects.filter(organization=OuterRef("organization"), user=OuterRef("user"))
    open_invitations = Invitation.objects.annotate(email_lower=Lower("email")).filter(
        organization=OuterRef("organization"),
        email_lower=OuterRef("email_lower"),
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    return employees.annotate(
        email_lower=Lower("email"),
        is_member=Exists(members_by_address) | Exists(members_by_link),
        has_open_invitation=Exists(open_invitations),
    )


def invitable_employees(
    *,
    as_of: datetime.date,
    search: str = "",
    department: str = "",
    level: int | None = None,
    location: str = "",
) -> QuerySet[Employee]:
    """The people on the roster one may invite today, filtered, by name.

    In the headcount on ``as_of``, not a member (by address, or by the account the row is
    linked to), no invitation still open. ``search`` looks in names and addresses.
    """
    employees = _with_account_and_invitation_flags(current_employees(as_of=as_of).exclude(email="")).filter(
        is_member=False, has_open_invitation=False
    )
    if search:
        employees = employees.filter(Q(name__icontains=search) | Q(email__icontains=search))
    if department:
        employees = employees.filter(department=department)
    if level is not None:
        employees = employees.filter(level=level)
    if location:
        employees = employees.filter(location=location)
    return employees.order_by("name", "external_id")


def why_not_invitable(*, employee_ids: list[int], as_of: datetime.date) -> dict[int, str]:
    """For each of these roster rows that ``invitable_employees`` would leave out, why, in words
    an admin understands. One query whatever the number of rows."""
    reasons = {}
    rows = _with_account_and_invitation_flags(Employee.objects.filter(pk__in=employee_ids))
    for employee in rows:
        if employee.is_member:
            reasons[employee.pk] = "is already a member"
        elif employee.has_open_invitation:
            reasons[employee.pk] = "already has an open invitation"
        elif employee.termination_date is not None and employee.termination_date <= as_of:
            reasons[employee.pk] = "has left (the roster gives a termination date)"
        elif employee.hire_date > as_of:
            reasons[employee.pk] = f"starts on {employee.hire_date.day} {employee.hire_date:%B %Y}"
        elif not employee.email:
            reasons[employee.pk] = "has no email address on the roster"
    return reasons


def invitable_filter_choices(*, as_of: datetime.date) -> dict[str, list]:
    """The departments, levels and locations of the people in today's headcount, sorted, for
    the filters (values from the roster itself, so a filter cannot be mistyped)."""
    return {field_name: current_roster_values(field_name, as_of=as_of) for field_name in CURRENT_VALUE_FIELDS}


def roster_name_for_email(email: str) -> str:
    """The roster's name for ``email`` (the current row first, as linking prefers), or ``""``."""
    rows = Employee.objects.filter(email__iexact=email.strip()).only("name", "hire_date", "termination_date")
    employee = preferred_employee(list(rows))
    return employee.name if employee else ""
