"""Factories for goal plans, on top of the published pairs. Children take their organization
from their parent, so no test mixes tenants by accident."""

import datetime

import factory
from django.utils import timezone

from cohorts.models import CohortStatus
from goals.models import AccountabilityPartner, Goal, GoalCheckIn, GoalPlan, Milestone, PartnerKind
from goals.services import partner_link_token_hash
from matching.models import MemberRole, Pair, PairKind, PairMember
from organizations.models import Employee, Membership
from organizations.roles import Role
from programs.models import ApplicantRole, ProgramStatus
from tests.cohorts.factories import CohortFactory, ParticipantFactory
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory
from tests.matching.factories import PairFactory, PairMemberFactory, published_pair


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class GoalPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalPlan

    member = factory.SubFactory(PairMemberFactory)
    organization = factory.SelfAttribute("member.organization")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(GoalPlanFactory)
    organization = factory.SelfAttribute("plan.organization")
    title = factory.Sequence(lambda n: f"Lead a cross-team project #{n}")
    description = "I want to practise leading people who don't report to me."
    category = "leadership"
    success_measure = "The project ships and two teams ask me to run the next one."
    target_date = factory.LazyFunction(lambda: in_days(120))
    status = "on_track"
    order = factory.Sequence(int)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    goal = factory.SubFactory(GoalFactory)
    organization = factory.SelfAttribute("goal.organization")
    title = factory.Sequence(lambda n: f"Draft the project plan #{n}")
    due_date = factory.LazyAttribute(lambda o: o.goal.target_date - datetime.timedelta(days=30))


class GoalCheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalCheckIn

    goal = factory.SubFactory(GoalFactory)
    organization = factory.SelfAttribute("goal.organization")
    date = factory.LazyFunction(timezone.localdate)
    progress = 40
    comment = "Kick-off went well; the second team is slow to reply."


def outside_partner(
    plan: GoalPlan, *, raw_token: str = "outside-token", days: int = 90, **fields
) -> AccountabilityPartner:
    """Make an outside accountability partner with a link whose raw token is ``raw_token``."""
    AccountabilityPartner.objects.filter(plan=plan, ended_at__isnull=True).update(ended_at=timezone.now())
    return AccountabilityPartner.objects.create(
        organization=plan.organization,
        plan=plan,
        kind=PartnerKind.OUTSIDE,
        name=fields.pop("name", "Olivia Outside"),
        email=fields.pop("email", "olivia@elsewhere.test"),
        token_hash=partner_link_token_hash(raw_token),
        link_expires_at=timezone.now() + datetime.timedelta(days=days),
        **fields,
    )


def member_partner(plan: GoalPlan, user) -> AccountabilityPartner:
    AccountabilityPartner.objects.filter(plan=plan, ended_at__isnull=True).update(ended_at=timezone.now())
    return AccountabilityPartner.objects.create(
        organization=plan.organization, plan=plan, kind=PartnerKind.MEMBER, user=user
    )


def employee_of(org, user, **fields) -> Employee:
    """The user's roster row in ``org`` (made and linked on first use)."""
    employee = Employee.objects.filter(organization=org, user=user).first()
    if employee is None:
        employee = EmployeeFactory(
            organization=org,
            user=user,
            email=user.email,
            name=fields.pop("name", user.display_name),
            **fields,
        )
    return employee


def active_cohort(org):
    return CohortFactory(
        program__organization=org, program__status=ProgramStatus.ACTIVE, status=CohortStatus.ACTIVE
    )


def linked_pair(
    org, *, mentor, mentee, cohort=None, mentor_name="Marco Mentor", mentee_name="Mia Mentee"
) -> Pair:
    """A published one-to-one pair in ``org`` whose mentor and mentee sign in as these users."""
    return published_pair(
        cohort or active_cohort(org),
        mentor_employee=employee_of(org, mentor, name=mentor_name),
        mentee_employee=employee_of(org, mentee, name=mentee_name),
    )


def member_in(pair: Pair, role: str) -> PairMember:
    return pair.members.select_related("participant__employee").get(role=role)


def add_member(pair: Pair, user, role: str = MemberRole.MENTEE, name: str | None = None) -> PairMember:
    """Put ``user`` into ``pair`` (a group's second mentee, a circle's peer)."""
    employee = employee_of(pair.organization, user, **({"name": name} if name else {}))
    application_role = ApplicantRole.MENTOR if role == MemberRole.MENTOR else ApplicantRole.MENTEE
    participant = ParticipantFactory(
        cohort=pair.cohort, application__employee=employee, application__role=application_role
    )
    return PairMemberFactory(pair=pair, participant=participant, role=role)


def goal_circle_for_everyone(org) -> PairMember:
    """A peer circle of every member of ``org``; returns the pair member whose plan it is.

    For the access table: each role's person is a peer of the circle, so each may read the
    plan, and only its owner — the conftest mentee (``people.by_role()``'s member), or a new
    member when there is none — may change it. Every call makes a new cohort, so a person
    is in one current circle per cohort as the pair constraints require.
    """
    users = [
        m.user for m in Membership.objects.filter(organization=org).select_related("user").order_by("pk")
    ]
    owner = next((u for u in users if u.email.startswith("mentee@")), None)
    if owner is None:
        owner = MembershipFactory(organization=org, role=Role.MEMBER, user=UserFactory()).user
        users.append(owner)
    pair = PairFactory(cohort=active_cohort(org), kind=PairKind.PEER_CIRCLE)
    owner_member = None
    for user in users:
        member = add_member(pair, user, role=MemberRole.PEER)
        if user == owner:
            owner_member = member
    return owner_member
