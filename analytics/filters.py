"""The analytics filters, read from a query string: one form for the dashboard, its CSV files
and the API, so a bad value gets the same clear message everywhere and never reaches a
selector.

Field names are the query parameters: ``program``, ``cohort``, ``department``, ``level``,
``start`` and ``end`` (months, ``YYYY-MM``), ``role`` (``mentee`` / ``mentor``), ``event``
(``all`` / ``voluntary``: which separations the charts and curves follow) and ``by``
(``department`` / ``level``: a breakdown of attrition).
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from analytics.access import AnalyticsReach, analytics_filter_choices
from analytics.selectors import AnalyticsFilter, FactsStatus
from organizations.months import whole_months_between

EARLIEST_YEAR = 1970
LATEST_YEAR = 2100
# Longest period one request may ask for: the facts keep five years of months.
MAX_PERIOD_MONTHS = 120

ROLE_CHOICES = [("", "Mentees and mentors"), ("mentee", "Mentees"), ("mentor", "Mentors")]
EVENT_CHOICES = [("all", "All separations"), ("voluntary", "Voluntary separations only")]
BY_CHOICES = [("", "No breakdown"), ("department", "By department"), ("level", "By level")]


class MonthField(forms.CharField):
    """A calendar month written ``YYYY-MM`` (what ``<input type="month">`` sends); cleans to
    the month's first day. Refuses years outside EARLIEST_YEAR–LATEST_YEAR with a message."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def bound_data(self, data, initial):
        # Re-shown in the form after an error: never echo a long junk value back into the page.
        return data if isinstance(data, str) and len(data) <= 10 else ""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        text = value.strip()
        try:
            if len(text) != 7:
                raise ValueError
            month = datetime.datetime.strptime(text, "%Y-%m").date()
        except ValueError:
            raise ValidationError("Enter a month as YYYY-MM, for example 2025-01.", code="invalid") from None
        if not EARLIEST_YEAR <= month.year <= LATEST_YEAR:
            raise ValidationError(
                f"Choose a month between {EARLIEST_YEAR} and {LATEST_YEAR}.", code="out_of_range"
            )
        return month


def _choice(label: str, choices, **kwargs) -> forms.ChoiceField:
    # The default message repeats the value sent; a 10,000-character value would come back in
    # the page or the JSON error, so the message names the field instead.
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        error_messages={"invalid_choice": f"Choose one of the listed {label.lower()} options."},
        **kwargs,
    )


def _id_choice(label: str, message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, coerce=int, required=False, empty_value=None, error_messages={"invalid_choice": message}
    )


class AnalyticsFilterForm(forms.Form):
    program = _id_choice("Program", "Choose one of the listed programs.")
    cohort = _id_choice("Cohort", "Choose one of the listed cohorts.")
    department = _choice("Department", [])
    level = forms.TypedChoiceField(
        label="Level",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose one of the listed levels."},
    )
    start = MonthField(label="From")
    end = MonthField(label="To")
    role = _choice("Role", ROLE_CHOICES)
    event = _choice("Separations", EVENT_CHOICES)
    by = _choice("Breakdown", BY_CHOICES)

    def __init__(self, data=None, *, reach: AnalyticsReach, status: FactsStatus, **kwargs):
        super().__init__(data, **kwargs)
        self.reach = reach
        # One query whatever the filters: programs and cohorts are checked against these lists.
        self.choices = analytics_filter_choices(reach=reach)
        self.fields["program"].choices = [("", "All programs")] + self.choices.programs
        self.fields["cohort"].choices = [("", "All cohorts")] + self.choices.cohorts
        self.fields["department"].choices = [("", "All departments")] + [(d, d) for d in status.departments]
        self.fields["level"].choices = [("", "All levels")] + [(str(n), f"Level {n}") for n in status.levels]
        if reach.needs_a_program:
            self.fields["program"].required = True
            self.fields["program"].choices = self.choices.programs
            self.fields["program"].error_messages["required"] = "Choose the program to look at."

    def clean(self):
        cleaned = super().clean()
        program, cohort = cleaned.get("program"), cleaned.get("cohort")
        if program and cohort and self.choices.program_of_cohort[cohort] != program:
            self.add_error("cohort", "This cohort belongs to another program; choose one of this program's.")
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The period ends before it starts.")
            elif whole_months_between(start, end) >= MAX_PERIOD_MONTHS:
                self.add_error("end", f"Choose a period of at most {MAX_PERIOD_MONTHS // 12} years.")
        return cleaned

    def analytics_filter(self) -> AnalyticsFilter:
        """The selectors' filter; call only after ``is_valid()``."""
        data = self.cleaned_data
        return AnalyticsFilter(
            program_id=data.get("program"),
            cohort_id=data.get("cohort"),
            department=data.get("department") or None,
            level=data.get("level"),
            period_start=data.get("start"),
            period_end=data.get("end"),
            role=data.get("role") or None,
        )

    @property
    def survival_event(self) -> str:
        """``"any"`` or ``"voluntary"``: the separations the charts and curves follow."""
        return "voluntary" if self.cleaned_data.get("event") == "voluntary" else "any"

    @property
    def breakdown(self) -> str | None:
        return self.cleaned_data.get("by") or None

    def query_string(self) -> str:
        """The valid filters as a query string, for CSV links and the API (empty values left out)."""
        query = QueryDict(mutable=True)
        for name in self.fields:
            value = self.data.get(name, "") if self.is_bound else ""
            if value and name not in self.errors:
                query[name] = value
        return query.urlencode()
