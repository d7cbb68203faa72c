"""Starting a cohort is a deliberate step: a confirmation page that says what will happen, no
early close of an open application window without saying so, a warning when it is early, and
everyone placed or waitlisted told exactly once."""

import datetime
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cohorts import services
from cohorts.models import CohortStatus
from cohorts.start import cohort_start_plan
from organizations.models import Notification
from programs.models import ApplicantRole, ApplicationStatus, ProgramStatus
from tests.cohorts.factories import CohortFactory, ParticipantFactory, applicant
from tests.programs.factories import ProgramFactory

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


def _url(org, cohort) -> str:
    return reverse("cohorts:activate", kwargs={"org_slug": org.slug, "pk": cohort.pk})


@pytest.fixture
def as_manager(client_for, manager):
    return client_for(manager)


def _class(program, *, placed=(), left_out=(), mentors=()):
    """A cohort of ``program`` with ``placed`` mentees in the class, ``left_out`` accepted
    mentees without a place and ``mentors`` in the class (names)."""
    cohort = CohortFactory(program=program)
    for name in placed:
        ParticipantFactory(cohort=cohort, application=applicant(program, name=name))
    for name in mentors:
        ParticipantFactory(cohort=cohort, application=applicant(program, name=name, role=MENTOR))
    for n, name in enumerate(left_out):
        applicant(program, name=name, days_ago=n)
    return cohort


@pytest.fixture
def open_program(org):
    """Taking applications until 20 days from now; starts in about two months."""
    return ProgramFactory(
        organization=org,
        open_now=True,
        name="Rising Leaders",
        mentee_limit=3,
        mentor_limit=2,
        start_date=timezone.localdate() + datetime.timedelta(days=60),
        end_date=timezone.localdate() + datetime.timedelta(days=425),
    )


@pytest.fixture
def cohort(open_program):
    return _class(
        open_program, placed=["Ada Placed", "Bo Placed"], left_out=["Cy Waiting"], mentors=["Di Guide"]
    )


# The plan


def test_the_plan_says_who_is_placed_who_waits_and_that_applications_close_early(cohort):
    plan = cohort_start_plan(cohort)
    mentees, mentors = plan.roles
    assert [p.employee.name for p in mentees.placed] == ["Ada Placed", "Bo Placed"]
    assert (mentees.limit, mentees.open_places) == (3, 1)
    assert [a.employee.name for a in mentees.to_waitlist] == ["Cy Waiting"]
    assert [p.employee.name for p in mentors.placed] == ["Di Guide"]
    assert (plan.placed_total, plan.waitlisted_total) == (3, 1)
    assert plan.closes_applications and plan.closes_applications_early
    assert plan.starts_early and plan.days_before_start == 60
    assert plan.can_start


def test_starting_near_the_start_date_after_the_window_is_neither_early_nor_an_early_close(org):
    program = ProgramFactory(
        organization=org,
        status=ProgramStatus.SELECTING,
        start_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    plan = cohort_start_plan(_class(program, placed=["Ada"]))
    assert not plan.starts_early and not plan.closes_applications_early and not plan.closes_applications


# The service


def test_an_open_window_is_not_closed_early_without_saying_so(cohort, manager):
    with pytest.raises(ValidationError) as refused:
        services.cohort_activate(cohort=cohort, actor=manager)
    assert "close_applications_early" in refused.value.message_dict
    cohort.refresh_from_db()
    cohort.program.refresh_from_db()
    assert cohort.status == CohortStatus.SELECTING
    assert cohort.program.status == ProgramStatus.APPLICATIONS_OPEN
    assert not Notification.objects.exists()


def test_starting_tells_each_person_placed_and_each_person_waitlisted_once(cohort, manager):
    services.cohort_activate(cohort=cohort, actor=manager, close_applications_early=True)
    told = Counter(Notification.objects.values_list("kind", "key"))
    placed = [k for (kind, k) in told if kind == "class_placed"]
    waitlisted = [k for (kind, k) in told if kind == "application_waitlisted"]
    assert len(placed) == 3 and len(waitlisted) == 1
    assert set(told.values()) == {1}
    assert sorted(Notification.objects.filter(kind="class_placed").values_list("email", flat=True)) == sorted(
        p.employee.email for p in cohort.participants.all()
    )
    assert Notification.objects.get(kind="application_waitlisted").email == (
        cohort.program.applications.get(employee__name="Cy Waiting").employee.email
    )
    assert set(Notification.objects.values_list("kind", flat=True)) == {
        "class_placed",
        "application_waitlisted",
    }


# The page


def test_the_confirmation_page_shows_the_facts(org, cohort, as_manager):
    response = as_manager.get(_url(org, cohort))
    assert response.status_code == 200
    content = response.content.decode()
    for fact in (
        "Mentees: 2 of 3 places",
        "Ada Placed",
        "Bo Placed",
        "Mentors: 1 of 2 places",
        "Di Guide",
        "Who goes on the waiting list",
        "Cy Waiting",
        "Applications close early.",
        f"{cohort.program.start_date:%-d %B %Y}",
        "This is 60 days before the program starts",
        "Each of the 3 people placed is told they have a place",
        "each of the 1 going on the waiting list is told",
        "Close applications early",
    ):
        assert fact in content, fact
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.SELECTING


def test_confirming_without_the_early_close_tick_is_refused_and_changes_nothing(org, cohort, as_manager):
    response = as_manager.post(_url(org, cohort))
    assert response.status_code == 200
    assert "close_applications_early" in response.context["form"].errors
    assert "Applications are open until" in response.content.decode()
    cohort.refresh_from_db()
    cohort.program.refresh_from_db()
    assert cohort.status == CohortStatus.SELECTING
    assert cohort.program.status == ProgramStatus.APPLICATIONS_OPEN
    assert cohort.program.applications.filter(status=ApplicationStatus.ACCEPTED).count() == 4
    assert not Notification.objects.exists()


def test_confirming_with_the_early_close_tick_starts_the_cohort(org, cohort, as_manager):
    response = as_manager.post(_url(org, cohort), {"close_applications_early": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:detail", kwargs={"org_slug": org.slug, "pk": cohort.pk})
    cohort.refresh_from_db()
    cohort.program.refresh_from_db()
    assert cohort.status == CohortStatus.ACTIVE
    assert cohort.program.status == ProgramStatus.ACTIVE
    assert Notification.objects.filter(kind="class_placed").count() == 3
    # A second confirmation (a double click, a back button) changes and tells nothing more.
    assert as_manager.post(_url(org, cohort), {"close_applications_early": "on"}).status_code == 302
    assert Notification.objects.count() == 4


def test_after_the_window_no_tick_is_asked_for(org, as_manager):
    program = ProgramFactory(organization=org, status=ProgramStatus.SELECTING)
    cohort = _class(program, placed=["Ada"])
    page = as_manager.get(_url(org, cohort)).content.decode()
    assert "Close applications early" not in page and "Applications are already closed." in page
    as_manager.post(_url(org, cohort))
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.ACTIVE


@pytest.mark.across_organizations
def test_another_organizations_cohort_is_not_found(org, other_org, as_manager):
    from organizations.tenancy import organization_scope

    with organization_scope(other_org):
        foreign = CohortFactory(program__organization=other_org)
        ParticipantFactory(cohort=foreign)
    assert as_manager.get(_url(org, foreign)).status_code == 404
    assert as_manager.post(_url(org, foreign), {"close_applications_early": "on"}).status_code == 404
    with organization_scope(other_org):
        foreign.refresh_from_db()
    assert foreign.status == CohortStatus.SELECTING


# Places: mentees against what the placed mentors can take (cohorts/places.py)


def test_two_mentees_and_one_mentor_who_takes_one_is_a_warning_before_starting(org, cohort, as_manager):
    plan = cohort_start_plan(cohort)
    assert (plan.mentees_placed, plan.mentor_places, plan.mentees_short) == (2, 1, 1)
    content = as_manager.get(_url(org, cohort)).content.decode()
    assert "matching will leave at least 1 mentee without a mentor" in content


def test_a_mentor_who_said_they_take_two_leaves_nobody_out(org, cohort, as_manager):
    from cohorts.profiles.models import TrustProfile

    mentor = cohort.participants.get(role=MENTOR)
    TrustProfile.objects.create(organization=org, participant=mentor, mentor_capacity=2)
    assert cohort_start_plan(cohort).mentees_short == 0
    assert "without a mentor" not in as_manager.get(_url(org, cohort)).content.decode()


def test_a_group_mentor_takes_the_smaller_of_the_group_size_and_what_they_said(org):
    from cohorts.profiles.models import TrustProfile
    from programs.models import Structure

    program = ProgramFactory(organization=org, structure=Structure.GROUP, group_size=3, mentee_limit=6)
    cohort = _class(program, placed=[f"Mentee {n}" for n in range(5)], mentors=["Gil Group", "Hal Group"])
    assert cohort_start_plan(cohort).mentees_short == 0  # no profiles yet: 3 + 3 places
    first = cohort.participants.filter(role=MENTOR).order_by("pk").first()
    TrustProfile.objects.create(organization=org, participant=first, mentor_capacity=1)
    plan = cohort_start_plan(cohort)
    assert (plan.mentor_places, plan.mentees_short) == (4, 1)
