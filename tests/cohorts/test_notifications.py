"""Places in the class: who is told they have one, when, and once; promotions from the waiting
list told as such; written in the same transaction as the change."""

import datetime

import pytest
from django.core import mail
from django.db import transaction

from cohorts import services
from organizations.models import EmailStatus, Notification, NotificationPreference
from organizations.notifications.dispatch import dispatch_due
from organizations.notifications.outbox import recipient_key_for
from programs.models import ApplicantRole, ApplicationStatus
from tests.cohorts.factories import CohortFactory, ParticipantFactory, applicant, employee_of_user

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


@pytest.fixture
def cohort(org):
    return CohortFactory(
        program__organization=org,
        program__name="Rising Leaders 2026",
        program__mentee_limit=3,
        program__mentor_limit=2,
    )


def placed(cohort) -> list[str]:
    return sorted(Notification.objects.filter(kind="class_placed").values_list("email", flat=True))


def test_nobody_is_told_of_a_place_while_the_class_is_being_chosen(cohort, manager):
    chosen = applicant(cohort.program)
    services.selection_apply(cohort=cohort, role=MENTEE, application_ids=[chosen.pk], actor=manager)
    services.participant_add(cohort=cohort, application=applicant(cohort.program), actor=manager)
    assert not Notification.objects.filter(kind="class_placed").exists()


def test_starting_the_cohort_tells_everyone_with_a_place_once(cohort, manager, mentee):
    mine = ParticipantFactory(
        cohort=cohort, application__employee=employee_of_user(mentee, cohort.organization)
    )
    mentor = ParticipantFactory(cohort=cohort, application__role=MENTOR)
    withdrawn = ParticipantFactory(cohort=cohort)
    services.participant_withdraw(participant=withdrawn, actor=manager)
    services.cohort_activate(cohort=cohort, actor=manager)
    assert placed(cohort) == sorted([mentee.email, mentor.employee.email])
    row = Notification.objects.get(kind="class_placed", user=mentee)
    assert row.key == f"application:{mine.application_id}:placed"
    assert row.subject == "Rising Leaders 2026: you have a place in the class"
    assert row.link == f"/o/acme/cohorts/{cohort.pk}/my-profile/"
    assert "1 September 2026 to 1 September 2027" in row.body_text
    with pytest.raises(Exception, match="active"):
        services.cohort_activate(cohort=cohort, actor=manager)
    assert len(placed(cohort)) == 2


def test_a_failed_start_tells_nobody(cohort, manager, monkeypatch):
    ParticipantFactory(cohort=cohort)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_waitlist_those_left_out", fail)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.cohort_activate(cohort=cohort, actor=manager)
    assert not Notification.objects.exists()


def test_adding_someone_to_a_running_class_tells_them_they_have_a_place(cohort, manager):
    ParticipantFactory(cohort=cohort)
    services.cohort_activate(cohort=cohort, actor=manager)
    late = applicant(cohort.program, status=ApplicationStatus.ACCEPTED)
    services.participant_add(cohort=cohort, application=late, actor=manager)
    assert late.employee.email in placed(cohort)


def test_a_promotion_is_told_once_and_not_as_a_plain_acceptance(cohort, manager):
    ParticipantFactory(cohort=cohort)
    services.cohort_activate(cohort=cohort, actor=manager)
    waiting = applicant(cohort.program, status=ApplicationStatus.WAITLISTED)
    services.waitlist_promote(cohort=cohort, role=MENTEE, actor=manager)
    rows = Notification.objects.filter(key__startswith=f"application:{waiting.pk}:")
    assert [(row.kind, row.key) for row in rows] == [
        ("waitlist_promoted", f"application:{waiting.pk}:promoted")
    ]
    assert "already started" in rows[0].body_text
    waiting.refresh_from_db()
    assert waiting.notified_status == ApplicationStatus.ACCEPTED


def test_a_promotion_while_choosing_says_the_class_is_not_set_yet(cohort, manager):
    waiting = applicant(cohort.program, status=ApplicationStatus.WAITLISTED)
    services.waitlist_promote(cohort=cohort, role=MENTEE, actor=manager)
    row = Notification.objects.get(kind="waitlist_promoted")
    assert row.email == waiting.employee.email
    assert "still putting the class together" in row.body_text
    # When the class is then set, they hear that too: the promise in the message is kept.
    services.cohort_activate(cohort=cohort, actor=manager)
    assert placed(cohort) == [waiting.employee.email]


def test_starting_the_cohort_honours_preferences_and_skips_people_who_left(cohort, manager, mentee):
    ParticipantFactory(cohort=cohort, application__employee=employee_of_user(mentee, cohort.organization))
    gone = ParticipantFactory(cohort=cohort)
    gone.employee.termination_date = datetime.date(2020, 1, 1)
    gone.employee.save()
    NotificationPreference.objects.create(
        organization=cohort.organization,
        recipient_key=recipient_key_for(user=mentee),
        kind="class_placed",
        by_email=False,
        in_app=True,
    )
    services.cohort_activate(cohort=cohort, actor=manager)
    row = Notification.objects.get(kind="class_placed")
    assert row.user == mentee and row.email_status == EmailStatus.SKIPPED and row.in_app
    mail.outbox.clear()
    dispatch_due(organization=cohort.organization)
    assert mail.outbox == []


@pytest.mark.across_organizations
def test_each_organizations_class_is_told_in_its_own_organization(org, other_org, manager, outsider):
    from organizations.tenancy import organization_scope

    starts = {}
    for organization, actor in ((other_org, outsider), (org, manager)):
        with organization_scope(organization):
            cohort = CohortFactory(program__organization=organization)
            starts[organization.pk] = ParticipantFactory(cohort=cohort).employee.email
            services.cohort_activate(cohort=cohort, actor=actor)
    told = dict(Notification.objects.filter(kind="class_placed").values_list("organization", "email"))
    assert told == starts
