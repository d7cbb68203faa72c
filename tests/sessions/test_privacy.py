"""The privacy rules of the mentoring year (docs/privacy.md), as one table.

Every text a person writes about a meeting or a relationship gets a unique marker; each viewer
opens every page and API response that could show it; the marker must appear exactly for the
viewers the rule names:

- topics, shared notes, the place and the video link of a meeting, action items: the pair only;
- a private note: its author only;
- a check-in comment: cohort managers only (the program manager and the admin);
- an unresponsive-partner report's note: no page of the mentoring app (it travels only in the
  program managers' notification);
- managers and HR see *that* a meeting happened (date, duration, status), never its content.

Two guards keep the table honest: every free-text field of the meeting and check-in models
must have a row, and every page of the mentoring app must be opened (or be named, with the
reason it can show none of these texts).
"""

import datetime
from dataclasses import dataclass

import pytest
from django.db import models
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sessions.models import ActionItem, CheckIn, Meeting, MeetingStatus, PrivateNote, UnresponsiveReport
from tests.factories import MembershipFactory, UserFactory
from tests.sessions.factories import (
    ActionItemFactory,
    CheckInFactory,
    LearningSessionFactory,
    MeetingFactory,
    PrivateNoteFactory,
    member_of,
    pair_of,
)

VIEWERS = ["mentee", "mentor", "other_pair", "manager", "hr_analyst", "admin", "outsider"]
PAIR = frozenset({"mentee", "mentor"})
COHORT_MANAGERS = frozenset({"manager", "admin"})


@dataclass(frozen=True)
class Row:
    field: str  # "Model.field", for the coverage guard
    marker: str
    visible_to: frozenset
    author: str = ""  # whose words, when each person writes their own


TABLE = [
    Row("Meeting.topics", "MARK-TOPICS-71c2", PAIR),
    Row("Meeting.shared_notes", "MARK-SHARED-NOTES-93aa", PAIR),
    Row("Meeting.location", "MARK-PLACE-5e10", PAIR),
    Row("Meeting.video_url", "https://video.example.com/MARK-VIDEO-0b4d", PAIR),
    Row("ActionItem.text", "MARK-ACTION-ITEM-c7e8", PAIR),
    Row("PrivateNote.text", "MARK-MENTEE-PRIVATE-2f61", frozenset({"mentee"}), author="mentee"),
    Row("PrivateNote.text", "MARK-MENTOR-PRIVATE-8d03", frozenset({"mentor"}), author="mentor"),
    Row("CheckIn.comment", "MARK-CHECKIN-COMMENT-44b9", COHORT_MANAGERS),
    Row("UnresponsiveReport.note", "MARK-REPORT-NOTE-6d21", frozenset()),
]
MARKER = {(row.field, row.author): row.marker for row in TABLE}

# Pages that cannot show any text above, and why. Every other GET page is opened below.
NO_MEETING_TEXT = {
    "mentoring:calendar": "the person's own feed settings",
    "mentoring:cohorts": "cohort names and pair counts",
    "mentoring:sessions": "learning sessions of a cohort",
    "mentoring:session_create": "an empty session form",
    "mentoring:session_edit": "a learning session's own fields",
    "mentoring:program_settings": "a program's thresholds",
    "mentoring:material": "a learning-session material file",
    "mentoring:session_ics": "a learning session's calendar file",
}
POST_ONLY = {
    "mentoring:private_note",
    "mentoring:action_item_create",
    "mentoring:action_item_done",
    "mentoring:calendar_create",
    "mentoring:calendar_revoke",
    "mentoring:session_attended",
    "mentoring:session_attendance",
    "mentoring:material_create",
    "mentoring:material_delete",
    "mentoring:report_unresponsive",
}


def _mentoring_url_names(patterns=None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            names |= _mentoring_url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif namespace == "mentoring" and pattern.name:
            names.add(f"mentoring:{pattern.name}")
    return names


def _free_text_fields() -> set[str]:
    found = set()
    for model in (Meeting, PrivateNote, ActionItem, CheckIn, UnresponsiveReport):
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                found.add(f"{model.__name__}.{field.name}")
    return found


@pytest.fixture
def world(org, other_org, cohort, people):
    mentee, mentor = people.mentee, people.mentor
    pair = pair_of(mentor, mentee, cohort, published_at=timezone.now() - datetime.timedelta(days=20))
    other_pair_user = MembershipFactory(organization=org, user=UserFactory(email="other@acme.test")).user
    other_pair = pair_of(UserFactory(), other_pair_user, cohort)
    session = LearningSessionFactory(cohort=cohort, starts_at=timezone.now() - datetime.timedelta(days=5))
    meeting = MeetingFactory(
        pair=pair,
        status=MeetingStatus.HAPPENED,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        topics=MARKER["Meeting.topics", ""],
        shared_notes=MARKER["Meeting.shared_notes", ""],
        location=MARKER["Meeting.location", ""],
        video_url=MARKER["Meeting.video_url", ""],
        learning_session=session,
    )
    upcoming = MeetingFactory(
        pair=pair,
        status=MeetingStatus.SCHEDULED,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        location=MARKER["Meeting.location", ""],
        video_url=MARKER["Meeting.video_url", ""],
    )
    MeetingFactory(pair=other_pair)
    ActionItemFactory(meeting=meeting, owner=member_of(pair, mentee), text=MARKER["ActionItem.text", ""])
    PrivateNoteFactory(meeting=meeting, author=mentee, text=MARKER["PrivateNote.text", "mentee"])
    PrivateNoteFactory(meeting=meeting, author=mentor, text=MARKER["PrivateNote.text", "mentor"])
    CheckInFactory(
        pair=pair,
        member=member_of(pair, mentee),
        answered=True,
        usefulness=2,
        comment=MARKER["CheckIn.comment", ""],
    )
    CheckInFactory(
        pair=pair, member=member_of(pair, mentor), round=1
    )  # open: the check-in page shows its form
    UnresponsiveReport.objects.create(
        organization=org,
        pair=pair,
        reporter=member_of(pair, mentee),
        about=member_of(pair, mentor),
        note=MARKER["UnresponsiveReport.note", ""],
    )
    viewers = {
        "mentee": mentee,
        "mentor": mentor,
        "other_pair": other_pair_user,
        "manager": people.manager,
        "hr_analyst": people.hr_analyst,
        "admin": people.admin,
        "outsider": people.outsider,
    }
    return {
        "org": org,
        "cohort": cohort,
        "pair": pair,
        "meeting": meeting,
        "upcoming": upcoming,
        "session": session,
        "viewers": viewers,
    }


def _pages(w) -> dict[str, str]:
    org, kw = w["org"], {"org_slug": w["org"].slug}
    api = f"/api/v1/o/{org.slug}"
    return {
        "mentoring:my_mentoring": reverse("mentoring:my_mentoring", kwargs=kw),
        "mentoring:pair": reverse("mentoring:pair", kwargs=kw | {"pk": w["pair"].pk}),
        "mentoring:checkin": reverse("mentoring:checkin", kwargs=kw | {"pk": w["pair"].pk}),
        "mentoring:meeting_create": reverse("mentoring:meeting_create", kwargs=kw | {"pk": w["pair"].pk}),
        "mentoring:meeting": reverse("mentoring:meeting", kwargs=kw | {"pk": w["meeting"].pk}),
        "mentoring:meeting_edit": reverse("mentoring:meeting_edit", kwargs=kw | {"pk": w["upcoming"].pk}),
        "mentoring:meeting_log": reverse("mentoring:meeting_log", kwargs=kw | {"pk": w["meeting"].pk}),
        "mentoring:meeting_ics": reverse("mentoring:meeting_ics", kwargs=kw | {"pk": w["meeting"].pk}),
        "mentoring:session": reverse("mentoring:session", kwargs=kw | {"pk": w["session"].pk}),
        "mentoring:overview": reverse("mentoring:overview", kwargs=kw | {"pk": w["cohort"].pk}),
        "mentoring:overview_csv": reverse("mentoring:overview_csv", kwargs=kw | {"pk": w["cohort"].pk}),
        "mentoring:checkin_answers": reverse("mentoring:checkin_answers", kwargs=kw | {"pk": w["cohort"].pk}),
        "api meetings": f"{api}/meetings/",
        "api meeting": f"{api}/meetings/{w['meeting'].pk}/",
        "api learning sessions": f"{api}/learning-sessions/",
        "api attendance": f"{api}/session-attendance/",
        "api pair health": f"{api}/pair-health/",
        "api pair health detail": f"{api}/pair-health/{w['pair'].pk}/",
    }


# Pages each viewer must actually reach, so an empty answer can't pass for privacy.
MUST_REACH = {
    "mentee": {"mentoring:pair", "mentoring:meeting", "api meetings"},
    "mentor": {"mentoring:pair", "mentoring:meeting_log", "api meeting"},
    "other_pair": {"mentoring:my_mentoring", "mentoring:session", "api meetings"},
    "manager": {"mentoring:overview", "mentoring:overview_csv", "mentoring:checkin_answers", "api meetings"},
    "hr_analyst": {"api meetings", "api attendance"},
    "admin": {"mentoring:overview", "mentoring:checkin_answers", "api meeting", "api pair health detail"},
    "outsider": set(),
}
# Per-pair health and check-in answers: program managers and admins only; HR reads cohort
# aggregates in analytics (docs/privacy.md).
NEVER_REACH = {
    "hr_analyst": {
        "mentoring:overview",
        "mentoring:overview_csv",
        "mentoring:checkin_answers",
        "api pair health",
        "api pair health detail",
    },
}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_each_viewer_sees_exactly_the_texts_the_privacy_rules_allow(viewer, world, client_for):
    assert {row.field for row in TABLE} == _free_text_fields(), "Give every free-text field a row in TABLE"
    pages = _pages(world)
    unchecked = _mentoring_url_names() - set(pages) - set(NO_MEETING_TEXT) - POST_ONLY
    assert not unchecked, (
        f"Open these pages in the privacy table, or say why they show no such text: {unchecked}"
    )

    user = world["viewers"][viewer]
    browser, api = client_for(user), APIClient()
    api.force_authenticate(user)
    seen, reached = [], set()
    for name, url in pages.items():
        response = (api if name.startswith("api") else browser).get(url)
        if response.status_code == 200:
            reached.add(name)
            seen.append(response.content.decode())
        else:
            assert response.status_code in (403, 404), f"{viewer} got {response.status_code} on {name}"
    assert MUST_REACH[viewer] <= reached, f"{viewer} should reach {MUST_REACH[viewer] - reached}"
    forbidden = NEVER_REACH.get(viewer, set()) & reached
    assert not forbidden, f"{viewer} must not reach {forbidden}"

    everything = "\n".join(seen)
    for row in TABLE:
        visible = row.marker in everything
        expected = viewer in row.visible_to
        assert visible == expected, (
            f"{row.field}{f' ({row.author})' if row.author else ''} should be "
            f"{'visible' if expected else 'hidden'} to {viewer}"
        )
