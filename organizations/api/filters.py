"""The filter kinds every API FilterSet builds on, the schema each one promises, and the lookup
every viewset accepts.

Each refuses a value of the wrong kind with a 400 naming the parameter, before it reaches the
database, and the OpenAPI schema says what it takes (``@extend_schema_field``), so a client
(or the fuzzer, tests/test_api_schema_fuzz.py) knows it:

- ``IdFilter``: an id, a whole number from 1 (``?pair=1.5`` used to match pair 1);
- ``WholeNumberFilter``: a level or another small count, 0 to 32767;
- ``DecimalFilter``: a finite number within ±1,000,000 (a score);
- ``MomentFilter``: an ISO 8601 date and time whose UTC offset is at most ±15:59 (PostgreSQL
  refuses a larger one, which was a 500) and whose year is 1900–2199 (year 1 at +01:00 is
  before year 1 in UTC, which SQLite cannot even be asked about);
- ``DayFilter``: a date, 1900–2199;
- ``TextFilter``: free text without the NUL character (Django refuses it; PostgreSQL cannot
  store it), where an empty value means "any".

``StrictFilterSet`` is their FilterSet: django-filter drops a value it cannot read (``?status=``,
``?eligible=maybe``, ``?level=``) and lists everything, so a typo widened the answer without a
word; here that is a 400 naming the parameter too. ``SearchFilter`` is DRF's ``?search=`` with
its refusal (a NUL character) named like every other.

``LOOKUP_ID`` is the base viewset's ``lookup_value_regex``: ``/pair-health/abc/`` is a 404 from
the URL resolver, as for any other missing object, instead of a ValueError in the view.
``tests/organizations/test_api_parameters.py`` walks every endpoint with odd values.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, filters

from organizations.date_ranges import EARLIEST, LATEST
from organizations.view_helpers import parse_id

LOOKUP_ID = "[0-9]{1,18}"
MAX_ID = 10**18 - 1
MAX_SMALL = 32767
MAX_DECIMAL = 1_000_000
MAX_OFFSET = datetime.timedelta(hours=15, minutes=59)
YEARS = f"{EARLIEST.year} and {LATEST.year}"
# The schema's words for the same bounds: years 1900–2199, offsets within ±15:59.
YEAR_PATTERN = r"^(19|20|21)\d\d-"
OFFSET_PATTERN = r"(Z|[+-](0\d|1[0-5]):[0-5]\d)$"
assert (EARLIEST.year, LATEST.year) == (1900, 2199), "YEAR_PATTERN says 1900–2199"
TEXT_SCHEMA = {"type": "string", "pattern": r"^[^\x00]*$"}
UNREADABLE = "Give a valid value, or leave this filter out."
BOOLEAN_VALUES = ("true", "false")


class IdField(forms.CharField):
    default_error_messages = {"invalid": "Give an id (a whole number)."}

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if (number := parse_id(text)) is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


@extend_schema_field(ID_SCHEMA)
class IdFilter(django_filters.NumberFilter):
    field_class = IdField

    def get_max_validator(self):
        return None


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": MAX_SMALL})
class WholeNumberFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_SMALL)
        super().__init__(*args, **kwargs)

    def get_max_validator(self):
        return None


@extend_schema_field({"type": "number", "minimum": -MAX_DECIMAL, "maximum": MAX_DECIMAL})
class DecimalFilter(django_filters.NumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -MAX_DECIMAL)
        kwargs.setdefault("max_value", MAX_DECIMAL)
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


@extend_schema_field(
    {"type": "string", "format": "date-time", "pattern": f"{YEAR_PATTERN}.*{OFFSET_PATTERN}"}
)
class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


class DayField(forms.DateField):
    def to_python(self, value):
        day = super().to_python(value)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise ValidationError(f"Give a date between {YEARS}.", code="invalid")
        return day


@extend_schema_field({"type": "string", "format": "date", "pattern": YEAR_PATTERN})
class DayFilter(django_filters.DateFilter):
    field_class = DayField


@extend_schema_field(TEXT_SCHEMA)
class TextFilter(django_filters.CharFilter):
    """Free text; an empty value means "any"."""


class StrictFilterForm(forms.Form):
    free_text: frozenset[str] = frozenset()

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            given = self.data.get(name)
            if given is None or name in self.errors or name in self.free_text:
                continue
            # django-filter also reads "1", "2", "True"… as booleans; the schema says true or false.
            unreadable_boolean = isinstance(field, forms.NullBooleanField) and given not in BOOLEAN_VALUES
            if unreadable_boolean or cleaned.get(name) in field.empty_values:
                self.add_error(name, UNREADABLE)
        return cleaned


class StrictFilterSet(django_filters.FilterSet):
    """Declare filters explicitly (automatic ``Meta.fields`` would query outside the scope)."""

    def get_form_class(self):
        fields = {name: filter_.field for name, filter_ in self.filters.items()}
        free_text = frozenset(
            name for name, filter_ in self.filters.items() if isinstance(filter_, TextFilter)
        )
        return type(f"{type(self).__name__}Form", (StrictFilterForm,), {**fields, "free_text": free_text})


class SearchFilter(filters.SearchFilter):
    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except exceptions.ValidationError as error:
            raise exceptions.ValidationError({self.search_param: error.detail}) from None

    def get_schema_operation_parameters(self, view):
        return [
            {**parameter, "schema": {**parameter["schema"], **TEXT_SCHEMA}}
            for parameter in super().get_schema_operation_parameters(view)
        ]
