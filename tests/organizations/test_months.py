import datetime

import pytest

from organizations.months import add_months, add_years, whole_months_between

D = datetime.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 15), 1, D(2026, 2, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 9, 1), 12, D(2027, 9, 1)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


def test_add_years_turns_leap_day_into_the_last_day_of_february():
    assert add_years(D(2028, 2, 29), 1) == D(2029, 2, 28)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2025, 3, 15), D(2026, 3, 15), 12),
        (D(2025, 3, 15), D(2026, 3, 14), 11),
        (D(2026, 1, 31), D(2026, 2, 28), 1),
        (D(2026, 1, 31), D(2026, 2, 27), 0),
        (D(2028, 1, 31), D(2028, 2, 28), 0),
        (D(2028, 1, 31), D(2028, 2, 29), 1),
        (D(2024, 2, 29), D(2025, 2, 28), 12),
        (D(2026, 5, 10), D(2026, 5, 10), 0),
        (D(2026, 5, 10), D(2026, 5, 1), 0),
    ],
)
def test_whole_months_count_calendar_months_to_the_day(start, end, months):
    assert whole_months_between(start, end) == months
