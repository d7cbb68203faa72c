"""A person reads and downloads everything Lodestar holds about them in one organization:
their own rows from every app, in their own words; never another person's rows, another
organization's, or what others wrote as a judgement about them."""

import json

import pytest
from django.urls import reverse

from organizations.models import AuditAction, AuditEntry
from organizations.personal_data import personal_data_sections
from programs.models import ApplicationStatus
from tests.cohorts.factories import CohortFactory, applicant
from tests.factories import EmployeeFactory
from tests.sessions.factories import MeetingFactory, pair_of

pytestmark = pytest.mark.django_db


def _download(client, org) -> dict:
    response = client.get(reverse("personal_data_download", kwargs={"org_slug": org.slug}))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_every_app_contributes_its_sections():
    titles = {section.title for section in personal_data_sections()}
    assert {
        "Account",
        "Roster record",
        "Applications",
        "Places in classes",
        "Trust profile",
        "Pairs",
        "Goals",
        "Meetings",
        "Private notes",
        "Relationship check-ins",
        "Messages",
    } <= titles


def test_a_person_gets_their_own_words_and_nobody_elses(org, mentee, mentor, client_for):
    cohort = CohortFactory(program__organization=org, status="active", program__status="active")
    mine = applicant(cohort.program, status=ApplicationStatus.ACCEPTED)
    mine.user = mentee
    mine.motivation = "I want to lead the Lisbon office."
    mine.override_reason = "Exception granted by the board for tenure."
    mine.save()
    other = applicant(cohort.program, status=ApplicationStatus.ACCEPTED)
    other.motivation = "Someone else's secret plans."
    other.save()
    data = _download(client_for(mentee), org)
    text = json.dumps(data)
    assert data["person"]["email"] == mentee.email
    assert "I want to lead the Lisbon office." in text
    assert "Someone else's secret plans." not in text
    assert "Exception granted by the board" not in text  # a manager's judgement, not theirs


def test_the_meetings_of_their_pair_are_theirs_and_another_organizations_data_is_not(
    org, other_org, mentee, mentor, client_for
):
    cohort = CohortFactory(program__organization=org, status="active", program__status="active")
    pair = pair_of(mentor, mentee, cohort)
    MeetingFactory(pair=pair, topics="Delegation and feedback")
    EmployeeFactory(organization=other_org, user=mentee, department="Globex Secret Dept")
    data = _download(client_for(mentee), org)
    assert [meeting["Topics"] for meeting in data["sections"]["Meetings"]] == ["Delegation and feedback"]
    assert "Globex Secret Dept" not in json.dumps(data)


def test_the_page_shows_the_sections_and_the_download_is_audited(org, mentee, client_for):
    client = client_for(mentee)
    page = client.get(reverse("personal_data", kwargs={"org_slug": org.slug})).content.decode()
    assert "Your data in Acme" in page and "Roster record" in page and "Download it all as JSON" in page
    _download(client, org)
    entry = AuditEntry.objects.get(action=AuditAction.DATA_EXPORT)
    assert entry.actor == mentee and entry.object_label.endswith(".json")


def test_each_section_costs_one_query_however_much_there_is(org, mentee, mentor, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cohort = CohortFactory(program__organization=org, status="active", program__status="active")
    pair = pair_of(mentor, mentee, cohort)
    client = client_for(mentee)
    url = reverse("personal_data_download", kwargs={"org_slug": org.slug})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        MeetingFactory(pair=pair)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_another_organization_gets_404(org, other_org, outsider, client_for):
    for name in ("personal_data", "personal_data_download"):
        assert client_for(outsider).get(reverse(name, kwargs={"org_slug": org.slug})).status_code == 404
