"""Factories for published pairs. Children take their organization from their parent."""

import factory
from django.utils import timezone

from cohorts.models import CohortStatus
from matching.models import MemberRole, Pair, PairKind, PairMember
from programs.models import ApplicantRole, ProgramStatus
from tests.cohorts.factories import CohortFactory, ParticipantFactory


class PairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pair

    cohort = factory.SubFactory(
        CohortFactory, status=CohortStatus.ACTIVE, program__status=ProgramStatus.ACTIVE
    )
    organization = factory.SelfAttribute("cohort.organization")
    kind = PairKind.ONE_TO_ONE
    published_at = factory.LazyFunction(timezone.now)


class PairMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PairMember

    pair = factory.SubFactory(PairFactory)
    organization = factory.SelfAttribute("pair.organization")
    participant = factory.SubFactory(
        ParticipantFactory,
        cohort=factory.SelfAttribute("..pair.cohort"),
        application__role=factory.LazyAttribute(
            lambda o: (
                ApplicantRole.MENTOR if o.factory_parent.role == MemberRole.MENTOR else ApplicantRole.MENTEE
            )
        ),
    )
    role = MemberRole.MENTEE
    joined_at = factory.LazyFunction(timezone.now)


def published_pair(cohort=None, *, mentor_employee=None, mentee_employee=None, **pair_fields) -> Pair:
    """A one-to-one pair with a mentor and a mentee, both selected participants of ``cohort``.

    Pass roster employees (e.g. linked to the conftest users) to decide who they are.
    """
    pair = PairFactory(cohort=cohort, **pair_fields) if cohort else PairFactory(**pair_fields)
    for role, employee in ((MemberRole.MENTOR, mentor_employee), (MemberRole.MENTEE, mentee_employee)):
        participant_fields = {"cohort": pair.cohort, "application__role": role}
        if employee is not None:
            participant_fields["application__employee"] = employee
        PairMemberFactory(pair=pair, role=role, participant=ParticipantFactory(**participant_fields))
    return pair
