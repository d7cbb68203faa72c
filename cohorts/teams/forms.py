"""Project-team forms: they parse; the services decide. Choice querysets are built per request,
inside the organization's scope, never at import time."""

from django import forms

from cohorts.teams.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from cohorts.teams.services.challenges import MAX_PREFERENCES
from organizations.uploads import ACCEPT_ATTRIBUTE


class ChallengeForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX_LENGTH)
    problem = forms.CharField(
        label="The problem", widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_MAX_LENGTH
    )
    why_it_matters = forms.CharField(
        label="Why it matters", widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX_LENGTH
    )
    expected_outcome = forms.CharField(
        label="Expected outcome",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
        help_text="What the team should hand you at the end: a recommendation, a pilot, a business case…",
    )
    sponsor = forms.ModelChoiceField(
        queryset=None, required=False, help_text="The senior leader who sponsors it."
    )

    def __init__(self, *args, sponsors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sponsors is None:
            del self.fields["sponsor"]
        else:
            self.fields["sponsor"].queryset = sponsors
            self.fields["sponsor"].required = True


class PreferencesForm(forms.Form):
    """Up to three ranked choices among the cohort's accepted challenges."""

    def __init__(self, *args, challenges=(), initial_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(str(c.pk), c.title) for c in challenges]
        labels = ["First choice", "Second choice", "Third choice"]
        for rank in range(min(MAX_PREFERENCES, len(challenges))):
            self.fields[f"choice_{rank + 1}"] = forms.ChoiceField(
                label=labels[rank],
                choices=choices,
                required=False,
                initial=str(initial_ids[rank]) if rank < len(initial_ids) else "",
            )

    def ranked_ids(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields if self.cleaned_data.get(name)]


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX_LENGTH)
    due_on = forms.DateField(label="Due", widget=forms.DateInput(attrs={"type": "date"}))


class TeamFileForm(forms.Form):
    file = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
    title = forms.CharField(max_length=200, required=False, help_text="Optional; the file name otherwise.")
    is_recommendation = forms.BooleanField(required=False, label="This is our final recommendation")


class PostForm(forms.Form):
    text = forms.CharField(
        label="Message", widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX_LENGTH
    )


class RecommendationForm(forms.Form):
    recommendation = forms.CharField(
        label="Final recommendation",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )


class AdviserForm(forms.Form):
    adviser = forms.ModelChoiceField(queryset=None, required=False, empty_label="No adviser")

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = mentors
        self.fields["adviser"].label_from_instance = lambda p: p.employee.name
