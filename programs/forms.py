"""Forms of programs: they parse and label input; services decide what it means."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from organizations.clock import organization_tz
from programs.eligibility import RULES, RuleInput
from programs.models import (
    ApplicantRole,
    ApplicationStatus,
    MatchingMode,
    Program,
    ProgramPhase,
    ProgramStatus,
    RuleKind,
    Structure,
)
from programs.services.applications import DECISIONS
from programs.services.programs import DESIGN_FIELDS, default_end_date, validate_program_design
from programs.templates_catalog import TEMPLATES, ProgramTemplate
from programs.vocabulary import MODE_EXPLANATIONS, structure_choices_explained


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


@dataclass(frozen=True)
class FormSection:
    title: str
    fields: list
    folded: bool  # shown closed, with ``summary`` saying what it holds
    summary: str = ""


class ProgramForm(forms.ModelForm):
    """A program's design. Made ``from_template``, the form opens on what the manager must decide
    (name, dates, window, class size) and folds what the template decided (purpose, structure)."""

    # (title, fields, folded when the design comes from a template)
    fieldsets = [
        ("About the program", ["name", "description"], False),
        ("Program year", ["start_date", "end_date"], False),
        (
            "Applications and class size",
            ["applications_open_at", "applications_close_at", "mentee_limit", "mentor_limit"],
            False,
        ),
        (
            "Purpose and measurable target",
            ["purpose", "purpose_custom", "target_metric", "target_baseline", "target_value", "target_by"],
            True,
        ),
        (
            "Structure and rhythm",
            ["structure", "matching_mode", "group_size", "meeting_cadence_days"],
            True,
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
            "structure": forms.RadioSelect,
            "matching_mode": forms.RadioSelect,
        }
        labels = {
            "target_baseline": "Baseline",
            "target_value": "Target",
            "target_by": "Target date",
            "applications_open_at": "Applications open",
            "applications_close_at": "Applications close",
            "mentee_limit": "Class size (mentees, or peers in circles)",
            "mentor_limit": "Mentors needed",
        }
        help_texts = {
            "name": "Include the year, e.g. “Rising Leaders 2026”: copying for next year updates it.",
            "description": "What participants can expect; members read this before applying.",
            "purpose": "The talent problem this program is meant to move.",
            "end_date": "Leave empty for twelve months after the start.",
            "mentee_limit": "The most mentees the class can take.",
            "mentor_limit": "Peer circles have no mentors: leave it at 0.",
            "group_size": "Mentees per mentor in a group; people per circle in peer circles.",
        }

    def __init__(self, *args, organization, template: str | None = None, **kwargs):
        """``template``: the key of the template a new program starts from ("" for a blank
        design); None when editing."""
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.from_template = bool(template)
        if template is not None:
            self.fields["template"] = forms.ChoiceField(
                required=False,
                choices=[("", "No template"), *((key, t.title) for key, t in TEMPLATES.items())],
                widget=forms.HiddenInput,
                initial=template,
            )
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
        # Each choice with its one-line explanation, so the manager knows what they pick.
        self.fields["structure"].choices = [
            (value, f"{label} — {explanation}") for value, label, explanation in structure_choices_explained()
        ]
        self.fields["matching_mode"].required = False  # manager-matched unless chosen
        self.fields["matching_mode"].choices = [
            (value, f"{label} — {MODE_EXPLANATIONS[value]}") for value, label in MatchingMode.choices
        ]

    def clean(self):
        cleaned = super().clean()
        cleaned["matching_mode"] = cleaned.get("matching_mode") or MatchingMode.MANAGER
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

    def grouped(self) -> list[FormSection]:
        sections = []
        for title, names, folds in self.fieldsets:
            fields = [self[name] for name in names]
            folded = folds and self.from_template and not any(field.errors for field in fields)
            sections.append(FormSection(title, fields, folded, self._summary(names) if folded else ""))
        return sections

    def _summary(self, names: list[str]) -> str:
        """What a folded section holds, in a few words: "Leadership pipeline · 12-month …"."""
        value = {name: self[name].value() for name in names}
        if "purpose" in value:
            purpose = dict(self.fields["purpose"].choices).get(value["purpose"], "")
            return " · ".join(str(part) for part in (purpose, value["target_metric"]) if part)
        structure = dict(Structure.choices).get(value["structure"], "")
        parts = [str(structure)]
        if value["structure"] != Structure.PEER_CIRCLE:
            mode = str(dict(MatchingMode.choices).get(value["matching_mode"], ""))
            parts.append(mode.split(":")[0].lower())
        if value["group_size"] and value["structure"] != Structure.ONE_TO_ONE:
            unit = "circles" if value["structure"] == Structure.PEER_CIRCLE else "groups"
            parts.append(f"{unit} of {value['group_size']}")
        if value["meeting_cadence_days"]:
            parts.append(f"meetings every {value['meeting_cadence_days']} days")
        return " · ".join(parts)

    def design(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in DESIGN_FIELDS}

    def template_key(self) -> str:
        return self.cleaned_data.get("template") or ""


def program_initial(
    today: datetime.date, tz: zoneinfo.ZoneInfo, template: ProgramTemplate | None = None
) -> dict:
    """Sensible first values: start on the first of the month after next, three weeks to apply,
    and the ``template``'s design."""
    month = today.replace(day=1) + datetime.timedelta(days=32)
    start = (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    opens = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(9)), tz
    )
    initial = {
        "start_date": start,
        "applications_open_at": opens,
        "applications_close_at": opens + datetime.timedelta(days=21),
        "structure": Structure.ONE_TO_ONE,
        "matching_mode": MatchingMode.MANAGER,
    }
    if template is not None:
        initial.update(template.design(start))
    return initial


class PhaseForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(max_length=120)
    date = forms.DateField(widget=DateInput())


PhaseFormSet = forms.formset_factory(PhaseForm, extra=2, can_delete=True)


def phase_initial(phases: list[ProgramPhase]) -> list[dict]:
    return [{"id": p.pk, "name": p.name, "date": p.date} for p in phases]


class RuleValueForm(forms.Form):
    """The value of one kind of rule; the field fits the kind (number, rating, roster values).

    Departments, levels and locations are chosen from ``choices`` (``programs.selectors.
    rule_value_choices``: today's roster, then stored values it no longer has, flagged), never
    typed, so a misspelt name cannot be saved.
    """

    def __init__(self, *args, kind: str, organization, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        # Values only the stored rule still names: the page flags them.
        self.stale_values = {str(choice.value) for choice in choices if not choice.on_roster}
        spec = RULES[kind]
        if spec.input == RuleInput.MONTHS:
            self.fields["value"] = forms.IntegerField(
                label="Months of tenure", min_value=0, max_value=600, help_text="12 months to the day counts."
            )
        elif spec.input == RuleInput.LEVEL:
            self.fields["value"] = forms.TypedChoiceField(
                label="Level",
                coerce=int,
                choices=[("", "Choose a level")] + [(c.value, _flagged(c)) for c in choices],
                help_text="The levels of the people on today's HR roster; higher is more senior.",
                error_messages={
                    "invalid_choice": "Level %(value)s is not on today's roster; choose from the list."
                },
            )
        elif spec.input == RuleInput.RATING:
            self.fields["value"] = forms.TypedChoiceField(
                label="Lowest rating that qualifies",
                coerce=int,
                choices=[(i, label) for i, label in enumerate(organization.rating_scale, start=1)],
                help_text="This rating and every higher one qualify.",
            )
        elif spec.input == RuleInput.NAMES:
            noun = spec.roster_field
            self.fields["value"] = forms.MultipleChoiceField(
                label=RuleKind(kind).label,
                choices=[(c.value, c.label) for c in choices],
                widget=forms.CheckboxSelectMultiple,
                help_text=f"Tick one or more; these are the {noun}s of the people on today's HR roster."
                if choices
                else f"Nobody on today's HR roster has a {noun} yet: load the roster first.",
                error_messages={
                    "invalid_choice": f"“%(value)s” is not a {noun} on today's roster; "
                    f"tick {noun}s from the list.",
                    "required": f"Tick at least one {noun}.",
                },
            )

    @property
    def needs_value(self) -> bool:
        return "value" in self.fields


def _flagged(choice) -> str:
    return choice.label if choice.on_roster else f"{choice.label} — not on today's roster"


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

    def __init__(self, *args, roles=tuple(ApplicantRole.values), **kwargs):
        """``roles``: the roles the member may apply in (those whose rules they meet today)."""
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        role.choices = [(value, label) for value, label in ApplicantRole.choices if value in roles]
        role.error_messages["invalid_choice"] = (
            "You don't meet this program's rules for that role today; the reasons are shown above."
        )
        if list(roles) == [ApplicantRole.PEER]:
            # Peer circles: everyone applies the same way, so there is nothing to choose.
            role.widget = forms.HiddenInput()
            role.choices = [(ApplicantRole.PEER, ApplicantRole.PEER.label)]
            self.initial["role"] = ApplicantRole.PEER
            self.fields["learning_goals"].label = "What do you want to learn from your circle?"
            self.fields["offer"].label = "What can you bring to your circle? (optional)"
            self.fields["offer"].help_text = "Experience, skills and questions you can share with your peers."
            return
        if len(role.choices) == 1:
            only = role.choices[0][0]
            self.initial.setdefault("role", only)
            drop = "offer" if only == ApplicantRole.MENTEE else "learning_goals"
            del self.fields[drop]
            kept = "learning_goals" if only == ApplicantRole.MENTEE else "offer"
            self.fields[kept].label = {
                "learning_goals": "What do you want to learn?",
                "offer": "What can you offer?",
            }[kept]


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
