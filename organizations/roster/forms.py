"""Forms of the roster pages: the upload and the roster filters. Filter choices come from the
latest load (``roster_filter_choices``), read once per request."""

from functools import lru_cache

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import mark_safe

from organizations.roster.selectors import roster_filter_choices


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="Roster file (CSV)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text="A .csv file saved as UTF-8, with the column names on the first line.",
    )
    effective_date = forms.DateField(
        label="Effective date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text="The date this roster describes. Promotions, moves and leavers in it are dated with it.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ROSTER_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"This file is {filesizeformat(upload.size)}; the largest roster file you can upload is "
                f"{filesizeformat(limit)}. Remove columns you do not need, or ask an administrator to "
                "load it with the import_roster command."
            )
        return upload


class RosterFilterForm(forms.Form):
    STATUS_CHOICES = [("", "Everyone"), ("active", "Active"), ("left", "Left")]

    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Name, email or external id"}),
    )
    department = forms.ChoiceField(label="Department", required=False)
    level = forms.TypedChoiceField(label="Level", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, choices: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, inside the request's scope, never at import time.
        choices = roster_filter_choices() if choices is None else choices
        self.filter_choices = choices
        self.fields["department"].choices = [("", "All departments")] + [
            (d, d) for d in choices["departments"]
        ]
        self.fields["level"].choices = [("", "All levels")] + [(str(n), str(n)) for n in choices["levels"]]

    def filters(self) -> dict:
        """The selector's keyword arguments; a field with a bad value is simply not applied."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "search": (data.get("q") or "").strip(),
            "department": data.get("department") or "",
            "level": data.get("level"),
            "status": data.get("status") or "",
        }

    def rendered_fields(self) -> dict[str, str]:
        """The four inputs' HTML as ``{{ form.<name> }}`` renders them, remembered per process for
        the same choices and the same submitted values (Django renders each input, and each
        option of the selects, through templates: a fifth of the roster page)."""
        data = tuple((name, tuple(self.data.getlist(name))) for name in self.fields)
        choices = self.filter_choices
        return _rendered_fields(tuple(choices["departments"]), tuple(choices["levels"]), data)


@lru_cache(maxsize=512)
def _rendered_fields(departments: tuple, levels: tuple, data: tuple) -> dict[str, str]:
    submitted = QueryDict(mutable=True)
    for name, values in data:
        submitted.setlist(name, list(values))
    form = RosterFilterForm(submitted, choices={"departments": list(departments), "levels": list(levels)})
    return {name: mark_safe(str(form[name])) for name in form.fields}
