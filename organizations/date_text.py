"""Dates as the ``date`` template filter writes them, for rows drawn in Python (issue 17)."""

import datetime
from functools import lru_cache

from django.template.defaultfilters import date as date_filter
from django.utils.translation import get_language


@lru_cache(maxsize=8192)
def _date(value: datetime.date, format_string: str, language: str) -> str:
    return date_filter(value, format_string)


def formatted_date(value: datetime.date | None, format_string: str) -> str:
    """The ``date`` filter's text of a day, remembered per day, format and language (a page of
    rows holds a few hundred distinct days; the filter costs more than the rest of a row).
    ``None`` gives ``""``, as the filter does."""
    if value is None:
        return ""
    return _date(value, format_string, get_language())
