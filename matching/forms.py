"""Forms of the matching pages: they parse and label input; services decide what it means.

Choice querysets are built per request from the open scope (a run's own proposals), so a
posted id of another organization's row is simply not a valid choice.
"""

import zoneinfo

from django import forms
from django.db.models import Q
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from cohorts.models import Participant, ParticipantStatus
from matching.models import (
    CircleChoiceKind,
    LoadBalance,
    MatchMode,
    MatchRun,
    MatchSettings,
    ProposedPair,
    RematchOutcome,
)
from matching.scoring import COMPONENTS
from matching.selectors import COMPONENT_HELP, COMPONENT_LABELS
from matching.services.rematch import REASON_MAX_LENGTH
from matching.services.settings import MAX_LEVEL_GAP, MAX_SHORTLIST, MAX_WEIGHT
from organizations.view_helpers import add_form_errors
from programs.forms import LocalDateTimeField


class MatchSettingsForm(forms.Form):
    """One weight per score component, then the rules. ``choices()`` is what the service takes."""

    min_level_gap = forms.IntegerField(
        label="Minimum level gap",
        min_value=0,
        max_value=MAX_LEVEL_GAP,
        help_text="How many levels above the mentee a mentor should be, at least (0 = any level).",
    )
    level_gap_is_hard = forms.BooleanField(
        label="Never propose a mentor below the minimum gap",
        required=False,
        help_text="Unticked, a smaller gap only scores lower.",
    )
    allow_previous_pairs = forms.BooleanField(
        label="Allow people who were paired in an earlier cohort to be paired again",
        required=False,
    )
    mode = forms.ChoiceField(
        label="How pairs are chosen",
        choices=MatchMode.choices,
        help_text="Hybrid: each mentee first ranks a shortlist of their best mentors, "
        "and the ranks add to the score.",
    )
    shortlist_size = forms.IntegerField(
        label="Mentors on each mentee's shortlist (hybrid)", min_value=1, max_value=MAX_SHORTLIST
    )
    honour_first_choices = forms.BooleanField(
        label="Honour first choices (hybrid)",
        required=False,
        help_text="Ticked, a mentee gets the mentor they ranked first whenever that mentor has a "
        "place, before any score counts (matching everyone still comes first). Unticked, ranks "
        "only add to the score, so a slightly better score elsewhere can win.",
    )
    load_balance = forms.TypedChoiceField(
        label="Spread mentees across mentors",
        choices=LoadBalance.choices,
        coerce=int,
        help_text="Off: the best total score, however many mentees each mentor takes. "
        "Balanced: a mentor's second mentee must score clearly better than a mentor who would "
        "otherwise have none. Spread first: everyone who can take a mentee gets one before anyone "
        "gets a second. Matching more people still comes first; the run page shows what it cost.",
    )

    def __init__(self, *args, tz: zoneinfo.ZoneInfo, structure: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ranking_deadline"] = LocalDateTimeField(
            tz=tz,
            label="Ranking deadline (hybrid)",
            required=False,
            help_text="Mentees can rank until then. Leave empty to keep ranking open until you publish.",
        )
        weights = {}
        for name in COMPONENTS:
            weights[f"weight_{name}"] = forms.FloatField(
                label=COMPONENT_LABELS[name],
                min_value=0,
                max_value=MAX_WEIGHT,
                help_text=COMPONENT_HELP[name],
                widget=forms.NumberInput(attrs={"step": "0.5"}),
            )
        # Weights first, in the engine's order, then the rules.
        self.fields = {**weights, **self.fields}
        self.weight_names = list(weights)
        if structure == "peer_circle":
            # Circles are formed on departments and levels alone (matching/circles.py): no
            # weight, level gap, mode or mentor load changes them, so none is offered.
            for name in [*weights, "min_level_gap", "level_gap_is_hard", "mode", "shortlist_size"]:
                del self.fields[name]
            for name in ("ranking_deadline", "load_balance", "honour_first_choices"):
                del self.fields[name]
            self.weight_names = []
            self.fields[
                "allow_previous_pairs"
            ].label = "Allow people who shared a pair or circle in an earlier cohort to share a circle again"

    @classmethod
    def initial_for(cls, match_settings: MatchSettings) -> dict:
        from matching.inputs import scoring_rules

        weights = dict(scoring_rules(match_settings).weights)
        # The saved weight, not the 0 a manager-matched program runs with.
        weights["mentee_rank"] = float(match_settings.weights.get("mentee_rank", weights["mentee_rank"]))
        return {
            **{f"weight_{name}": weights[name] for name in COMPONENTS},
            "min_level_gap": match_settings.min_level_gap,
            "level_gap_is_hard": match_settings.level_gap_is_hard,
            "allow_previous_pairs": match_settings.allow_previous_pairs,
            "mode": match_settings.mode,
            "shortlist_size": match_settings.shortlist_size,
            "ranking_deadline": match_settings.ranking_deadline,
            "load_balance": match_settings.load_balance,
            "honour_first_choices": match_settings.honour_first_choices,
        }

    def weight_fields(self):
        return [self[name] for name in self.weight_names]

    def rule_fields(self):
        return [self[name] for name in self.fields if name not in self.weight_names]

    def choices(self) -> dict:
        # Fields a structure does not offer keep their saved values (``initial_for``).
        data = {**self.initial, **self.cleaned_data}
        return {
            "weights": {name: data[f"weight_{name}"] for name in COMPONENTS},
            "min_level_gap": data["min_level_gap"],
            "level_gap_is_hard": data["level_gap_is_hard"],
            "mode": data["mode"],
            "shortlist_size": data["shortlist_size"],
            "ranking_deadline": data.get("ranking_deadline"),
            "allow_previous_pairs": data["allow_previous_pairs"],
            "load_balance": data["load_balance"] if "load_balance" in self.fields else LoadBalance.OFF,
            "honour_first_choices": data.get("honour_first_choices", True),
        }

    def add_service_errors(self, error) -> None:
        add_form_errors(self, error)


def _attrs(attrs: dict) -> str:
    """Django's ``django/forms/widgets/attrs.html``, in Python."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    """A ``<select>`` drawn in Python: the HTML of Django's ``select.html`` without a template
    include per option (the run page's two lists of 25 pairs cost more drawn by templates than
    its 25 rows; tests/matching/test_forms.py compares it with Django's)."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                value = conditional_escape(str(option["value"]))
                label = conditional_escape(option["label"])
                parts.append(f'\n  <option value="{value}"{_attrs(option["attrs"])}>{label}</option>\n')
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class _ProposalChoice(forms.ModelChoiceField):
    widget = PlainSelect

    def label_from_instance(self, obj: ProposedPair) -> str:
        return f"{obj.mentee.employee.name} → {obj.mentor.employee.name} ({obj.score:.1f})"


class SwapForm(forms.Form):
    """Two proposals of a draft run whose mentors to exchange (not pairs pinned with the Pin
    button; a pair pinned because it was swapped may be swapped again)."""

    first = _ProposalChoice(queryset=None, label="This pair…", empty_label="Choose a pair")
    second = _ProposalChoice(queryset=None, label="…swaps mentors with", empty_label="Choose a pair")

    def __init__(self, *args, run: MatchRun, proposals=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = (
            ProposedPair.objects.filter(Q(pinned=False) | Q(swapped=True), run=run)
            .select_related("mentee__employee", "mentor__employee")
            .order_by("mentee__employee__name")
        )
        self.fields["first"].queryset = queryset
        self.fields["second"].queryset = queryset
        if proposals is not None:
            # Offer only these (a page of the run, already read): drawing the form reads nothing.
            offered = sorted(
                (p for p in proposals if not p.pinned or p.swapped), key=lambda p: p.mentee.employee.name
            )
            for name in ("first", "second"):
                field = self.fields[name]
                field.choices = [("", field.empty_label)] + [
                    (p.pk, field.label_from_instance(p)) for p in offered
                ]


class RematchRequestForm(forms.Form):
    reason = forms.CharField(
        label="What is not working? (optional)",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the program team reads this. Your partner is not told that you asked, or why.",
    )


class RematchResolveForm(forms.Form):
    outcome = forms.ChoiceField(choices=RematchOutcome.choices, widget=forms.RadioSelect)
    rerun = forms.BooleanField(
        required=False, initial=True, label="Run matching now for the people without a pair"
    )


class RankingForm(forms.Form):
    """One rank per offered mentor (1 = favourite); leaving one blank leaves them unranked."""

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options
        choices = [("", "Not ranked")] + [(str(n), f"#{n}") for n in range(1, len(options) + 1)]
        for option in options:
            self.fields[f"rank_{option.mentor.pk}"] = forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                initial=option.rank,
                label=f"Your rank for {option.mentor.name}",
            )

    def rows(self):
        return [(option, self[f"rank_{option.mentor.pk}"]) for option in self.options]

    def clean(self):
        data = super().clean()
        ranked = {
            option.mentor.pk: data.get(f"rank_{option.mentor.pk}")
            for option in self.options
            if data.get(f"rank_{option.mentor.pk}") is not None
        }
        if len(set(ranked.values())) != len(ranked):
            raise forms.ValidationError("Give each mentor a different rank.")
        data["mentor_ids"] = [pk for pk, _ in sorted(ranked.items(), key=lambda item: item[1])]
        return data


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.employee.name} ({obj.employee.department})"


class CircleMoveForm(forms.Form):
    """A person of a draft circle run and the circle to move them to (the run's own people and
    circle numbers only, so another run's or organization's id is not a valid choice)."""

    participant = _PersonChoice(queryset=None, label="Move", empty_label="Choose a person")
    circle = forms.TypedChoiceField(coerce=int, label="to circle", choices=[])

    def __init__(self, *args, run: MatchRun, circles: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = (
            Participant.objects.filter(pk__in=run.circle_members.values("participant_id"))
            .select_related("employee")
            .order_by("employee__name", "pk")
        )
        self.fields["circle"].choices = [("", "Choose a circle")] + [
            (n, f"Circle {n}") for n in range(1, circles + 1)
        ]


class CircleChoiceForm(forms.Form):
    """Two selected peers of a cohort, and whether to keep them together or apart."""

    first = _PersonChoice(queryset=None, label="Keep", empty_label="Choose a person")
    kind = forms.ChoiceField(
        label="How",
        choices=[(CircleChoiceKind.TOGETHER, "together with"), (CircleChoiceKind.APART, "apart from")],
    )
    second = _PersonChoice(queryset=None, label="and", empty_label="Choose a person")

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        peers = (
            Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED)
            .select_related("employee")
            .order_by("employee__name", "pk")
        )
        self.fields["first"].queryset = peers
        self.fields["second"].queryset = peers
