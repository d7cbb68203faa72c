"""Matching's steps on the overview: run matching, publish a draft, match latecomers."""

import pytest
from django.urls import reverse

from programs.models import ApplicantRole
from tests.matching.factories import active_matching_cohort, draft_run, member, published_pair, small_class

pytestmark = pytest.mark.django_db


def _overview(client, org) -> str:
    return client.get(reverse("dashboard", kwargs={"org_slug": org.slug})).content.decode()


def test_a_set_class_asks_for_matching_then_for_publishing(org, manager, client_for):
    cohort, _, _ = small_class(org, mentees=2, mentors=2)
    page = _overview(client_for(manager), org)
    assert "Run matching" in page
    assert reverse("matching:cohort", kwargs={"org_slug": org.slug, "pk": cohort.pk}) in page
    run = draft_run(org)
    page = _overview(client_for(manager), org)
    assert "A match run is waiting to be published" in page
    assert reverse("matching:cohort", kwargs={"org_slug": org.slug, "pk": run.cohort_id}) in page


def test_people_who_joined_after_publishing_are_counted_and_told_they_wait(org, manager, mentee, client_for):
    cohort = active_matching_cohort(org)
    published_pair(cohort)
    assert "waiting to be matched" not in _overview(client_for(manager), org)
    member(cohort, ApplicantRole.MENTEE, user=mentee)
    assert "1 person waiting to be matched" in _overview(client_for(manager), org)
    assert "your match is being prepared" in _overview(client_for(mentee), org)
