"""The pair space's earlier meetings built in Python (sessions/meeting_rows.py) are the markup
the template's rows were, character for character: the former template is the reference."""

import datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone

from sessions.meeting_rows import past_meetings_html
from sessions.models import Meeting, MeetingFormat, MeetingStatus
from tests.sessions.factories import LearningSessionFactory, MeetingFactory

# templates/sessions/pair_space.html's rows before they were built in Python.
REFERENCE = (
    "{% load tz %}{% timezone zone %}"
    + (Path(__file__).parent / "meeting_rows_reference.html").read_text()
    + "{% endtimezone %}"
)


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"])
def test_the_rows_are_the_former_template_rows(org, pair, zone):
    session = LearningSessionFactory(cohort=pair.cohort, title='Feedback <in> "practice" & more')
    start = timezone.now().replace(hour=23, minute=5) - datetime.timedelta(days=40)
    kinds = [
        (MeetingStatus.HAPPENED, MeetingFormat.VIDEO, "Short <b>topic</b> & notes", None),
        (MeetingStatus.CANCELLED, MeetingFormat.IN_PERSON, "", session),
        (MeetingStatus.SCHEDULED, MeetingFormat.PHONE, "x" * 89 + "é" + "y" * 30, None),
        (MeetingStatus.HAPPENED, MeetingFormat.PHONE, "a" * 90, session),
        (MeetingStatus.SCHEDULED, MeetingFormat.VIDEO, " ", None),
    ]
    for n, (status, form, topics, linked) in enumerate(kinds):
        MeetingFactory(
            pair=pair,
            starts_at=start + datetime.timedelta(days=7 * n, minutes=n * 17),
            duration_minutes=15 * (n + 1),
            format=form,
            status=status,
            topics=topics,
            learning_session=linked,
        )
    meetings = list(
        Meeting.objects.filter(pair=pair).select_related("learning_session").order_by("-starts_at")
    )
    expected = Template(REFERENCE).render(
        Context({"zone": zone, "space": {"past_meetings": meetings}, "organization": org})
    )
    built = past_meetings_html(meetings, org_slug=org.slug, timezone_name=zone)
    assert "Log it" in built and "Cancelled" in built and "&lt;b&gt;" in built and "…" in built
    assert "            " + built == expected
