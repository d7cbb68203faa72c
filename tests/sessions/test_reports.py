"""Reporting an unresponsive partner: stored, the program managers told in the same
transaction, the partner not; a bounded note; once a day per partner; a clear answer."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from matching.models import MemberRole
from organizations.models import Notification
from sessions.models import UnresponsiveReport
from sessions.services.reports import NOTE_LIMIT, unresponsive_partner_report
from tests.factories import MembershipFactory, UserFactory
from tests.frozen_time import frozen, local, recipients
from tests.goals.factories import add_member
from tests.sessions.factories import member_of

pytestmark = pytest.mark.django_db


def _url(org, pair) -> str:
    return reverse("mentoring:report_unresponsive", kwargs={"org_slug": org.slug, "pk": pair.pk})


def test_the_managers_are_told_and_the_partner_is_not(org, cohort, pair, mentor, mentee, manager, admin):
    report = unresponsive_partner_report(actor=mentee, pair=pair, note="  No answer to three messages.  ")
    assert (report.reporter, report.about) == (member_of(pair, mentee), member_of(pair, mentor))
    assert report.note == "No answer to three messages."
    assert recipients("unresponsive_partner_report") == sorted([manager.email, admin.email])
    row = Notification.objects.get(user=manager)
    reporter, about = (member_of(pair, u).participant.employee.name for u in (mentee, mentor))
    assert row.subject == f"{reporter} reports that {about} is not responding"
    assert "No answer to three messages." in row.body_text and "They have not met yet." in row.body_text
    assert row.link == reverse("mentoring:overview", kwargs={"org_slug": org.slug, "pk": cohort.pk})
    assert not Notification.objects.filter(user__in=[mentor, mentee]).exists()


def test_the_note_is_bounded_and_a_refused_report_stores_nothing(pair, mentee, manager):
    with pytest.raises(ValidationError) as refused:
        unresponsive_partner_report(actor=mentee, pair=pair, note="x" * (NOTE_LIMIT + 1))
    assert "note" in refused.value.message_dict
    assert not UnresponsiveReport.objects.exists() and not Notification.objects.exists()


def test_once_a_day_per_partner(org, pair, mentee, manager):
    with frozen(local(org, "2026-11-02 09:00")):
        unresponsive_partner_report(actor=mentee, pair=pair)
    with frozen(local(org, "2026-11-02 23:30")), pytest.raises(ValidationError, match="already told"):
        unresponsive_partner_report(actor=mentee, pair=pair)
    with frozen(local(org, "2026-11-03 00:10")):
        unresponsive_partner_report(actor=mentee, pair=pair)
    assert Notification.objects.count() == 2


def test_only_a_current_member_may_report_and_only_a_partner(pair, other_pair_user, manager, mentee):
    with pytest.raises(PermissionDenied):
        unresponsive_partner_report(actor=other_pair_user, pair=pair)
    with pytest.raises(PermissionDenied):
        unresponsive_partner_report(actor=manager, pair=pair)
    with pytest.raises(ValidationError) as refused:
        unresponsive_partner_report(actor=mentee, pair=pair, about_id=member_of(pair, mentee).pk)
    assert "about" in refused.value.message_dict


def test_in_a_group_the_reporter_names_the_partner(org, pair, mentor, mentee, manager):
    second = MembershipFactory(organization=org, user=UserFactory(email="second@acme.test")).user
    other = add_member(pair, second, role=MemberRole.MENTEE)
    with pytest.raises(ValidationError):
        unresponsive_partner_report(actor=mentor, pair=pair)
    report = unresponsive_partner_report(actor=mentor, pair=pair, about_id=other.pk)
    assert report.about == other


# The page


def test_the_pair_space_offers_the_report_and_confirms_it(org, pair, mentor, mentee, manager, client_for):
    client = client_for(mentee)
    space = client.get(
        reverse("mentoring:pair", kwargs={"org_slug": org.slug, "pk": pair.pk})
    ).content.decode()
    assert _url(org, pair) in space and f'maxlength="{NOTE_LIMIT}"' in space
    response = client.post(_url(org, pair), {"note": "Silent since March."}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/mentoring/pairs/{pair.pk}/")
    page = response.content.decode()
    assert "The program team now knows that" in page and "is not told about your report" in page
    assert UnresponsiveReport.objects.get().note == "Silent since March."
    assert recipients("unresponsive_partner_report") == [manager.email]
    again = client.post(_url(org, pair), {"note": ""}, follow=True).content.decode()
    assert "You already told the program team" in again
    assert UnresponsiveReport.objects.count() == 1


def test_a_long_note_is_refused_on_the_page(org, pair, mentee, manager, client_for):
    response = client_for(mentee).post(_url(org, pair), {"note": "x" * (NOTE_LIMIT + 1)}, follow=True)
    assert f"at most {NOTE_LIMIT} characters" in response.content.decode()
    assert not UnresponsiveReport.objects.exists()


def test_the_report_is_post_only_and_404_for_people_outside_the_pair(
    org, pair, mentee, other_pair_user, client_for
):
    assert client_for(mentee).get(_url(org, pair)).status_code == 405
    assert client_for(other_pair_user).post(_url(org, pair), {}).status_code == 404


def test_the_overview_marks_a_reported_pair_without_the_note(org, cohort, pair, mentee, manager, client_for):
    unresponsive_partner_report(actor=mentee, pair=pair, note="PRIVATE-NOTE")
    page = (
        client_for(manager)
        .get(reverse("mentoring:overview", kwargs={"org_slug": org.slug, "pk": cohort.pk}))
        .content.decode()
    )
    assert "Partner reported unresponsive" in page and "1 pair needs your attention" in page
    assert "PRIVATE-NOTE" not in page
