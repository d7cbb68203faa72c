"""Presentation reminders: team members hear three days (on the organization's clock) before
their council presentation, once per presentation, and nobody else does."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from cohorts.models import CohortStatus, ParticipantStatus
from cohorts.teams.services.council import presentation_schedule
from cohorts.teams.services.reminders import presentation_reminders_scan
from organizations.models import EmailStatus, Notification, NotificationPreference
from organizations.notifications.dispatch import dispatch_due
from organizations.notifications.outbox import recipient_key_for
from organizations.tenancy import organization_scope
from tests.cohorts.factories import CohortFactory, ParticipantFactory
from tests.cohorts.teams.factories import BusinessChallengeFactory, team_for

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=AMSTERDAM)


# Monday 30 March 2026 at 10:00 in Amsterdam: the clocks went forward on Sunday the 29th.
STARTS = at(2026, 3, 30, 10, 0)


@pytest.fixture
def team(cohort, mentee_participant, manager):
    challenge = BusinessChallengeFactory(cohort=cohort, title="Onboarding that keeps customers")
    team = team_for(challenge, mentee_participant, ParticipantFactory(cohort=cohort))
    presentation_schedule(actor=manager, team=team, starts_at=STARTS, minutes=30, location="Board room")
    return team


def reminders():
    return Notification.objects.filter(kind="presentation_reminder").order_by("pk")


def test_members_are_reminded_three_days_before_on_the_wall_clock(org, team, mentee):
    # Three days before 10:00 on the 30th is 10:00 on the 27th, before the clocks changed; 72
    # hours counted in UTC would have been an hour earlier.
    assert presentation_reminders_scan(org, at(2026, 3, 27, 9, 59)) == 0
    assert presentation_reminders_scan(org, at(2026, 3, 27, 10, 0)) == 2
    emails = set(reminders().values_list("email", flat=True))
    assert emails == {m.participant.employee.email for m in team.members.all()}
    row = reminders().get(user=mentee)
    assert row.subject == (
        f"{team.cohort.program.name}: your team presents to the council on "
        "Mon 30 March 2026, 10:00 (Europe/Amsterdam)"
    )
    assert "“Onboarding that keeps customers”" in row.body_text
    assert "for 30 minutes, at Board room" in row.body_text
    assert row.link == f"/o/acme/teams/{team.pk}/"
    mail.outbox.clear()
    assert dispatch_due(organization=org).sent == 2


def test_each_member_is_reminded_once_however_often_the_scan_runs(org, team):
    assert presentation_reminders_scan(org, at(2026, 3, 28, 9, 0)) == 2
    assert presentation_reminders_scan(org, at(2026, 3, 28, 9, 5)) == 0
    assert presentation_reminders_scan(org, at(2026, 3, 30, 9, 0)) == 0
    assert reminders().count() == 2


def test_nothing_once_the_presentation_has_started(org, team):
    assert presentation_reminders_scan(org, at(2026, 3, 30, 10, 0)) == 0


def test_a_slot_made_at_short_notice_is_reminded_at_once(org, cohort, mentee_participant, manager):
    challenge = BusinessChallengeFactory(cohort=cohort)
    team = team_for(challenge, mentee_participant)
    presentation_schedule(actor=manager, team=team, starts_at=at(2026, 3, 28, 15, 0), minutes=20)
    assert presentation_reminders_scan(org, at(2026, 3, 28, 9, 0)) == 1


def test_a_moved_slot_is_reminded_again_with_its_new_time(org, team, manager):
    assert presentation_reminders_scan(org, at(2026, 3, 27, 12, 0)) == 2
    presentation_schedule(actor=manager, team=team, starts_at=at(2026, 3, 31, 14, 0), minutes=30)
    assert presentation_reminders_scan(org, at(2026, 3, 28, 13, 59)) == 0
    assert presentation_reminders_scan(org, at(2026, 3, 28, 14, 0)) == 2
    assert "Tue 31 March 2026, 14:00" in reminders().last().subject


def test_members_who_left_the_class_or_the_roster_are_not_reminded(org, team, mentee):
    others = [m.participant for m in team.members.all() if m.participant.employee.user != mentee]
    gone = others[0]
    gone.status = ParticipantStatus.WITHDRAWN
    gone.save()
    assert presentation_reminders_scan(org, at(2026, 3, 28, 9, 0)) == 1
    mine = team.members.get(participant__employee__user=mentee).participant.employee
    mine.termination_date = datetime.date(2026, 3, 1)
    mine.save()
    Notification.objects.all().delete()
    assert presentation_reminders_scan(org, at(2026, 3, 28, 9, 0)) == 0


def test_email_off_is_in_app_only(org, team, mentee):
    NotificationPreference.objects.create(
        organization=org,
        recipient_key=recipient_key_for(user=mentee),
        kind="presentation_reminder",
        by_email=False,
    )
    presentation_reminders_scan(org, at(2026, 3, 28, 9, 0))
    mine = reminders().get(user=mentee)
    assert mine.email_status == EmailStatus.SKIPPED and mine.in_app
    mail.outbox.clear()
    assert dispatch_due(organization=org).sent == 1
    assert mentee.email not in mail.outbox[0].to


def test_a_completed_cohort_is_not_reminded(org, team, cohort):
    cohort.status = CohortStatus.COMPLETED
    cohort.save()
    assert presentation_reminders_scan(org, at(2026, 3, 28, 9, 0)) == 0


@pytest.mark.across_organizations
def test_another_organizations_teams_are_reminded_in_their_own_scan_only(org, other_org, team):
    with organization_scope(other_org):
        their_cohort = CohortFactory(
            program__organization=other_org, status="active", program__status="active"
        )
        theirs = team_for(
            BusinessChallengeFactory(cohort=their_cohort), ParticipantFactory(cohort=their_cohort)
        )
        from cohorts.teams.models import Presentation

        Presentation.objects.create(
            organization=other_org,
            team=theirs,
            starts_at=STARTS,
            ends_at=STARTS + datetime.timedelta(hours=1),
        )
    with organization_scope(org):
        assert presentation_reminders_scan(org, at(2026, 3, 28, 9, 0)) == 2
    with scopes_disabled():
        assert set(Notification.objects.values_list("organization", flat=True)) == {org.pk}
    with organization_scope(other_org):
        assert presentation_reminders_scan(other_org, at(2026, 3, 28, 9, 0)) == 1
