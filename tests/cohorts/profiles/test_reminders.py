"""The managers' "remind those who have not finished" button on the trust-profile page: one
reminder per unfinished person per day, to the right people, with a count of who was reminded."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohorts.models import CohortStatus
from cohorts.profiles.services import trust_profile_reminders_send
from organizations.models import EmailStatus, Notification, NotificationPreference
from organizations.notifications.dispatch import dispatch_due
from organizations.notifications.outbox import recipient_key_for
from programs.models import ApplicantRole
from tests.cohorts.factories import CohortFactory, ParticipantFactory, TrustProfileFactory, employee_of_user

NOON = datetime.datetime(2026, 10, 5, 10, 0, tzinfo=datetime.UTC)  # 12:00 in Amsterdam


@pytest.fixture
def cohort(org):
    return CohortFactory(
        program__organization=org, program__name="Leadership Bridge", status=CohortStatus.ACTIVE
    )


@pytest.fixture
def unfinished(cohort, mentee, org):
    """Three people who have not finished: one not started (the mentee, with an account), one
    half done, one mentor not started without an account. And one who is complete."""
    not_started = ParticipantFactory(cohort=cohort, application__employee=employee_of_user(mentee, org))
    half = TrustProfileFactory(participant__cohort=cohort, passions=[], values=[]).participant
    mentor = ParticipantFactory(cohort=cohort, application__role=ApplicantRole.MENTOR)
    return [not_started, half, mentor]


@pytest.fixture
def complete(cohort):
    return TrustProfileFactory(participant__cohort=cohort).participant


def remind_url(org, cohort) -> str:
    return reverse("cohorts:profiles_remind", kwargs={"org_slug": org.slug, "pk": cohort.pk})


def reminders():
    return Notification.objects.filter(kind="trust_profile_reminder").order_by("pk")


def test_the_page_offers_the_button_it_promises(org, cohort, unfinished, complete, manager, client_for):
    page = client_for(manager).get(
        reverse("cohorts:profiles", kwargs={"org_slug": org.slug, "pk": cohort.pk})
    )
    body = page.content.decode()
    assert remind_url(org, cohort) in body
    assert "Remind the 3 people who have not finished" in body


def test_the_button_reminds_each_unfinished_person_once_and_says_how_many(
    org, cohort, unfinished, manager, client_for
):
    client = client_for(manager)
    response = client.post(remind_url(org, cohort), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Reminded 3 people who have not finished their trust profile."
    ]
    assert sorted(reminders().values_list("email", flat=True)) == sorted(p.employee.email for p in unfinished)
    # A double click: nobody is reminded twice.
    again = client.post(remind_url(org, cohort), follow=True)
    assert [str(m) for m in again.context["messages"]] == [
        "Everyone who has not finished was already reminded today; nobody is reminded twice a day."
    ]
    assert reminders().count() == 3


def test_a_reminder_says_what_is_missing_and_links_to_the_profile(org, cohort, unfinished, manager, mentee):
    trust_profile_reminders_send(cohort=cohort, actor=manager, now=NOON)
    half = reminders().get(email=unfinished[1].employee.email)
    assert half.subject == "Leadership Bridge: please finish your trust profile"
    assert "Still to fill: values, passions." in half.body_text
    assert half.link == f"/o/acme/cohorts/{cohort.pk}/my-profile/"
    mine = reminders().get(user=mentee)
    assert "You have not started your trust profile" in mine.body_text and mine.in_app
    mail.outbox.clear()
    assert dispatch_due(organization=org).sent == 3


def test_the_next_day_they_can_be_reminded_again(org, cohort, unfinished, manager):
    first = trust_profile_reminders_send(cohort=cohort, actor=manager, now=NOON)
    # 23:30 in Amsterdam is still the same day there.
    same_day = trust_profile_reminders_send(
        cohort=cohort, actor=manager, now=datetime.datetime(2026, 10, 5, 21, 30, tzinfo=datetime.UTC)
    )
    next_day = trust_profile_reminders_send(
        cohort=cohort, actor=manager, now=datetime.datetime(2026, 10, 5, 22, 30, tzinfo=datetime.UTC)
    )
    assert (first.reminded, same_day.reminded, same_day.already, next_day.reminded) == (3, 0, 3, 3)
    assert set(reminders().values_list("key", flat=True)) >= {
        f"participant:{unfinished[0].pk}:2026-10-05",
        f"participant:{unfinished[0].pk}:2026-10-06",
    }


def test_people_who_finished_left_the_class_or_the_roster_are_not_reminded(
    org, cohort, unfinished, complete, manager
):
    withdrawn = ParticipantFactory(cohort=cohort, status="withdrawn")
    gone = ParticipantFactory(cohort=cohort)
    gone.employee.termination_date = datetime.date(2026, 1, 31)
    gone.employee.save()
    result = trust_profile_reminders_send(cohort=cohort, actor=manager, now=NOON)
    assert result.reminded == 3
    emails = set(reminders().values_list("email", flat=True))
    assert emails == {p.employee.email for p in unfinished}
    assert not {withdrawn.employee.email, gone.employee.email, complete.employee.email} & emails


def test_email_off_is_in_app_only_and_both_off_is_not_counted(org, cohort, unfinished, manager, mentee):
    NotificationPreference.objects.create(
        organization=org,
        recipient_key=recipient_key_for(user=mentee),
        kind="trust_profile_reminder",
        by_email=False,
        in_app=True,
    )
    result = trust_profile_reminders_send(cohort=cohort, actor=manager, now=NOON)
    assert result.reminded == 3
    mine = reminders().get(user=mentee)
    assert mine.email_status == EmailStatus.SKIPPED and mine.in_app
    mail.outbox.clear()
    dispatch_due(organization=org)
    assert mentee.email not in [m.to[0] for m in mail.outbox]
    NotificationPreference.objects.filter(recipient_key=recipient_key_for(user=mentee)).update(in_app=False)
    tomorrow = trust_profile_reminders_send(
        cohort=cohort, actor=manager, now=NOON + datetime.timedelta(days=1)
    )
    assert tomorrow.reminded == 2  # the mentee chose to get neither


def test_only_managers_may_remind(org, cohort, unfinished, mentee, client_for):
    assert client_for(mentee).post(remind_url(org, cohort)).status_code == 403
    with pytest.raises(PermissionDenied):
        trust_profile_reminders_send(cohort=cohort, actor=mentee)
    assert not reminders().exists()


def test_a_completed_cohort_reminds_nobody(org, cohort, unfinished, manager, client_for):
    cohort.status = CohortStatus.COMPLETED
    cohort.save()
    with pytest.raises(ValidationError, match="completed"):
        trust_profile_reminders_send(cohort=cohort, actor=manager)
    response = client_for(manager).post(remind_url(org, cohort), follow=True)
    assert "completed" in str(list(response.context["messages"])[0])
    assert remind_url(org, cohort) not in response.content.decode()
    assert not reminders().exists()


def test_a_class_with_every_profile_complete_has_nobody_to_remind(org, manager, client_for):
    cohort = CohortFactory(program__organization=org, status=CohortStatus.ACTIVE)
    TrustProfileFactory(participant__cohort=cohort)
    response = client_for(manager).post(remind_url(org, cohort), follow=True)
    assert "nobody to remind" in str(list(response.context["messages"])[0])
    assert not reminders().exists()


def test_the_button_answers_get_with_405_and_another_organizations_cohort_with_404(
    org, other_org, cohort, manager, client_for
):
    from django_scopes import scopes_disabled

    client = client_for(manager)
    assert client.get(remind_url(org, cohort)).status_code == 405
    with scopes_disabled():
        theirs = CohortFactory(program__organization=other_org, status=CohortStatus.ACTIVE)
        ParticipantFactory(cohort=theirs)
    assert client.post(remind_url(org, theirs)).status_code == 404
    with scopes_disabled():
        assert not Notification.objects.exists()


def test_someone_new_to_remind_after_a_first_round_is_counted_apart(org, cohort, unfinished, manager):
    trust_profile_reminders_send(cohort=cohort, actor=manager, now=NOON)
    ParticipantFactory(cohort=cohort)
    result = trust_profile_reminders_send(cohort=cohort, actor=manager, now=NOON)
    assert result.summary == (
        "Reminded 1 person who has not finished their trust profile. "
        "3 already reminded today were not reminded again."
    )
