"""Retention periods: the words of ended programs go after the months the organization chose;
the facts stay; the page says what goes next; nothing goes until a period is set."""

import datetime

import pytest
from django.urls import reverse

from organizations.models import AuditAction, AuditEntry
from organizations.retention import retention_outlook, retention_sweep
from organizations.services.organizations import organization_retention_save
from programs.models import Application, ApplicationStatus
from sessions.models import CheckIn, Meeting, PrivateNote
from tests.cohorts.factories import CohortFactory, applicant
from tests.sessions.factories import CheckInFactory, MeetingFactory, member_of, pair_of

pytestmark = pytest.mark.django_db
ENDED = datetime.date(2025, 6, 30)


@pytest.fixture
def ended_year(org, mentor, mentee):
    cohort = CohortFactory(
        program__organization=org,
        program__start_date=datetime.date(2024, 9, 1),
        program__end_date=ENDED,
        status="completed",
        program__status="completed",
    )
    pair = pair_of(mentor, mentee, cohort)
    meeting = MeetingFactory(pair=pair, topics="Our plans", shared_notes="Agreed next steps")
    PrivateNote.objects.create(organization=org, meeting=meeting, author=mentee, text="Mine")
    CheckInFactory(
        pair=pair, member=member_of(pair, mentee), round=1, answered=True, usefulness=4, comment="Going well"
    )
    application = applicant(cohort.program, status=ApplicationStatus.ACCEPTED)
    Application.objects.filter(pk=application.pk).update(motivation="To grow")
    return meeting, application


def test_nothing_goes_until_a_period_is_set(org, ended_year):
    assert retention_sweep(org, datetime.date(2030, 1, 1)) == {}
    assert Meeting.objects.get(pk=ended_year[0].pk).topics == "Our plans"


def test_words_go_after_the_period_and_the_facts_stay(org, admin, ended_year):
    meeting, application = ended_year
    organization_retention_save(
        organization=org,
        months={"meeting_notes": 12, "checkin_comments": 12, "application_answers": 6},
        actor=admin,
    )
    answered = Application.objects.exclude(motivation="").count()  # the pair's two and ours
    # Eleven months after the end: only the application answers (six months) have expired.
    assert retention_sweep(org, datetime.date(2026, 5, 30)) == {"application_answers": answered}
    assert Meeting.objects.get(pk=meeting.pk).topics == "Our plans"
    # Thirteen months after: everything.
    assert retention_sweep(org, datetime.date(2026, 7, 31)) == {"meeting_notes": 1, "checkin_comments": 1}
    meeting.refresh_from_db()
    assert (meeting.topics, meeting.shared_notes, meeting.status) == ("", "", "happened")
    assert not PrivateNote.objects.exists()
    checkin = CheckIn.objects.get()
    assert (checkin.comment, checkin.usefulness) == ("", 4)
    application.refresh_from_db()
    assert (application.motivation, application.status) == ("", ApplicationStatus.ACCEPTED)
    assert retention_sweep(org, datetime.date(2026, 8, 1)) == {}  # a second night changes nothing
    assert AuditEntry.objects.filter(action=AuditAction.RETENTION_SWEEP).count() == 2


def test_the_outlook_says_what_goes_tonight_and_next(org, admin, ended_year):
    organization_retention_save(organization=org, months={"meeting_notes": 12}, actor=admin)
    outlook = {row.kind.key: row for row in retention_outlook(org, datetime.date(2026, 3, 1))}
    notes = outlook["meeting_notes"]
    assert (notes.due_now, notes.next_on, notes.next_count) == (0, datetime.date(2026, 7, 1), 1)
    assert outlook["checkin_comments"].months is None
    later = {row.kind.key: row for row in retention_outlook(org, datetime.date(2026, 7, 2))}
    assert later["meeting_notes"].due_now == 1


def test_admins_set_periods_on_the_page_with_clear_errors(org, admin, manager, client_for, ended_year):
    url = reverse("retention_settings", kwargs={"org_slug": org.slug})
    client = client_for(admin)
    assert "What goes next" in client.get(url).content.decode()
    bad = client.post(url, {"meeting_notes": "-3", "checkin_comments": "x" * 10_000})
    assert bad.status_code == 200 and "field-error" in bad.content.decode()
    org.refresh_from_db()
    assert org.retention_months == {}
    assert client.post(url, {"meeting_notes": "24"}).status_code == 302
    org.refresh_from_db()
    assert org.retention_months == {"meeting_notes": 24}
    assert AuditEntry.objects.filter(action=AuditAction.SETTINGS_CHANGE).exists()
    assert client_for(manager).get(url).status_code == 403


def test_another_organizations_records_are_untouched(org, other_org, admin, ended_year):
    other = CohortFactory(
        program__organization=other_org,
        program__end_date=ENDED,
        program__start_date=datetime.date(2024, 9, 1),
    )
    from django_scopes import scopes_disabled

    with scopes_disabled():
        theirs = applicant(other.program, status=ApplicationStatus.ACCEPTED)
        Application.objects.filter(pk=theirs.pk).update(motivation="Theirs")
    organization_retention_save(organization=org, months={"application_answers": 0}, actor=admin)
    retention_sweep(org, datetime.date(2026, 1, 1))
    with scopes_disabled():
        assert Application.objects.get(pk=theirs.pk).motivation == "Theirs"
