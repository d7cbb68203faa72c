"""Forms of the members pages: inviting someone and changing a member's role."""

from django import forms

from organizations.roles import Role


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MEMBER)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class MemberFilterForm(forms.Form):
    """The members page's search and role filter (GET); a bad value is simply not applied."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "Name or email", "type": "search"}),
    )
    role = forms.ChoiceField(label="Role", required=False, choices=[("", "All roles"), *Role.choices])

    def __init__(self, *args, **kwargs):
        # Its own ids: the invitation form beside it on the page has a "role" too.
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"search": (data.get("q") or "").strip(), "role": data.get("role") or ""}


class InvitableFilterForm(forms.Form):
    """Filters of the roster invitation list (GET), with choices from the roster itself."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "Name or email", "type": "search"}),
    )
    department = forms.ChoiceField(label="Department", required=False)
    level = forms.TypedChoiceField(label="Level", required=False, coerce=int, empty_value=None)
    location = forms.ChoiceField(label="Location", required=False)

    def __init__(self, *args, choices: dict[str, list], **kwargs):
        super().__init__(*args, **kwargs)
        departments, levels, locations = choices["department"], choices["level"], choices["location"]
        self.fields["department"].choices = [("", "All departments"), *((d, d) for d in departments)]
        self.fields["level"].choices = [("", "All levels"), *((str(n), str(n)) for n in levels)]
        self.fields["location"].choices = [("", "All locations"), *((x, x) for x in locations)]

    def filters(self) -> dict:
        """The selector's keyword arguments; a field with a bad value is simply not applied."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "search": (data.get("q") or "").strip(),
            "department": data.get("department") or "",
            "level": data.get("level"),
            "location": data.get("location") or "",
        }


class BulkInvitationForm(forms.Form):
    """The role for everyone ticked; the ticked roster rows come as ``employees`` ids."""

    role = forms.ChoiceField(label="Invite them as", choices=Role.choices, initial=Role.MEMBER)
