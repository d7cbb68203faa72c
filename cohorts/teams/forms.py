"""Project-team forms: they parse; the services decide. Choice querysets are built per request,
inside the organization's scope, never at import time."""

from django import forms

from cohorts.teams.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Readiness
from cohorts.teams.services.challenges import MAX_PREFERENCES
from organizations.documents import ACCEPT_ATTRIBUTE


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


class CouncilForm(forms.Form):
    members = forms.MultipleChoiceField(
        label="Council members", widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, leaders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(str(e.user_id), e.name) for e in leaders]


class CriteriaForm(forms.Form):
    criteria = forms.CharField(
        label="Criteria, one per line",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text="Each council member scores each team from 1 to 5 on every line.",
    )

    def names(self) -> list[str]:
        return self.cleaned_data["criteria"].splitlines()


class PresentationForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Starts",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    minutes = forms.IntegerField(label="Minutes", min_value=5, max_value=480, initial=30)
    location = forms.CharField(max_length=200, required=False, label="Where")


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Comment for the team and the program manager",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX_LENGTH,
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(n), str(n)) for n in range(1, 6)]
        self.criteria_fields = []
        for criterion in criteria:
            name = f"criterion_{criterion.pk}"
            self.fields[name] = forms.ChoiceField(
                label=criterion.name, choices=choices, widget=forms.RadioSelect, required=False
            )
            self.criteria_fields.append(name)
        self.order_fields([*self.criteria_fields, "comment"])

    def scores(self) -> dict[str, str]:
        return {
            name.removeprefix("criterion_"): self.cleaned_data[name]
            for name in self.criteria_fields
            if self.cleaned_data.get(name)
        }


class TalentFlagForm(forms.Form):
    participant = forms.ModelChoiceField(queryset=None, label="Mentee")
    readiness = forms.ChoiceField(choices=Readiness.choices)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text="For HR, managers and the council. The person sees that they were flagged, "
        "never this note.",
    )

    def __init__(self, *args, mentees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = mentees
        self.fields["participant"].label_from_instance = lambda p: (
            f"{p.employee.name} ({p.employee.department})"
        )


class TalentPoolFilter(forms.Form):
    """Filters of the talent pool; anything unreadable is simply not applied."""

    department = forms.ChoiceField(required=False)
    level = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    cohort = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    readiness = forms.ChoiceField(required=False, choices=[("", "Any readiness"), *Readiness.choices])

    def __init__(self, *args, departments=(), levels=(), cohorts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "Any department")] + [(d, d) for d in departments]
        self.fields["level"].choices = [("", "Any level")] + [(str(v), f"Level {v}") for v in levels]
        self.fields["cohort"].choices = [("", "Any cohort")] + [(str(c.pk), c.name) for c in cohorts]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "department": data.get("department") or "",
            "level": data.get("level"),
            "cohort_id": data.get("cohort"),
            "readiness": data.get("readiness") or "",
        }
