from django import forms

from organizations.models import Organization
from organizations.models.tenancy import TIMEZONE_CHOICES


class OrganizationCreateForm(forms.Form):
    name = forms.CharField(max_length=120)
    slug = forms.SlugField(
        max_length=60,
        required=False,
        label="Web address",
        help_text="Letters, numbers and dashes: your pages live at /o/<web address>/. "
        "Leave empty to derive it from the name.",
    )
    timezone = forms.ChoiceField(choices=TIMEZONE_CHOICES, initial="UTC")


class OrganizationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "timezone", "min_group_size", "require_mfa"]
