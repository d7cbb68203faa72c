"""The base of every API filter set: a filter answers 400 when it cannot read its value.

django-filter drops a value it cannot read (``?status=``, ``?eligible=maybe``, ``?level=``) and
lists everything, so a typo widens the answer without a word. Here such a value is a 400 naming
the parameter, as the schema promises. A free-text filter (``?department=``) keeps reading an
empty value as "any".
"""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

UNREADABLE = "Give a valid value, or leave this filter out."


# A database integer: beyond it SQLite cannot even compare (an OverflowError, a 500).
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
BOOLEAN_VALUES = ("true", "false")


@extend_schema_field({"type": "integer", "format": "int64", "minimum": INT64_MIN, "maximum": INT64_MAX})
class IntegerFilter(django_filters.NumberFilter):
    """A whole number: an id or a level (NumberFilter would read ``1.5`` and match id 1)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", INT64_MIN)
        kwargs.setdefault("max_value", INT64_MAX)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "number", "maximum": 1e50})
class NumberFilter(django_filters.NumberFilter):
    """A number, with the bound django-filter enforces (at most 1e50) written into the schema."""


class StrictFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            given = self.data.get(name)
            if given is None or name in self.errors or isinstance(field, forms.CharField):
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
        return type(f"{type(self).__name__}Form", (StrictFilterForm,), fields)
