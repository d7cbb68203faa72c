"""The matching API: runs, proposed pairs with breakdowns, published pairs; no profile text for HR."""

import json
import math

from rest_framework.test import APIClient

from matching.services.publish import match_run_publish
from matching.services.runs import match_run_create
from organizations.services.api_keys import api_key_create
from tests.matching.factories import small_class


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _base(org) -> str:
    return f"/api/v1/o/{org.slug}"


def test_a_run_shows_its_settings_totals_and_the_people_left_out(org, manager):
    cohort, mentees, _ = small_class(org, mentees=3, mentors=2)
    run = match_run_create(cohort=cohort, actor=manager)
    data = _api(manager).get(f"{_base(org)}/match-runs/{run.pk}/").json()
    assert (data["cohort"], data["program"], data["status"], data["number"]) == (
        cohort.pk,
        cohort.program_id,
        "draft",
        1,
    )
    assert data["settings"]["weights"]["learning_fit"] == 2.0
    assert (data["matched_count"], data["unmatched_count"]) == (2, 1)
    assert data["unmatched"][0]["reason"] == "no_capacity"


def test_proposed_pairs_carry_a_breakdown_that_adds_up_and_the_sentence_for_managers(org, manager):
    run = match_run_create(cohort=small_class(org, mentees=2, mentors=2)[0], actor=manager)
    rows = _api(manager).get(f"{_base(org)}/proposed-pairs/", {"run": run.pk}).json()["results"]
    assert len(rows) == 2
    for row in rows:
        assert math.isclose(sum(row["contributions"].values()), row["score"], abs_tol=1e-9)
        assert row["why"] and row["mentee"]["department"] == "Engineering" and row["mentor"]["level"] == 5


def test_hr_gets_numbers_and_dates_but_no_names_or_profile_text(org, manager, hr_analyst):
    cohort, mentees, mentors = small_class(org, mentees=2, mentors=2)
    run = match_run_create(cohort=cohort, actor=manager)
    match_run_publish(run=run, actor=manager)
    client = _api(hr_analyst)
    bodies = [
        client.get(f"{_base(org)}/{path}/").content.decode()
        for path in ("match-runs", "proposed-pairs", "pairs")
    ]
    proposals = json.loads(bodies[1])["results"]
    assert proposals and all(row["why"] is None for row in proposals)
    texts = [p.employee.name for p in (*mentees, *mentors)] + [
        "Integrity",
        "Negotiation",
        "Builder",
        "trust what we deliver",
    ]
    for body in bodies:
        for text in texts:
            assert text not in body
    pair = json.loads(bodies[2])["results"][0]
    assert {m["role"] for m in pair["members"]} == {"mentor", "mentee"} and pair["published_at"]


def test_an_hr_api_key_reads_the_same_as_an_hr_analyst(org, manager, admin):
    match_run_create(cohort=small_class(org, mentees=1, mentors=1)[0], actor=manager)
    _key, raw = api_key_create(organization=org, actor=admin, name="HR system", scopes=["programs.read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    rows = client.get(f"{_base(org)}/proposed-pairs/").json()["results"]
    assert rows and rows[0]["why"] is None


def test_published_pairs_filter_by_cohort_and_status(org, manager):
    first, _, _ = small_class(org, mentees=1, mentors=1)
    second, _, _ = small_class(org, mentees=2, mentors=2)
    for cohort in (first, second):
        match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    client = _api(manager)
    assert client.get(f"{_base(org)}/pairs/", {"cohort": second.pk}).json()["count"] == 2
    assert client.get(f"{_base(org)}/pairs/", {"status": "ended"}).json()["count"] == 0


def test_another_organizations_runs_are_invisible(org, other_org, manager, outsider):
    run = match_run_create(cohort=small_class(org, mentees=1, mentors=1)[0], actor=manager)
    client = _api(outsider)
    assert client.get(f"/api/v1/o/{other_org.slug}/match-runs/{run.pk}/").status_code == 404
    assert client.get(f"/api/v1/o/{other_org.slug}/proposed-pairs/", {"run": run.pk}).json()["count"] == 0
    assert client.get(f"{_base(org)}/match-runs/").status_code == 404


def test_members_cannot_read_the_matching_api(org, manager, mentee):
    match_run_create(cohort=small_class(org, mentees=1, mentors=1)[0], actor=manager)
    assert _api(mentee).get(f"{_base(org)}/proposed-pairs/").status_code == 403


def test_query_counts_do_not_grow_with_the_page(org, manager, django_assert_max_num_queries):
    for size in (3, 12):
        cohort, _, _ = small_class(org, mentees=size, mentors=size)
        match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    client = _api(manager)
    for path in ("match-runs", "proposed-pairs", "pairs"):
        with django_assert_max_num_queries(8):
            response = client.get(f"{_base(org)}/{path}/")
        assert response.status_code == 200 and response.json()["count"] >= 2
