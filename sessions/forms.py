"""Forms of the mentoring year: they parse and label input; services decide what it means.

Choices that come from the database (pair members, a cohort's sessions and participants) are
passed in per request, never built at import time, so they stay inside the tenant scope.
"""

import datetime

from django import forms

from organizations.clock import local_date, local_datetime, organization_tz
from organizations.models import Organization
from sessions.materials import ACCEPT_ATTRIBUTE, ALLOWED_LABEL, human_size, max_bytes
from sessions.models import (
    LearningSession,
    MeetingFormat,
    MeetingStatus,
    MentoringSettings,
    SessionAudience,
    SessionKind,
    UnresponsiveReport,
)
from sessions.services.settings import EDITABLE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class WhenMixin(forms.Form):
    """A date and a time on the organization's clock, turned into one aware ``starts_at``."""

    date = forms.DateField(widget=DateInput())
    time = forms.TimeField(widget=TimeInput(), help_text="")
    duration_minutes = forms.IntegerField(label="Duration (minutes)", initial=60)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["time"].help_text = f"On the {organization.timezone} clock."

    def starts_at(self) -> datetime.datetime:
        return local_datetime(self.cleaned_data["date"], self.cleaned_data["time"], self.organization)

    @staticmethod
    def when_initial(starts_at: datetime.datetime, organization: Organization) -> dict:
        local = starts_at.astimezone(organization_tz(organization))
        return {"date": local.date(), "time": local.time().replace(second=0, microsecond=0)}


class MeetingForm(WhenMixin):
    status = forms.ChoiceField(
        label="This meeting",
        choices=[
            (MeetingStatus.SCHEDULED, "is coming up: put it in our calendar"),
            (MeetingStatus.HAPPENED, "already happened: I want to log it"),
        ],
        initial=MeetingStatus.SCHEDULED,
        widget=forms.RadioSelect,
    )
    format = forms.ChoiceField(
        choices=MeetingFormat.choices, initial=MeetingFormat.VIDEO, widget=forms.RadioSelect
    )
    location = forms.CharField(
        label="Place",
        max_length=200,
        required=False,
        help_text="If you meet in person: a room, a café, an office.",
    )
    video_url = forms.URLField(
        label="Video link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="For a video call.",
    )

    field_order = ["status", "date", "time", "duration_minutes", "format", "location", "video_url"]

    def __init__(self, *args, with_status: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_status:
            del self.fields["status"]


class MeetingLogForm(forms.Form):
    status = forms.ChoiceField(
        label="Did you meet?",
        choices=[(MeetingStatus.HAPPENED, "We met"), (MeetingStatus.CANCELLED, "It was cancelled")],
        initial=MeetingStatus.HAPPENED,
        widget=forms.RadioSelect,
    )
    topics = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A line or two on what you talked about. Only the people in this pair see it.",
    )
    learning_session = forms.TypedChoiceField(
        label="Follow-up of a learning session",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="If you discussed a session's guide, link it here.",
    )
    shared_notes = forms.CharField(
        label="Shared notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Notes both of you can read. Your program manager never sees them.",
    )
    private_note = forms.CharField(
        label="Your private note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you will ever see this: not your partner, not your program manager.",
    )

    def __init__(self, *args, sessions=(), organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learning_session"].choices = [("", "None")] + [
            (s.pk, f"{s.title} ({local_date(s.starts_at, organization):%d %b %Y})") for s in sessions
        ]


class ActionItemForm(forms.Form):
    text = forms.CharField(label="Action item", max_length=300, required=False)
    owner = forms.TypedChoiceField(label="Who", coerce=int, required=False, empty_value=None)
    due_on = forms.DateField(label="Due", required=False, widget=DateInput())

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose…")] + [
            (m.pk, m.participant.employee.name) for m in members
        ]
        self.fields["owner"].error_messages["invalid_choice"] = (
            "Each action item belongs to someone in this pair."
        )

    def clean(self):
        data = super().clean()
        if data.get("text") and not data.get("owner"):
            self.add_error("owner", "Say who will do it.")
        return data

    @property
    def is_filled(self) -> bool:
        return bool(self.cleaned_data.get("text"))


class BaseActionItemFormSet(forms.BaseFormSet):
    def __init__(self, *args, members=(), **kwargs):
        self.members = members
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "members": self.members}


ActionItemFormSet = forms.formset_factory(ActionItemForm, formset=BaseActionItemFormSet, extra=2, max_num=10)


class PrivateNoteForm(forms.Form):
    text = forms.CharField(
        label="Your private note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "aria-label": "Your private note"}),
        help_text="Only you will ever see this. Leave it empty to delete your note.",
    )


class LearningSessionForm(WhenMixin):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=SessionKind.choices)
    audience = forms.ChoiceField(
        label="Who is it for?",
        choices=SessionAudience.choices,
        help_text="Role-preparation sessions are usually for mentors only or for mentees only.",
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    location = forms.CharField(label="Place", max_length=200, required=False)
    video_url = forms.URLField(label="Online link", max_length=500, required=False, assume_scheme="https")
    discussion_guide = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "Questions for mentors to take into their next meeting. Once the session has ended, it "
            "shows in every pair's space as the topic to reinforce, and mentors get it by email."
        ),
    )

    field_order = [
        "title",
        "kind",
        "audience",
        "date",
        "time",
        "duration_minutes",
        "location",
        "video_url",
        "description",
        "discussion_guide",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_minutes"].initial = 90

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "audience": data["audience"],
            "description": data["description"],
            "starts_at": self.starts_at(),
            "duration_minutes": data["duration_minutes"],
            "location": data["location"],
            "video_url": data["video_url"],
            "discussion_guide": data["discussion_guide"],
        }

    @classmethod
    def initial_for(cls, session: LearningSession, organization: Organization) -> dict:
        return {
            **cls.when_initial(session.starts_at, organization),
            "title": session.title,
            "kind": session.kind,
            "audience": session.audience,
            "description": session.description,
            "duration_minutes": session.duration_minutes,
            "location": session.location,
            "video_url": session.video_url,
            "discussion_guide": session.discussion_guide,
        }


class MaterialForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, help_text="Leave empty to use the file name.")
    file = forms.FileField(
        required=False, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})
    )
    link = forms.URLField(label="…or a link", max_length=500, required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"{ALLOWED_LABEL}; at most {human_size(max_bytes())}."


class AttendanceForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label="Who attended", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (p.pk, f"{p.employee.name} · {p.get_role_display().lower()}, {p.employee.department}")
            for p in participants
        ]
        self.fields["attended"].error_messages["invalid_choice"] = (
            "Only people this session is for can be marked as attending."
        )


YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool:
    return value == "yes"


class CheckInForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label="How useful is this mentoring relationship to you?",
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text="1 = not useful at all, 5 = very useful.",
        error_messages={
            "invalid_choice": "Rate how useful the relationship is from 1 (not at all) to 5 (very).",
            "required": "Rate how useful the relationship is from 1 (not at all) to 5 (very).",
        },
    )
    met_as_planned = forms.TypedChoiceField(
        label="Have you met as often as you planned?",
        choices=YES_NO,
        coerce=_yes_no,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether you have met as planned.",
            "invalid_choice": "Answer yes or no.",
        },
    )
    would_continue = forms.TypedChoiceField(
        label="Would you continue with this partner?",
        choices=YES_NO,
        coerce=_yes_no,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether you would continue with this partner.",
            "invalid_choice": "Answer yes or no.",
        },
    )
    comment = forms.CharField(
        label="Anything the program team should know?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Read by the program team only — never by your partner.",
    )


class UnresponsiveReportForm(forms.Form):
    """Reporting a partner who does not respond: which partner (when there are several) and an
    optional short note for the program team."""

    about = forms.TypedChoiceField(
        label="Who is not responding", coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(
        label="A short note for the program team (optional)",
        max_length=UnresponsiveReport.NOTE_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", "—")] + [(p.pk, p.participant.employee.name) for p in partners]


class MentoringSettingsForm(forms.ModelForm):
    class Meta:
        model = MentoringSettings
        fields = list(EDITABLE_FIELDS)
