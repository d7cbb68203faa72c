"""Reporting lines from the roster's manager links: who manages whom, at any depth.

Kept here, at the bottom of the layers, because more than one app keeps people of one
reporting line apart (pairs in matching, project teams and their sponsors in cohorts).
"""

from collections.abc import Hashable, Mapping

from organizations.models import Employee


def manager_links(organization_id: int) -> dict[int, int | None]:
    """Employee id → manager id for the organization's whole roster, in one query."""
    return dict(Employee.objects.filter(organization_id=organization_id).values_list("id", "manager_id"))


def same_reporting_line(manager_of: Mapping[Hashable, Hashable | None], a: Hashable, b: Hashable) -> bool:
    """Whether ``a`` manages ``b`` or ``b`` manages ``a``, at any depth (or they are one person)."""

    def chain(person: Hashable) -> set[Hashable]:
        seen: set[Hashable] = set()
        while person is not None and person not in seen:
            seen.add(person)
            person = manager_of.get(person)
        return seen

    return a in chain(b) or b in chain(a)
