"""Forms only parse; the rules (dates, ranges, who may write) are in goals/services.py."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from goals.models import GoalCategory, GoalStatus, PartnerKind
from organizations.models import Membership, User


class DateInput(forms.DateInput):
    input_type = "date"


class GoalForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        help_text="Short and concrete: “Lead a cross-team project”, not “Get better at leading”.",
    )
    category = forms.ChoiceField(choices=GoalCategory.choices, initial=GoalCategory.SKILL)
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why this matters to you, and what you will do.",
    )
    success_measure = forms.CharField(
        label="How success is measured",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Something you or your partner can check: “Run two team retrospectives on my own”, "
        "“Present the budget to the finance council”, “Three coffee chats with people in Sales”.",
    )
    target_date = forms.DateField(widget=DateInput, help_text="When you aim to get there.")
    status = forms.ChoiceField(choices=GoalStatus.choices, initial=GoalStatus.NOT_STARTED)


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label="Milestone", max_length=200, help_text="A step you can tick off, e.g. “Draft the project plan”."
    )
    due_date = forms.DateField(widget=DateInput, help_text="On or before the goal's target date.")


class CheckInForm(forms.Form):
    date = forms.DateField(widget=DateInput)
    progress = forms.IntegerField(
        label="Progress (%)",
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        help_text="How far along you are, from 0 to 100.",
    )
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What moved, what is in the way. Your partner and accountability partner can read it.",
    )
    status = forms.ChoiceField(label="Goal status now", choices=GoalStatus.choices)


class PartnerForm(forms.Form):
    kind = forms.ChoiceField(
        label="Who holds you to account?", choices=PartnerKind.choices, widget=forms.RadioSelect
    )
    user = forms.ModelChoiceField(
        label="Colleague",
        queryset=User.objects.none(),
        required=False,
        help_text="Someone else in the organization. They will be able to read this plan.",
    )
    name = forms.CharField(label="Their name", max_length=200, required=False)
    email = forms.EmailField(
        label="Their email",
        max_length=254,
        required=False,
        help_text="They get a read-only link to this plan that works for 90 days. You can revoke it.",
    )

    def __init__(self, *args, organization, owner, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request, inside the organization's scope: only this organization's members.
        member_ids = Membership.objects.filter(organization=organization).values("user_id")
        self.fields["user"].queryset = (
            User.objects.filter(pk__in=member_ids).exclude(pk=owner.pk).order_by("full_name", "email")
        )
        self.fields["user"].label_from_instance = lambda user: f"{user.display_name} ({user.email})"
