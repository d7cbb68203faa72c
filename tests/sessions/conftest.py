"""A cohort in its mentoring year: the conftest mentor and mentee paired, and a second pair."""

import datetime

import pytest
from django.utils import timezone

from tests.cohorts.factories import CohortFactory
from tests.sessions.factories import member_of, pair_of, program_year_around_today


@pytest.fixture
def cohort(org):
    start, end = program_year_around_today()
    return CohortFactory(
        program__organization=org,
        program__name="Rising Leaders",
        program__status="active",
        program__start_date=start,
        program__end_date=end,
        program__meeting_cadence_days=14,
        status="active",
        name="2026 class",
    )


@pytest.fixture
def pair(cohort, mentor, mentee):
    return pair_of(mentor, mentee, cohort, published_at=timezone.now() - datetime.timedelta(days=10))


@pytest.fixture
def mentor_member(pair, mentor):
    return member_of(pair, mentor)


@pytest.fixture
def mentee_member(pair, mentee):
    return member_of(pair, mentee)


@pytest.fixture
def other_pair_user(org):
    from organizations.roles import Role
    from tests.factories import MembershipFactory, UserFactory

    return MembershipFactory(
        organization=org, role=Role.MEMBER, user=UserFactory(email="other@acme.test")
    ).user


@pytest.fixture
def other_pair(cohort, other_pair_user):
    from tests.factories import UserFactory

    return pair_of(UserFactory(email="othermentor@acme.test"), other_pair_user, cohort)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded materials land in a temporary MEDIA_ROOT, one per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
