"""The filter kinds every API FilterSet builds on, and the lookup every viewset accepts.

Each refuses a value of the wrong kind with a 400 naming the parameter, before it reaches the
database:

- ``IdFilter``: an id, a whole number from 1 (``?pair=1.5`` used to match pair 1);
- ``WholeNumberFilter``: a level or another small count, 0 to 32767;
- ``DecimalFilter``: a finite number within ±1,000,000 (a score);
- ``MomentFilter``: an ISO 8601 date and time whose UTC offset is at most ±15:59 (PostgreSQL
  refuses a larger one, which was a 500) and whose year is 1900–2199 (year 1 at +01:00 is
  before year 1 in UTC, which SQLite cannot even be asked about);
- ``DayFilter``: a date, 1900–2199.

(DRF's ``SearchFilter`` already answers 400 to a NUL character; django-filter's ``CharFilter``
too, through Django's form field.)

``LOOKUP_ID`` is the base viewset's ``lookup_value_regex``: ``/pair-health/abc/`` is a 404 from
the URL resolver, as for any other missing object, instead of a ValueError in the view.
``tests/organizations/test_api_parameters.py`` walks every endpoint with odd values.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField

from organizations.date_ranges import EARLIEST, LATEST
from organizations.view_helpers import parse_id

LOOKUP_ID = "[0-9]{1,18}"
MAX_SMALL = 32767
MAX_OFFSET = datetime.timedelta(hours=15, minutes=59)
YEARS = f"{EARLIEST.year} and {LATEST.year}"


class IdField(forms.CharField):
    default_error_messages = {"invalid": "Give an id (a whole number)."}

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if (number := parse_id(text)) is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class IdFilter(django_filters.NumberFilter):
    field_class = IdField

    def get_max_validator(self):
        return None


class WholeNumberFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_SMALL)
        super().__init__(*args, **kwargs)

    def get_max_validator(self):
        return None


class DecimalFilter(django_filters.NumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -1_000_000)
        kwargs.setdefault("max_value", 1_000_000)
        super().__init__(*args, **kwargs)


class MomentField(IsoDateTimeField):
    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        offset = moment.utcoffset()
        if offset is not None and abs(offset) > MAX_OFFSET:
            raise ValidationError(
                "A time-zone offset is at most ±15:59, e.g. 2026-01-01T09:00+01:00.", code="invalid"
            )
        if not EARLIEST.year <= moment.year <= LATEST.year:
            raise ValidationError(f"Give a date and time between {YEARS}.", code="invalid")
        return moment.astimezone(datetime.UTC)


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


class DayField(forms.DateField):
    def to_python(self, value):
        day = super().to_python(value)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise ValidationError(f"Give a date between {YEARS}.", code="invalid")
        return day


class DayFilter(django_filters.DateFilter):
    field_class = DayField
