"""The sign-up form: allauth's, with the person's name first (``ACCOUNT_FORMS`` in settings)."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from organizations.models import User

NAME_MAX_LENGTH = User._meta.get_field("full_name").max_length


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label="Your name",
        max_length=NAME_MAX_LENGTH,
        help_text="As your colleagues know you: it is how mentors, mentees and admins see you.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["full_name", "email", "password1", "password2"]

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError("Enter your name.")
        return name
