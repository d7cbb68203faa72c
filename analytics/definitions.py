"""The written definitions of every analytics figure, as small pure functions.

This module is the reference: ``docs/analytics.md`` states the same rules in prose, the refresh
(``analytics/facts/``) computes them set-based with numpy for a whole roster at once, and the
tests check that every stored fact equals what these functions give for the roster rows. When
a definition changes, it changes here first.

Days are calendar dates on the organization's calendar. A person is described by an
``EmployeeRecord``: hire and termination dates and type from the roster row, and the dated
snapshots of department and level from the roster history.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from organizations.months import add_months, whole_months_between

VOLUNTARY = "voluntary"
INVOLUNTARY = "involuntary"

# Follow-up window of retention and talent outcomes, from each cohort's start date.
RETENTION_WINDOW_MONTHS = 12


@dataclass(frozen=True)
class Snapshot:
    """Department and level as a roster load recorded them, from ``effective_date`` on."""

    effective_date: datetime.date
    department: str
    level: int


@dataclass(frozen=True)
class EmployeeRecord:
    """What the definitions need to know of one person.

    ``snapshots`` are in date order (ties in recording order). ``department`` / ``level`` are
    the roster row's current values, used only when there is no snapshot at all.
    """

    hire_date: datetime.date
    termination_date: datetime.date | None
    termination_type: str
    department: str
    level: int
    snapshots: tuple[Snapshot, ...] = ()


# --- Months ---------------------------------------------------------------------------------


def month_start(day: datetime.date) -> datetime.date:
    """The first day of ``day``'s month: months are named by their first day."""
    return day.replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    """The last day of ``month``'s month."""
    return add_months(month_start(month), 1) - datetime.timedelta(days=1)


def previous_month_end(month: datetime.date) -> datetime.date:
    """The last day of the month before ``month``: where a month's opening headcount is taken."""
    return month_start(month) - datetime.timedelta(days=1)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of every month from ``first``'s to ``last``'s, both included."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


# --- Headcount and separations -------------------------------------------------------------


def in_headcount(
    *, hire_date: datetime.date, termination_date: datetime.date | None, day: datetime.date
) -> bool:
    """In the headcount on day D = hired on or before D and not terminated on or before D.

    So a person counts on their hire day and not on their termination day.
    """
    return hire_date <= day and (termination_date is None or termination_date > day)


def is_in_headcount(person: EmployeeRecord, day: datetime.date) -> bool:
    return in_headcount(hire_date=person.hire_date, termination_date=person.termination_date, day=day)


def headcount(people: Iterable[EmployeeRecord], day: datetime.date) -> int:
    """How many of ``people`` are in the headcount on ``day``."""
    return sum(1 for person in people if is_in_headcount(person, day))


def separated_in(person: EmployeeRecord, first: datetime.date, last: datetime.date) -> bool:
    """Whether the person's termination date falls within [first, last] (both included)."""
    return person.termination_date is not None and first <= person.termination_date <= last


def is_voluntary(termination_type: str) -> bool:
    """Voluntary and involuntary separations are told apart by the roster's termination type
    alone; a separation with no type counts in the total but in neither of the two."""
    return termination_type == VOLUNTARY


def is_involuntary(termination_type: str) -> bool:
    return termination_type == INVOLUNTARY


# --- Turnover rates -------------------------------------------------------------------------


def monthly_turnover(*, separations: int, headcount_start: int, headcount_end: int) -> float | None:
    """Monthly turnover = separations dated in the month ÷ average headcount, where the average
    is (headcount on the last day of the previous month + headcount on the last day of the
    month) ÷ 2. None when that average is zero (no one to leave)."""
    average = (headcount_start + headcount_end) / 2
    if average == 0:
        return None
    return separations / average


def annual_turnover(monthly_rates: Sequence[float]) -> float:
    """Annual turnover = the sum of the twelve monthly rates of the year."""
    if len(monthly_rates) != 12:
        raise ValueError("annual turnover sums exactly twelve monthly rates")
    return float(sum(monthly_rates))


def annualized_turnover(monthly_rates: Sequence[float]) -> float | None:
    """Year-to-date annualized turnover = sum of the monthly rates so far × 12 ÷ months elapsed.

    Over twelve months it equals the annual turnover. None with no month.
    """
    if not monthly_rates:
        return None
    return float(sum(monthly_rates)) * 12 / len(monthly_rates)


# --- Retention ------------------------------------------------------------------------------


def retention_rate(
    people: Iterable[EmployeeRecord], start: datetime.date, end: datetime.date
) -> float | None:
    """Retention over [A, B] = people in the headcount on A who are still in it on B ÷ the
    headcount on A. People hired after A do not enter the figure. None when nobody is in the
    headcount on A."""
    at_start = [person for person in people if is_in_headcount(person, start)]
    if not at_start:
        return None
    return sum(1 for person in at_start if is_in_headcount(person, end)) / len(at_start)


def retention_window_end(start: datetime.date) -> datetime.date:
    """B for twelve-month figures: the same day twelve calendar months after the start A
    (clamped to the month's end: 29 February → 28 February)."""
    return add_months(start, RETENTION_WINDOW_MONTHS)


def left_within(person: EmployeeRecord, start: datetime.date, end: datetime.date) -> bool:
    """Left in (A, B]: in the headcount on A and not on B."""
    return is_in_headcount(person, start) and not is_in_headcount(person, end)


# --- Department and level over time ---------------------------------------------------------


def attributes_on(person: EmployeeRecord, day: datetime.date) -> tuple[str, int]:
    """(department, level) on ``day``: the latest snapshot dated on or before it.

    Before the first snapshot (a roster first loaded after the person was hired) the first
    snapshot is the best knowledge there is, so it applies; with no snapshot at all, the roster
    row's current values apply.
    """
    if not person.snapshots:
        return person.department, person.level
    current = person.snapshots[0]
    for snapshot in person.snapshots:
        if snapshot.effective_date > day:
            break
        current = snapshot
    return current.department, current.level


def promotions(person: EmployeeRecord) -> list[Snapshot]:
    """A promotion is a rise in level between consecutive snapshots, dated by the later one
    (the load that recorded it). The returned snapshots give the new department and level."""
    return [
        later
        for earlier, later in zip(person.snapshots, person.snapshots[1:], strict=False)
        if later.level > earlier.level
    ]


def moves(person: EmployeeRecord) -> list[Snapshot]:
    """An internal move is a change of department between consecutive snapshots, dated by the
    later one. (A move with a rise in level is both a move and a promotion.)"""
    return [
        later
        for earlier, later in zip(person.snapshots, person.snapshots[1:], strict=False)
        if later.department != earlier.department
    ]


def tenure_months(hire_date: datetime.date, day: datetime.date) -> int:
    """Tenure on ``day`` in whole calendar months since the hire date (as eligibility counts it)."""
    return whole_months_between(hire_date, day)


# --- Participation --------------------------------------------------------------------------


def counts_as_participant(*, withdrawn_on: datetime.date | None, cohort_start: datetime.date) -> bool:
    """A cohort member (mentee or mentor) counts as a participant of the cohort from the cohort's
    start date, whether or not they later withdraw (they were offered the program: analysis by
    intention to treat). Someone who withdrew before the start never took part."""
    return withdrawn_on is None or withdrawn_on >= cohort_start


def participant_on(first_cohort_start: datetime.date | None, day: datetime.date) -> bool:
    """A person is a participant on ``day`` when a cohort they take part in has started on or
    before it; before that (or never) they are a non-participant."""
    return first_cohort_start is not None and first_cohort_start <= day


def participant_in_month(first_cohort_start: datetime.date | None, month: datetime.date) -> bool:
    """Monthly figures fix each person's group for the whole month, as on the month's last day,
    so a month's opening and closing headcounts and its separations describe the same people."""
    return participant_on(first_cohort_start, month_end(month))
