import pytest
from django.db import IntegrityError, transaction

from matching.models import MemberRole
from tests.matching.factories import PairFactory, PairMemberFactory, published_pair


def test_a_published_pair_has_a_mentor_and_a_mentee_of_its_cohort(org):
    pair = published_pair(PairFactory(cohort__program__organization=org).cohort)
    roles = sorted(pair.members.values_list("role", flat=True))
    assert roles == ["mentee", "mentor"]
    assert {m.participant.cohort_id for m in pair.members.all()} == {pair.cohort_id}
    assert {m.organization_id for m in pair.members.all()} == {org.pk}


def test_a_mentee_cannot_be_in_two_current_pairs(org):
    first = published_pair(PairFactory(cohort__program__organization=org).cohort)
    mentee = first.members.get(role=MemberRole.MENTEE).participant
    second = PairFactory(cohort=first.cohort)
    with pytest.raises(IntegrityError), transaction.atomic():
        PairMemberFactory(pair=second, participant=mentee, role=MemberRole.MENTEE)


def test_a_mentor_may_hold_several_pairs(org):
    first = published_pair(PairFactory(cohort__program__organization=org).cohort)
    mentor = first.members.get(role=MemberRole.MENTOR).participant
    second = PairFactory(cohort=first.cohort)
    PairMemberFactory(pair=second, participant=mentor, role=MemberRole.MENTOR)
    assert mentor.pair_memberships.count() == 2
