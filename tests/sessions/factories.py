"""Factories for the mentoring year, built on the published pairs of tests/matching/factories.py.
Children take their organization from their parent."""

import datetime

import factory
from django.utils import timezone

from matching.models import MemberRole, Pair, PairKind, PairMember
from organizations.models import Employee, Membership
from organizations.months import add_months
from sessions.models import (
    ActionItem,
    Attendance,
    AttendanceSource,
    CheckIn,
    LearningSession,
    Meeting,
    MeetingStatus,
    PrivateNote,
)
from tests.cohorts.factories import CohortFactory, ParticipantFactory
from tests.factories import EmployeeFactory
from tests.matching.factories import PairFactory, PairMemberFactory, published_pair


def program_year_around_today() -> tuple[datetime.date, datetime.date]:
    """A program that started three months ago and runs a year: meetings and sessions the tests
    date from today stay inside its year (programs/dates.py) whenever the tests run."""
    start = add_months(timezone.localdate().replace(day=1), -3)
    return start, add_months(start, 12)


def cohort_in_its_year(organization, **fields):
    """An active cohort of an active program whose year runs around today."""
    start, end = program_year_around_today()
    return CohortFactory(
        program__organization=organization,
        program__status="active",
        program__start_date=start,
        program__end_date=end,
        status="active",
        **fields,
    )


def employee_for(user, organization, **fields) -> Employee:
    """The roster row of ``user`` in ``organization`` (made once, then reused)."""
    employee = Employee.objects.filter(organization=organization, user=user).first()
    return employee or EmployeeFactory(organization=organization, user=user, email=user.email, **fields)


def pair_of(mentor, mentee, cohort=None, *, organization=None, **pair_fields) -> Pair:
    """A published one-to-one pair whose mentor and mentee are these signed-in users."""
    organization = organization or cohort.organization
    return published_pair(
        cohort,
        mentor_employee=employee_for(mentor, organization, department="Finance", level=6),
        mentee_employee=employee_for(mentee, organization, department="Engineering", level=2),
        **pair_fields,
    )


def circle_of_everyone(organization) -> Pair:
    """A peer circle, in a fresh active cohort, of every member of the organization.

    For the access table: each role's user is then a member, so the roles test reaches
    member-only pages, while another organization's admin is not and gets 404.
    """
    cohort = CohortFactory(program__organization=organization, status="active", program__status="active")
    pair = PairFactory(cohort=cohort, kind=PairKind.PEER_CIRCLE)
    for membership in Membership.objects.filter(organization=organization).select_related("user"):
        participant = ParticipantFactory(
            cohort=cohort, application__employee=employee_for(membership.user, organization)
        )
        PairMemberFactory(pair=pair, participant=participant, role=MemberRole.PEER)
    if not pair.members.exists():  # an organization with nobody in it yet still gets a real pair
        PairMemberFactory(pair=pair, role=MemberRole.PEER, participant=ParticipantFactory(cohort=cohort))
    return pair


def member_of(pair: Pair, user) -> PairMember:
    return PairMember.objects.get(pair=pair, participant__employee__user=user)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    pair = factory.SubFactory(PairFactory)
    organization = factory.SelfAttribute("pair.organization")
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    duration_minutes = 60
    format = "video"
    status = MeetingStatus.HAPPENED


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    organization = factory.SelfAttribute("meeting.organization")
    text = "Read the chapter on delegation"
    owner = factory.LazyAttribute(lambda o: o.meeting.pair.members.order_by("pk").first())


class PrivateNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivateNote

    meeting = factory.SubFactory(MeetingFactory)
    organization = factory.SelfAttribute("meeting.organization")
    text = "Felt nervous about the promotion talk."


class LearningSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningSession

    cohort = factory.SubFactory(CohortFactory, status="active")
    organization = factory.SelfAttribute("cohort.organization")
    title = "Giving feedback that lands"
    kind = "workshop"
    audience = "everyone"
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    duration_minutes = 90
    discussion_guide = "Which feedback did you receive this month, and what did you do with it?"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(LearningSessionFactory)
    organization = factory.SelfAttribute("session.organization")
    participant = factory.SubFactory(ParticipantFactory, cohort=factory.SelfAttribute("..session.cohort"))
    source = AttendanceSource.MANAGER


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    pair = factory.SubFactory(PairFactory)
    organization = factory.SelfAttribute("pair.organization")
    member = factory.LazyAttribute(lambda o: o.pair.members.order_by("pk").first())
    round = 1
    due_on = factory.LazyFunction(timezone.localdate)

    class Params:
        answered = factory.Trait(
            answered_at=factory.LazyFunction(timezone.now),
            usefulness=4,
            met_as_planned=True,
            would_continue=True,
        )
