"""Forms for the cohort pages. Choice querysets are built per request from the open scope,
so a posted id of another organization's application is simply not a valid choice."""

from django import forms

from cohorts.models import Cohort
from cohorts.selectors import accepted_applications, accepted_not_selected
from cohorts.services import COHORT_NAME_MAX_LENGTH
from organizations.view_helpers import IdsChoiceField


class CohortCreateForm(forms.Form):
    name = forms.CharField(
        label="Name of the class",
        max_length=COHORT_NAME_MAX_LENGTH,
        required=False,
        help_text="How people will refer to this class, for example “2027 class”.",
    )


class ParticipantAddForm(forms.Form):
    application = forms.ModelChoiceField(
        queryset=None,
        error_messages={"invalid_choice": "That person is not an accepted applicant waiting for a place."},
    )

    def __init__(self, *args, cohort: Cohort, role: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = accepted_not_selected(cohort=cohort, role=role)


class SelectionApplyForm(forms.Form):
    application_ids = IdsChoiceField(
        queryset=None,
        error_messages={
            "invalid_choice": "Someone in the proposal is no longer accepted. Propose the class again.",
            "required": "The proposal is empty: accept some applicants first.",
        },
    )
    replace = forms.BooleanField(required=False)

    def __init__(self, *args, cohort: Cohort, role: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application_ids"].queryset = accepted_applications(cohort=cohort, role=role)


class CohortStartForm(forms.Form):
    """The confirmation of "Start the cohort". The early-close box is offered only while the
    application window is open; the service refuses without it (``cohorts/start.py``)."""

    close_applications_early = forms.BooleanField(
        label="Close applications early",
        required=False,
        help_text="Nobody else can apply once the cohort starts, even though the window still runs.",
    )

    def __init__(self, *args, offer_early_close: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not offer_early_close:
            del self.fields["close_applications_early"]
