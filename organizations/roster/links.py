"""Linking roster employees to the people who sign in, by email.

The HR roster knows people by email; Lodestar knows users by email. A link lets a member's
applications, eligibility and analytics find their roster row. Links are made only for
members of the organization (a roster email alone never attaches a stranger's account), never
take a row already linked to someone else, and, once made, stay put: a later change of email
on either side does not silently move a person's history to another account.
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower

from organizations.models import Employee, Membership, Organization, User
from organizations.tenancy import organization_scope


def preferred_employee(candidates: list[Employee]) -> Employee | None:
    """Of several rows with one email (a rehire, a shared mailbox), the current one wins."""
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda e: (e.termination_date is not None, -e.hire_date.toordinal(), e.pk),
    )


def employee_link_for_user(*, organization: Organization, user: User) -> Employee | None:
    """The organization's roster row linked to ``user``, linking it first when needed.

    One query when the row is linked already, or when no row has the user's email: the row
    linked to the user and the unlinked rows with their email (case-insensitive) are read
    together. Otherwise the user's membership is checked (a non-member is never linked) and the
    matching free row, an active one first, is locked and linked (``_link``). Returns ``None``
    when there is no row to link. Opens the organization's scope itself, so callers may be
    inside or outside it.
    """
    if user is None or user.pk is None or not user.email:
        return None
    with organization_scope(organization):
        found = list(
            Employee.objects.filter(
                Q(user=user) | Q(email__iexact=user.email, user__isnull=True), organization=organization
            ).order_by("pk")
        )
        linked = next((row for row in found if row.user_id == user.pk), None)
        if linked is not None or not found:
            return linked
        return _link(organization, user)


@transaction.atomic
def _link(organization: Organization, user: User) -> Employee | None:
    if not Membership.objects.filter(organization=organization, user=user).exists():
        return None
    candidates = list(
        Employee.objects.select_for_update().filter(
            organization=organization, email__iexact=user.email, user__isnull=True
        )
    )
    employee = preferred_employee(candidates)
    if employee is None:  # linked by a concurrent request since the read
        return Employee.objects.filter(organization=organization, user=user).first()
    employee.user = user
    employee.save(update_fields=["user", "updated_at"])
    return employee


@transaction.atomic
def employee_links_refresh(*, organization: Organization) -> int:
    """Link every unlinked roster row to the member with its email; return how many were linked.

    Used after a roster load. A fixed handful of queries whatever the roster's size: members
    and rows are matched in memory and the links written with one bulk update.
    """
    with organization_scope(organization):
        members_by_email: dict[str, int] = dict(
            Membership.objects.filter(organization=organization)
            .annotate(email=Lower("user__email"))
            .values_list("email", "user_id")
        )
        if not members_by_email:
            return 0
        already_linked = set(
            Employee.objects.filter(organization=organization, user__isnull=False).values_list(
                "user_id", flat=True
            )
        )
        unlinked = Employee.objects.annotate(email_lower=Lower("email")).filter(
            organization=organization,
            user__isnull=True,
            email_lower__in=[email for email, uid in members_by_email.items() if uid not in already_linked],
        )
        by_email: dict[str, list[Employee]] = {}
        for employee in unlinked.only("pk", "email", "hire_date", "termination_date"):
            by_email.setdefault(employee.email.lower(), []).append(employee)
        to_link = []
        for email, candidates in by_email.items():
            employee = preferred_employee(candidates)
            employee.user_id = members_by_email[email]
            to_link.append(employee)
        Employee.objects.bulk_update(to_link, ["user"], batch_size=500)
        return len(to_link)
