"""Reads of organizations and people. Tenant reads assume the organization's scope is open."""

from django.db.models import Q, QuerySet

from organizations.models import Employee, Invitation, Membership, RosterLoad


def memberships_of_user(user) -> QuerySet[Membership]:
    """Every organization a user belongs to: deliberately across organizations (the switcher)."""
    return (
        Membership.objects.with_scopes_disabled()
        .filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    )


def membership_list() -> QuerySet[Membership]:
    return Membership.objects.select_related("user").order_by("user__email")


def invitation_list_open() -> QuerySet[Invitation]:
    from django.utils import timezone

    return Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def employee_list(
    *,
    search: str = "",
    department: str = "",
    level: int | None = None,
    status: str = "",
) -> QuerySet[Employee]:
    """The roster, filtered. ``status`` is "active", "left" or empty for everyone."""
    employees = Employee.objects.select_related("manager")
    if search:
        employees = employees.filter(
            Q(name__icontains=search) | Q(email__icontains=search) | Q(external_id__iexact=search)
        )
    if department:
        employees = employees.filter(department=department)
    if level is not None:
        employees = employees.filter(level=level)
    if status == "active":
        employees = employees.filter(termination_date__isnull=True)
    elif status == "left":
        employees = employees.filter(termination_date__isnull=False)
    return employees.order_by("name", "external_id")


def roster_departments() -> list[str]:
    return list(Employee.objects.order_by("department").values_list("department", flat=True).distinct())


def roster_levels() -> list[int]:
    return list(Employee.objects.order_by("level").values_list("level", flat=True).distinct())


def roster_load_history() -> QuerySet[RosterLoad]:
    return RosterLoad.objects.filter(status=RosterLoad.Status.APPLIED).select_related("loaded_by")
