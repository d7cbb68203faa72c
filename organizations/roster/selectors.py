"""Reads of the HR roster: the filtered list, its filter choices, the load history, an
employee's timeline in words, and the loads awaiting confirmation. The organization's scope
is open."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from organizations.models import Employee, EmployeeHistory, RosterLoad
from organizations.roster.links import preferred_employee


@dataclass(frozen=True)
class TimelineEntry:
    history: EmployeeHistory
    events: list[str]


def employee_timeline(*, employee: Employee) -> list[TimelineEntry]:
    """The employee's dated history, oldest first, each entry saying what changed."""
    entries = []
    previous = None
    for row in EmployeeHistory.objects.filter(employee=employee).select_related("roster_load__loaded_by"):
        entries.append(TimelineEntry(history=row, events=_events(previous, row)))
        previous = row
    return entries


def _events(before: EmployeeHistory | None, after: EmployeeHistory) -> list[str]:
    if before is None:
        events = [f"Joined the roster in {after.department} at level {after.level}."]
        if after.termination_date:
            events.append(_left(after))
        return events
    events = []
    if after.level > before.level:
        events.append(f"Promoted from level {before.level} to level {after.level}.")
    elif after.level < before.level:
        events.append(f"Level changed from {before.level} to {after.level}.")
    if after.department != before.department:
        events.append(f"Moved from {before.department} to {after.department}.")
    if after.termination_date and not before.termination_date:
        events.append(_left(after))
    elif before.termination_date and not after.termination_date:
        events.append("Termination removed (rehired or corrected).")
    elif after.termination_date and (
        after.termination_date != before.termination_date or after.termination_type != before.termination_type
    ):
        events.append(f"Termination corrected: {_left(after)}")
    return events or ["Recorded with no change to department, level or termination."]


def _left(row: EmployeeHistory) -> str:
    kind = row.get_termination_type_display().lower()
    when = f"{row.termination_date.day} {row.termination_date:%B %Y}"
    return f"Left on {when}{f' ({kind})' if kind else ''}."


def roster_loads_pending() -> QuerySet[RosterLoad]:
    """Loads not applied (yet): awaiting confirmation, loading in the background, or failed."""
    return (
        RosterLoad.objects.filter(
            status__in=[RosterLoad.Status.PENDING, RosterLoad.Status.QUEUED, RosterLoad.Status.FAILED]
        )
        .select_related("loaded_by")
        .order_by("-created_at", "-id")
    )


def roster_load_changes(*, load: RosterLoad) -> QuerySet[EmployeeHistory]:
    """The history rows an applied load wrote: who joined, moved, was promoted or left."""
    return (
        EmployeeHistory.objects.filter(roster_load=load)
        .select_related("employee")
        .order_by("employee__name", "employee__external_id")
    )


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
    return roster_filter_choices()["departments"]


def roster_levels() -> list[int]:
    return roster_filter_choices()["levels"]


def roster_filter_choices_compute() -> dict:
    """The roster's departments and levels, read from every row: what a load keeps in
    ``RosterLoad.filter_choices`` when it is applied (only loads change them)."""
    return {
        "departments": list(
            Employee.objects.order_by("department").values_list("department", flat=True).distinct()
        ),
        "levels": list(Employee.objects.order_by("level").values_list("level", flat=True).distinct()),
    }


def roster_filter_choices() -> dict:
    """The departments and levels the roster filters offer, as the latest applied load left
    them: one small query per request, not two ``DISTINCT`` over the whole roster.

    A roster never loaded (or a load applied before loads kept their choices, filled in here
    once) reads them from the rows.
    """
    latest = (
        RosterLoad.objects.filter(status=RosterLoad.Status.APPLIED)
        .order_by("-applied_at", "-id")
        .values("pk", "filter_choices")
        .first()
    )
    if latest is not None and latest["filter_choices"] is not None:
        return latest["filter_choices"]
    choices = roster_filter_choices_compute()
    if latest is not None:
        RosterLoad.objects.filter(pk=latest["pk"]).update(filter_choices=choices)
    return choices


def current_employees(*, as_of: datetime.date) -> QuerySet[Employee]:
    """The people in the headcount on ``as_of`` (docs/definitions.md): hired on or before it and
    not terminated on or before it."""
    return Employee.objects.filter(hire_date__lte=as_of).filter(
        Q(termination_date__isnull=True) | Q(termination_date__gt=as_of)
    )


CURRENT_VALUE_FIELDS = ("department", "level", "location")


def current_roster_values(field_name: str, *, as_of: datetime.date) -> list:
    """The distinct departments, levels or locations of the people in the headcount on ``as_of``,
    sorted, empty values left out: what a rule about them can name and still be met."""
    if field_name not in CURRENT_VALUE_FIELDS:
        raise ValueError(field_name)
    values = current_employees(as_of=as_of).order_by(field_name).values_list(field_name, flat=True).distinct()
    return [value for value in values if value not in ("", None)]


def roster_load_history() -> QuerySet[RosterLoad]:
    return RosterLoad.objects.filter(status=RosterLoad.Status.APPLIED).select_related("loaded_by")


def employee_for_user(*, user) -> Employee | None:
    """The roster row that is linked to ``user``, or that linking will take (the same choice as
    ``organizations.roster.links.employee_link_for_user``), without linking anything."""
    linked = Employee.objects.filter(user=user).first()
    if linked is not None:
        return linked
    return preferred_employee(list(Employee.objects.filter(user__isnull=True, email__iexact=user.email)))


def employee_record_for_user_exists(*, user) -> bool:
    """Whether ``user`` has a roster row: linked already, or a free row with their email that
    linking (``organizations.roster.links.employee_link_for_user``) will take."""
    return (
        Employee.objects.filter(user=user).exists()
        or Employee.objects.filter(user__isnull=True, email__iexact=user.email).exists()
    )
