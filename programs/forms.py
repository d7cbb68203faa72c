"""Forms of programs: they parse and label input; services decide what it means."""

import datetime
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from organizations.clock import organization_tz
from organizations.roster.parsing import LEVEL_MAX
from programs.eligibility import RULES, RuleInput
from programs.models import (
    ApplicantRole,
    ApplicationStatus,
    Program,
    ProgramPhase,
    ProgramStatus,
    RuleKind,
    Structure,
)
from programs.services.applications import DECISIONS
from programs.services.programs import DESIGN_FIELDS, default_end_date, validate_program_design


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class LocalDateTimeField(forms.DateTimeField):
    """A date and time on the organization's wall clock (not the server's)."""

    def __init__(self, *, tz: zoneinfo.ZoneInfo | None = None, **kwargs):
        kwargs.setdefault(
            "widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        )
        super().__init__(**kwargs)
        self.tz = tz or datetime.UTC

    def prepare_value(self, value):
        with timezone.override(self.tz):
            return super().prepare_value(value)

    def to_python(self, value):
        with timezone.override(self.tz):
            return super().to_python(value)


class ProgramForm(forms.ModelForm):
    fieldsets = [
        ("About the program", ["name", "description"]),
        (
            "Purpose and measurable target",
            ["purpose", "purpose_custom", "target_metric", "target_baseline", "target_value", "target_by"],
        ),
        ("Structure", ["structure", "group_size", "meeting_cadence_days"]),
        ("Program year", ["start_date", "end_date"]),
        (
            "Applications and class size",
            ["applications_open_at", "applications_close_at", "mentee_limit", "mentor_limit"],
        ),
    ]

    class Meta:
        model = Program
        fields = DESIGN_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "target_by": DateInput(),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }
        labels = {
            "target_baseline": "Baseline",
            "target_value": "Target",
            "target_by": "Target date",
            "applications_open_at": "Applications open",
            "applications_close_at": "Applications close",
            "mentee_limit": "Class size (mentees)",
            "mentor_limit": "Mentors needed",
        }
        help_texts = {
            "name": "Include the year, e.g. “Rising Leaders 2026”: copying for next year updates it.",
            "description": "What participants can expect; members read this before applying.",
            "purpose": "The talent problem this program is meant to move.",
            "end_date": "Leave empty for twelve months after the start.",
            "mentee_limit": "The most mentees the class can take.",
            "mentor_limit": "Peer circles may need none.",
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        tz = organization_tz(organization)
        for name in ("applications_open_at", "applications_close_at"):
            self.fields[name] = LocalDateTimeField(
                tz=tz,
                required=False,
                label=self.Meta.labels[name],
                help_text=f"Date and time in {organization.timezone}.",
            )
        self.fields["end_date"].required = False
        self.fields["purpose_custom"].help_text = "Only when the purpose is Custom."

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) for name in DESIGN_FIELDS}
        if values["start_date"] and not values["end_date"]:
            values["end_date"] = default_end_date(values["start_date"])
        try:
            validate_program_design(Program(organization=self.organization, **values), check_fields=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return cleaned

    def grouped(self):
        return [(title, [self[name] for name in names]) for title, names in self.fieldsets]

    def design(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in DESIGN_FIELDS}


def program_initial(today: datetime.date, tz: zoneinfo.ZoneInfo) -> dict:
    """Sensible first values: start on the first of the month after next, three weeks to apply."""
    month = today.replace(day=1) + datetime.timedelta(days=32)
    start = (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    opens = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(9)), tz
    )
    return {
        "start_date": start,
        "applications_open_at": opens,
        "applications_close_at": opens + datetime.timedelta(days=21),
        "structure": Structure.ONE_TO_ONE,
    }


class PhaseForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(max_length=120)
    date = forms.DateField(widget=DateInput())


PhaseFormSet = forms.formset_factory(PhaseForm, extra=2, can_delete=True)


def phase_initial(phases: list[ProgramPhase]) -> list[dict]:
    return [{"id": p.pk, "name": p.name, "date": p.date} for p in phases]


class RuleValueForm(forms.Form):
    """The value of one kind of rule; the field fits the kind (number, rating, list of names)."""

    def __init__(self, *args, kind: str, organization, roster_names: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        spec = RULES[kind]
        if spec.input == RuleInput.MONTHS:
            self.fields["value"] = forms.IntegerField(
                label="Months of tenure", min_value=0, max_value=600, help_text="12 months to the day counts."
            )
        elif spec.input == RuleInput.LEVEL:
            self.fields["value"] = forms.IntegerField(
                label="Level",
                min_value=0,
                max_value=LEVEL_MAX,
                help_text="Levels from the HR roster; higher is more senior.",
            )
        elif spec.input == RuleInput.RATING:
            self.fields["value"] = forms.TypedChoiceField(
                label="Lowest rating that qualifies",
                coerce=int,
                choices=[(i, label) for i, label in enumerate(organization.rating_scale, start=1)],
                help_text="This rating and every higher one qualify.",
            )
        elif spec.input == RuleInput.NAMES:
            noun = "departments" if "department" in kind else "locations"
            known = ", ".join(roster_names or []) or "none yet"
            self.fields["value"] = forms.CharField(
                label=RuleKind(kind).label,
                max_length=2000,
                help_text=f"Separate several with commas. {noun.capitalize()} in your roster: {known}.",
            )

    @property
    def needs_value(self) -> bool:
        return "value" in self.fields


class ApplicationForm(forms.Form):
    role = forms.ChoiceField(
        label="I want to take part as",
        choices=ApplicantRole.choices,
        widget=forms.RadioSelect,
    )
    motivation = forms.CharField(
        label="Why do you want to take part?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    learning_goals = forms.CharField(
        label="Mentees: what do you want to learn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text="Skills, areas of the business, situations you want help with.",
    )
    offer = forms.CharField(
        label="Mentors: what can you offer?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text="Experience, skills and perspectives you can share.",
    )


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=ProgramStatus.choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[(d.value, d.label) for d in DECISIONS])


class BulkDecisionForm(DecisionForm):
    applications = forms.TypedMultipleChoiceField(coerce=int, choices=[])

    def __init__(self, *args, application_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = [(pk, pk) for pk in application_ids]
        self.fields["applications"].error_messages["required"] = "Tick at least one application first."


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label="Why should this person be considered anyway?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Recorded with your name and the time; other managers will see it.",
    )


class ReviewFilterForm(forms.Form):
    role = forms.ChoiceField(required=False, choices=[("", "Any role"), *ApplicantRole.choices])
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *ApplicationStatus.choices])
    department = forms.ChoiceField(required=False, choices=[])
    level = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, choices=[])
    eligible = forms.TypedChoiceField(
        required=False,
        empty_value=None,
        coerce=lambda v: v == "yes",
        choices=[("", "Eligible or not"), ("yes", "Eligible"), ("no", "Not eligible")],
    )

    def __init__(self, *args, departments: list[str], levels: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "Any department")] + [(d, d) for d in departments]
        self.fields["level"].choices = [("", "Any level")] + [(lvl, f"Level {lvl}") for lvl in levels]
