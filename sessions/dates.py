"""Stored dates of the mentoring year outside their range (``manage.py find_out_of_range_dates``).

Meetings, learning sessions and action items fall within their program's year, give or take a
margin (``programs/dates.py``); the services refuse anything else, this finds rows stored
before they did.
"""

from collections.abc import Iterator

from organizations.date_ranges import StoredDate, stored_outside
from programs.dates import program_year, programs_by_dates
from sessions.models import ActionItem, LearningSession, Meeting


def find_stored_session_dates(organization) -> Iterator[StoredDate]:
    for program in programs_by_dates(organization):
        year = program_year(program)
        meetings = Meeting.objects.filter(pair__cohort__program_id=program.pk)
        yield from stored_outside(meetings, "starts_at", year, organization)
        sessions = LearningSession.objects.filter(cohort__program_id=program.pk)
        yield from stored_outside(sessions, "starts_at", year, organization)
        items = ActionItem.objects.filter(meeting__pair__cohort__program_id=program.pk)
        yield from stored_outside(items, "due_on", year, organization)
