"""Trust profiles through the API: every field for managers, your own for you, nothing for
HR or an HR system's key; filters; a fixed number of queries."""

import pytest
from rest_framework.test import APIClient

from cohorts.models import CohortStatus
from organizations.services.api_keys import api_key_create
from programs.models import ApplicantRole
from tests.cohorts.factories import CohortFactory, ParticipantFactory, TrustProfileFactory, employee_of_user


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _list(org) -> str:
    return f"/api/v1/o/{org.slug}/trust-profiles/"


@pytest.fixture
def cohort(org):
    return CohortFactory(program__organization=org, status=CohortStatus.ACTIVE)


def test_a_manager_reads_every_field(org, cohort, manager):
    profile = TrustProfileFactory(
        participant__cohort=cohort,
        participant__application__role=ApplicantRole.MENTOR,
        participant__application__employee__name="Marco Mentor",
        mentor_capacity=2,
        learning_wishes=[],
    )
    data = _api(manager).get(f"{_list(org)}{profile.pk}/").json()
    assert data == {
        "id": profile.pk,
        "participant": profile.participant_id,
        "cohort": cohort.pk,
        "role": "mentor",
        "name": "Marco Mentor",
        "values": ["Integrity", "Growth"],
        "passions": ["Builder", "Connector", "Teacher"],
        "purpose_statement": profile.purpose_statement,
        "strengths": ["Writing", "Project management"],
        "learning_wishes": [],
        "mentor_capacity": 2,
        "completion": 0.8,
        "is_complete": False,
        "missing_sections": ["learning_wishes"],
        "updated_at": data["updated_at"],
    }


def test_a_mentees_capacity_is_null(org, cohort, manager):
    profile = TrustProfileFactory(participant__cohort=cohort)
    assert _api(manager).get(f"{_list(org)}{profile.pk}/").json()["mentor_capacity"] is None


def test_a_person_lists_only_their_own_profile(org, cohort, mentee):
    mine = TrustProfileFactory(
        participant__cohort=cohort, participant__application__employee=employee_of_user(mentee, org)
    )
    TrustProfileFactory(participant__cohort=cohort)
    rows = _api(mentee).get(_list(org)).json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]


def test_hr_analysts_and_senior_leaders_read_no_profile_text(org, cohort, hr_analyst, senior_leader):
    TrustProfileFactory(participant__cohort=cohort)
    for person in (hr_analyst, senior_leader):
        assert _api(person).get(_list(org)).json()["count"] == 0


def test_an_hr_systems_key_reads_no_profile(org, cohort, hr_analyst):
    profile = TrustProfileFactory(participant__cohort=cohort)
    _, raw = api_key_create(organization=org, actor=hr_analyst, name="Workday", scopes=["programs.read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert client.get(_list(org)).json()["count"] == 0
    assert client.get(f"{_list(org)}{profile.pk}/").status_code == 404


def test_the_api_is_read_only(org, cohort, manager):
    profile = TrustProfileFactory(participant__cohort=cohort)
    assert _api(manager).patch(f"{_list(org)}{profile.pk}/", {"purpose_statement": "x"}).status_code == 405
    assert _api(manager).post(_list(org), {}).status_code == 405


def test_profiles_filter_by_cohort_role_and_participant(org, cohort, manager):
    mentee_profile = TrustProfileFactory(participant__cohort=cohort)
    mentor_profile = TrustProfileFactory(
        participant__cohort=cohort, participant__application__role=ApplicantRole.MENTOR
    )
    TrustProfileFactory(participant__cohort__program__organization=org)
    client = _api(manager)
    assert [r["id"] for r in client.get(_list(org), {"cohort": cohort.pk}).json()["results"]] == [
        mentee_profile.pk,
        mentor_profile.pk,
    ]
    assert [
        r["id"] for r in client.get(_list(org), {"cohort": cohort.pk, "role": "mentor"}).json()["results"]
    ] == [mentor_profile.pk]
    rows = client.get(_list(org), {"participant": mentee_profile.participant_id}).json()["results"]
    assert [r["id"] for r in rows] == [mentee_profile.pk]
    assert client.get(_list(org), {"role": "boss"}).status_code == 400


def test_another_organizations_profiles_are_never_listed_or_found(org, other_org, manager):
    foreign = TrustProfileFactory(participant__cohort__program__organization=other_org)
    client = _api(manager)
    assert client.get(_list(org)).json()["count"] == 0
    assert client.get(_list(org), {"cohort": foreign.participant.cohort_id}).json()["count"] == 0
    assert client.get(f"{_list(org)}{foreign.pk}/").status_code == 404
    assert client.get(f"{_list(other_org)}{foreign.pk}/").status_code == 404


def test_the_list_takes_a_fixed_number_of_queries(org, cohort, manager, django_assert_max_num_queries):
    for _ in range(3):
        TrustProfileFactory(participant__cohort=cohort)
    client = _api(manager)
    with django_assert_max_num_queries(8) as few:
        client.get(_list(org))
    for _ in range(15):
        TrustProfileFactory(participant__cohort=cohort)
    with django_assert_max_num_queries(len(few)):
        assert client.get(_list(org)).json()["count"] == 18


def test_a_members_list_takes_a_fixed_number_of_queries(org, mentee, django_assert_max_num_queries):
    for _ in range(3):
        cohort = CohortFactory(program__organization=org, status=CohortStatus.ACTIVE)
        TrustProfileFactory(
            participant__cohort=cohort, participant__application__employee=employee_of_user(mentee, org)
        )
        ParticipantFactory(cohort=cohort)
    with django_assert_max_num_queries(10):
        assert _api(mentee).get(_list(org)).json()["count"] == 3
