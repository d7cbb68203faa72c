import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohorts.teams.models import BusinessChallenge, ChallengePreference, ChallengeStatus
from cohorts.teams.services.challenges import challenge_decide, challenge_preferences_set, challenge_submit
from tests.cohorts.teams.factories import BusinessChallengeFactory, leader_employee

FIELDS = {
    "title": "Halve first-year churn",
    "problem": "New customers leave.",
    "why_it_matters": "Revenue.",
    "expected_outcome": "A pilot.",
}


def test_a_senior_leader_submits_a_challenge_they_sponsor(cohort, senior_leader, leader_row):
    challenge = challenge_submit(actor=senior_leader, cohort=cohort, **FIELDS)
    assert (challenge.sponsor, challenge.status, challenge.organization) == (
        leader_row,
        ChallengeStatus.SUBMITTED,
        cohort.organization,
    )


def test_a_senior_leader_cannot_name_another_sponsor(cohort, senior_leader, leader_row, org):
    other = leader_employee(org)
    with pytest.raises(ValidationError) as error:
        challenge_submit(actor=senior_leader, cohort=cohort, sponsor=other, **FIELDS)
    assert "sponsor" in error.value.message_dict


def test_a_manager_submits_for_a_senior_leader_and_must_name_one(cohort, manager, leader_row, mentee, org):
    with pytest.raises(ValidationError) as error:
        challenge_submit(actor=manager, cohort=cohort, **FIELDS)
    assert "sponsor" in error.value.message_dict
    from tests.cohorts.factories import employee_of_user

    with pytest.raises(ValidationError):
        challenge_submit(actor=manager, cohort=cohort, sponsor=employee_of_user(mentee, org), **FIELDS)
    assert challenge_submit(actor=manager, cohort=cohort, sponsor=leader_row, **FIELDS).sponsor == leader_row


def test_a_member_cannot_submit_a_challenge(cohort, mentee):
    with pytest.raises(PermissionDenied):
        challenge_submit(actor=mentee, cohort=cohort, **FIELDS)


def test_overlong_and_empty_texts_are_refused_with_every_problem_listed(cohort, senior_leader, leader_row):
    with pytest.raises(ValidationError) as error:
        challenge_submit(
            actor=senior_leader, cohort=cohort, **(FIELDS | {"problem": "x" * 10_000, "why_it_matters": "  "})
        )
    assert {"problem", "why_it_matters"} <= set(error.value.message_dict)
    assert not BusinessChallenge.objects.exists()


def test_managers_accept_and_decline_and_declining_drops_preferences(
    cohort, manager, mentee, mentee_participant
):
    challenge = BusinessChallengeFactory(cohort=cohort)
    challenge_decide(actor=manager, challenge=challenge, accept=True)
    challenge_preferences_set(actor=mentee, participant=mentee_participant, challenge_ids=[challenge.pk])
    challenge = challenge_decide(actor=manager, challenge=challenge, accept=False)
    assert challenge.status == ChallengeStatus.DECLINED
    assert not ChallengePreference.objects.exists()
    with pytest.raises(PermissionDenied):
        challenge_decide(actor=mentee, challenge=challenge, accept=True)


def test_a_mentee_ranks_up_to_three_accepted_challenges_of_their_cohort(cohort, mentee, mentee_participant):
    accepted = [BusinessChallengeFactory(cohort=cohort, accepted=True) for _ in range(4)]
    submitted = BusinessChallengeFactory(cohort=cohort)
    saved = challenge_preferences_set(
        actor=mentee, participant=mentee_participant, challenge_ids=[accepted[1].pk, accepted[0].pk]
    )
    assert [(p.challenge, p.rank) for p in saved] == [(accepted[1], 1), (accepted[0], 2)]
    for bad in ([c.pk for c in accepted], [submitted.pk], [accepted[0].pk, accepted[0].pk], ["abc"], ["-1"]):
        with pytest.raises(ValidationError):
            challenge_preferences_set(actor=mentee, participant=mentee_participant, challenge_ids=bad)
    assert ChallengePreference.objects.count() == 2


def test_only_the_mentee_states_their_preferences(cohort, mentor, mentee_participant):
    with pytest.raises(PermissionDenied):
        challenge_preferences_set(actor=mentor, participant=mentee_participant, challenge_ids=[])


def test_a_senior_leader_posts_a_challenge_through_the_page(
    org, cohort, senior_leader, leader_row, client_for
):
    client = client_for(senior_leader)
    url = reverse("teams:challenge_create", kwargs={"org_slug": org.slug, "pk": cohort.pk})
    response = client.post(url, FIELDS | {"problem": "y" * 10_000})
    assert response.status_code == 200 and b"at most 4000 characters" in response.content
    response = client.post(url, FIELDS)
    challenge = BusinessChallenge.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/challenges/{challenge.pk}/")
    assert FIELDS["problem"].encode() in client.get(response["Location"]).content


def test_another_leaders_submitted_challenge_is_404_until_accepted(org, cohort, senior_leader, client_for):
    challenge = BusinessChallengeFactory(cohort=cohort)
    url = reverse("teams:challenge", kwargs={"org_slug": org.slug, "pk": challenge.pk})
    assert client_for(senior_leader).get(url).status_code == 404
    BusinessChallenge.objects.filter(pk=challenge.pk).update(status=ChallengeStatus.ACCEPTED)
    assert client_for(senior_leader).get(url).status_code == 404  # no roster row: not a leader to us yet
    leader_employee(org, senior_leader)
    assert client_for(senior_leader).get(url).status_code == 200


def test_the_manager_decides_through_the_list(org, cohort, manager, client_for):
    challenge = BusinessChallengeFactory(cohort=cohort)
    client = client_for(manager)
    client.post(
        reverse("teams:challenge_decide", kwargs={"org_slug": org.slug, "pk": challenge.pk}),
        {"decision": "accept"},
    )
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.ACCEPTED


def test_non_numeric_ids_are_404_not_500(org, manager, client_for):
    response = client_for(manager).get(f"/o/{org.slug}/teams/challenges/abc/")
    assert response.status_code == 404


def test_the_api_lists_challenges_for_hr(org, cohort, hr_analyst):
    from rest_framework.test import APIClient

    BusinessChallengeFactory(cohort=cohort, title="Pricing")
    api = APIClient()
    api.force_authenticate(hr_analyst)
    response = api.get(f"/api/v1/o/{org.slug}/challenges/?cohort={cohort.pk}")
    assert response.status_code == 200
    assert [c["title"] for c in response.json()["results"]] == ["Pricing"]
