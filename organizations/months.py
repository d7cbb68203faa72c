"""Calendar-month arithmetic shared by every app: program dates, tenure, analytics periods.

Months are calendar months, clamped to the end of the month: one month after 31 January is
28 (or 29) February, and twelve months after 29 February is 28 February. Tenure counts the
whole months in which ``add_months(hire_date, n)`` has been reached, so someone hired on
2025-03-15 has 12 months on 2026-03-15 and 11 on 2026-03-14, and someone hired on 31 January
has one month on the last day of February.
"""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months`` calendar months (negative moves back), clamped to month end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """``day`` moved by whole years; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def whole_months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 when ``end`` is before ``start``)."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return months
