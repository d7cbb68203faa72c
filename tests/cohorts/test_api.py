from rest_framework.test import APIClient

from cohorts.models import ParticipantStatus
from programs.models import ApplicantRole
from tests.cohorts.factories import CohortFactory, ParticipantFactory


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_cohorts_show_selected_counts_against_limits(org, manager):
    cohort = CohortFactory(program__organization=org)
    ParticipantFactory.create_batch(2, cohort=cohort, application__role=ApplicantRole.MENTEE)
    ParticipantFactory(cohort=cohort, application__role=ApplicantRole.MENTOR)
    ParticipantFactory(
        cohort=cohort, application__role=ApplicantRole.MENTEE, status=ParticipantStatus.WITHDRAWN
    )
    data = _api(manager).get(f"/api/v1/o/{org.slug}/cohorts/{cohort.pk}/").json()
    assert (data["mentees"], data["mentors"]) == (2, 1)
    assert data["mentee_limit"] == cohort.mentee_limit


def test_participants_filter_by_cohort_and_role(org, other_org, hr_analyst):
    cohort = CohortFactory(program__organization=org)
    ParticipantFactory(cohort=cohort, application__role=ApplicantRole.MENTEE)
    ParticipantFactory(cohort=cohort, application__role=ApplicantRole.MENTOR)
    ParticipantFactory(cohort=CohortFactory(program__organization=other_org))
    response = _api(hr_analyst).get(
        f"/api/v1/o/{org.slug}/participants/", {"cohort": cohort.pk, "role": "mentor"}
    )
    rows = response.json()["results"]
    assert [row["role"] for row in rows] == ["mentor"]
    assert rows[0]["person"]["external_id"]


def test_another_organizations_cohort_id_in_a_filter_returns_nothing(org, other_org, manager):
    foreign = CohortFactory(program__organization=other_org)
    ParticipantFactory(cohort=foreign)
    response = _api(manager).get(f"/api/v1/o/{org.slug}/participants/", {"cohort": foreign.pk})
    assert response.json()["count"] == 0


def test_participant_list_query_count_does_not_grow_with_rows(org, manager, django_assert_max_num_queries):
    cohort = CohortFactory(program__organization=org, mentee_limit=50)
    ParticipantFactory.create_batch(30, cohort=cohort)
    with django_assert_max_num_queries(8):
        response = _api(manager).get(f"/api/v1/o/{org.slug}/participants/")
    assert response.json()["count"] == 30
