"""Fact rows in PostgreSQL's COPY text format: NULLs, booleans, dates and escaped text."""

import datetime

from analytics.facts.writer import _copy_column, _copy_format
from analytics.models import CohortOutcomeFact


def formatted(field_name, value):
    return _copy_format(CohortOutcomeFact._meta.get_field(field_name))(value)


def test_copy_text_escapes_what_would_break_a_row():
    assert formatted("department", "R&D\tEurope\\North\nEast") == "R&D\\tEurope\\\\North\\nEast"
    assert formatted("department", "Sales") == "Sales"


def test_copy_text_writes_nulls_dates_booleans_and_numbers():
    assert formatted("cohort", None) == "\\N"
    assert formatted("cohort", 12) == "12"
    assert formatted("window_end", datetime.date(2026, 3, 1)) == "2026-03-01"
    assert formatted("window_complete", True) == "t"
    assert formatted("window_complete", False) == "f"
    assert formatted("retained", 0) == "0"


def test_a_column_is_formatted_as_each_of_its_values_would_be():
    for name, values in (
        ("department", ("Sales", "R&D\tEurope", "Sales", "")),
        ("cohort", (3, None, 12)),
        ("retained", (0, 7, 7)),
        ("window_end", (datetime.date(2026, 3, 1), None)),
        ("window_complete", (True, False, True)),
    ):
        field = CohortOutcomeFact._meta.get_field(name)
        assert list(_copy_column(field, values)) == [formatted(name, v) for v in values], name
