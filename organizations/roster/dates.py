"""Stored roster dates outside their range (``manage.py find_out_of_range_dates``).

A load describes a day from 1970 to a year from today; hire and termination dates are from
1900 to a year after their load's day (``loads.py``, ``parsing.py``). Rows stored before those
checks are found against the widest of these: today plus two years.
"""

from collections.abc import Iterator

from organizations.clock import organization_today
from organizations.date_ranges import EARLIEST, DateRange, StoredDate, shift, stored_outside
from organizations.models import Employee, EmployeeHistory, Organization, RosterLoad
from organizations.roster.loads import EARLIEST_EFFECTIVE_DATE, EFFECTIVE_DATES_AHEAD
from organizations.roster.parsing import DATES_AHEAD


def find_stored_roster_dates(organization: Organization) -> Iterator[StoredDate]:
    today = organization_today(organization)
    effective = DateRange(
        EARLIEST_EFFECTIVE_DATE, shift(today, EFFECTIVE_DATES_AHEAD), "from 1970 to a year from today"
    )
    people = DateRange(
        EARLIEST,
        shift(today, EFFECTIVE_DATES_AHEAD + DATES_AHEAD),
        "from 1900 to a year after the latest day a load may describe",
    )
    for model, field, allowed in (
        (RosterLoad, "effective_date", effective),
        (EmployeeHistory, "effective_date", effective),
        (Employee, "hire_date", people),
        (Employee, "termination_date", people),
        (EmployeeHistory, "termination_date", people),
    ):
        yield from stored_outside(
            model.objects.filter(organization=organization), field, allowed, organization
        )
