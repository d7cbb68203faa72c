"""Forms for trust profiles and the profile framework. They only parse what was posted; the
rules (exactly three passions, items in use…) are the services' (``cohorts/profiles/services.py``).
Choices come from the organization's framework, built per request."""

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cohorts.models import ProfileFramework, TrustProfile
from cohorts.profiles.models import (
    MAX_MENTOR_CAPACITY,
    MIN_MENTOR_CAPACITY,
    PASSION_DESCRIPTIONS,
    PASSIONS_TO_PICK,
)
from cohorts.profiles.services import MAX_SKILLS, PURPOSE_MAX_LENGTH


class PassionCards(forms.CheckboxSelectMultiple):
    """The passions as a grid of cards, each with its one-line description; no JavaScript."""

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        options = [
            option
            for _group, group_options, _index in context["widget"]["optgroups"]
            for option in group_options
        ]
        for option in options:
            option["description"] = PASSION_DESCRIPTIONS.get(option["value"], "")
        return mark_safe(
            render_to_string(
                "cohorts/profiles/passion_cards.html",
                {
                    "widget": context["widget"],
                    "options": options,
                    "invalid": context["widget"]["attrs"].get("aria-invalid") == "true",
                },
            )
        )


def _choices(items: list[str]) -> list[tuple[str, str]]:
    return [(item, item) for item in items]


LABELS_FOR_SOMEONE_ELSE = {
    "values": "Their values",
    "passions": "Their three dominant passions",
    "purpose_statement": "Their purpose statement",
    "strengths": "Their strengths",
    "learning_wishes": "What they want to learn",
    "mentor_capacity": "How many mentees can they take?",
}


class TrustProfileForm(forms.Form):
    values = forms.MultipleChoiceField(
        label="Your values",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-grid"}),
        help_text="Pick one to three: what you stand for at work, and what your partner can count on.",
    )
    passions = forms.MultipleChoiceField(
        label="Your three dominant passions",
        required=False,
        widget=PassionCards,
        help_text=f"Pick exactly {PASSIONS_TO_PICK}: the kinds of work that give you energy.",
    )
    purpose_statement = forms.CharField(
        label="Your purpose statement",
        required=False,
        max_length=PURPOSE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Two or three sentences: why you do what you do, and what you want this year to change.",
    )
    strengths = forms.MultipleChoiceField(
        label="Your strengths",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-grid"}),
        help_text=f"Up to {MAX_SKILLS}: what you are good at and could help someone with.",
    )
    learning_wishes = forms.MultipleChoiceField(
        label="What you want to learn",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-grid"}),
        help_text=f"Up to {MAX_SKILLS}: the skills you want to grow this year.",
    )
    mentor_capacity = forms.TypedChoiceField(
        label="How many mentees can you take?",
        coerce=int,
        choices=[(n, str(n)) for n in range(MIN_MENTOR_CAPACITY, MAX_MENTOR_CAPACITY + 1)],
        initial=MIN_MENTOR_CAPACITY,
        help_text="Most mentors take one; take more only if you can give each of them time every month.",
    )

    def __init__(self, *args, framework: ProfileFramework, is_mentor: bool, for_self: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["values"].choices = _choices(framework.values)
        self.fields["passions"].choices = _choices(framework.passions)
        self.fields["strengths"].choices = _choices(framework.skills)
        self.fields["learning_wishes"].choices = _choices(framework.skills)
        if is_mentor:
            self.fields["strengths"].label = "What you can offer"
            self.fields[
                "strengths"
            ].help_text = f"Up to {MAX_SKILLS}: the skills you can help a mentee with. Matching uses them."
        else:
            del self.fields["mentor_capacity"]
        if not for_self:
            # A manager filling in for someone: the same fields, worded about them.
            for name, label in LABELS_FOR_SOMEONE_ELSE.items():
                if name in self.fields:
                    self.fields[name].label = label
            if is_mentor:
                self.fields["strengths"].label = "What they can offer"

    @classmethod
    def initial_for(cls, profile: TrustProfile) -> dict:
        return {
            "values": profile.values,
            "passions": profile.passions,
            "purpose_statement": profile.purpose_statement,
            "strengths": profile.strengths,
            "learning_wishes": profile.learning_wishes,
            "mentor_capacity": profile.mentor_capacity,
        }


class ProfileFrameworkForm(forms.Form):
    """Each list as lines of text: one passion, value or skill per line, in the order shown."""

    passions = forms.CharField(
        label="Passions",
        widget=forms.Textarea(attrs={"rows": 11}),
        help_text=f"One per line. People pick exactly {PASSIONS_TO_PICK}.",
    )
    values = forms.CharField(
        label="Values",
        widget=forms.Textarea(attrs={"rows": 11}),
        help_text="One per line. People pick one to three.",
    )
    skills = forms.CharField(
        label="Skills",
        widget=forms.Textarea(attrs={"rows": 21}),
        help_text="One per line. Used both for strengths (what someone offers) and what they want to learn.",
    )

    @classmethod
    def initial_for(cls, framework: ProfileFramework) -> dict:
        return {field: "\n".join(getattr(framework, field)) for field in ("passions", "values", "skills")}

    def lists(self) -> dict[str, list[str]]:
        return {
            field: [line.strip() for line in self.cleaned_data[field].splitlines() if line.strip()]
            for field in ("passions", "values", "skills")
        }
