"""What the mentoring year's reminders share: the morning hour date-based reminders wait for,
the program's dates, messages to a person in a pair, and who the program managers are."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from organizations.clock import organization_tz
from organizations.models import Employee, Notification, Organization, User
from organizations.notifications.outbox import Message
from programs.models import Program
from programs.services.notifications import program_managers as managers_of_programs

# Reminders about a day (a nudge, a check-in, a digest) go out from this hour on the
# organization's clock, not at midnight.
REMINDER_HOUR = 8


def morning_has_come(organization: Organization, now: datetime.datetime) -> bool:
    """Whether ``now`` is at or past ``REMINDER_HOUR`` on the organization's clock."""
    return now.astimezone(organization_tz(organization)).hour >= REMINDER_HOUR


def program_runs_on(program: Program, day: datetime.date) -> bool:
    """Nothing is sent about a day outside the program's dates."""
    return program.start_date <= day <= program.end_date


def runs_on(day: datetime.date, prefix: str) -> Q:
    """The filter for rows whose program (reached through ``prefix``) runs on ``day``."""
    return Q(**{f"{prefix}start_date__lte": day, f"{prefix}end_date__gte": day})


def notified_keys(organization: Organization, kind: str, keys) -> set[str]:
    """Which of ``keys`` a message of ``kind`` is already stored under, for anyone. A scan
    drops those subjects before reading who they are for, so a scan that finds nothing new
    reads no people at all. (A person who joins a pair after its message went out is not
    sent that period's message.) One query."""
    keys = list(keys)
    if not keys:
        return set()
    return set(
        Notification.objects.filter(organization=organization, kind=kind, key__in=keys)
        .order_by()
        .values_list("key", flat=True)
        .distinct()
    )


def to_employee(employee: Employee, *, context: dict[str, Any] | None = None, **fields) -> Message:
    """A message to a person on the roster: their account when they have one (in-app too),
    their roster address otherwise; nothing once they have left the roster."""
    return Message(
        user=employee.user,
        employee=employee,
        context={"name": employee.name, **(context or {})},
        **fields,
    )


@dataclass(frozen=True)
class Person:
    """A person on the roster as plain values, for scans that write to thousands: what a
    message needs (``to_person``) and the id of the row they were read through (a pair member
    or a participant)."""

    id: int
    group_id: int
    name: str
    user_id: int | None
    email: str
    left_on: datetime.date | None

    @classmethod
    def values(cls, employee: str) -> tuple[str, ...]:
        """The ``values_list`` fields after the row's id and its group's id, the roster row
        reached through ``employee`` (``"participant__employee"``)."""
        return (
            f"{employee}__name",
            f"{employee}__user_id",
            f"{employee}__user__email",
            f"{employee}__email",
            f"{employee}__termination_date",
        )

    @classmethod
    def from_row(cls, row) -> "Person":
        id, group_id, name, user_id, user_email, employee_email, left_on = row
        # The account's address when there is an account, the roster's otherwise (as ``Message``).
        email = (user_email or "") if user_id is not None else (employee_email or "")
        return cls(id, group_id, name, user_id, email, left_on)


def people_by_group(rows) -> dict[int, list[Person]]:
    """``Person`` rows (id, group id, ``Person.values``…) grouped by their group id, in order."""
    found: dict[int, list[Person]] = {}
    for row in rows:
        person = Person.from_row(row)
        found.setdefault(person.group_id, []).append(person)
    return found


def to_person(person: Person, *, context: dict[str, Any] | None = None, **fields) -> Message:
    """``to_employee`` from plain values."""
    return Message(
        user_id=person.user_id,
        email=person.email,
        left_on=person.left_on,
        context={"name": person.name, **(context or {})},
        **fields,
    )


def names(people: list[str]) -> str:
    """``"Ada"``, ``"Ada and Grace"``, ``"Ada, Grace and Linus"``."""
    if len(people) <= 1:
        return "".join(people)
    return ", ".join(people[:-1]) + " and " + people[-1]


@dataclass(frozen=True)
class Manager:
    user: User
    employee: Employee | None


def program_managers(organization: Organization) -> list[Manager]:
    """The people who run programs, with their roster row when they have one (so that someone
    who left is not written to): the same list the programs app writes to. Two queries."""
    return [Manager(user=user, employee=employee) for user, employee in managers_of_programs(organization)]


def to_managers(managers: list[Manager], *, context: dict[str, Any] | None = None, **fields) -> list[Message]:
    return [
        Message(
            user=manager.user,
            employee=manager.employee,
            context={"name": manager.user.display_name, **(context or {})},
            **fields,
        )
        for manager in managers
    ]
