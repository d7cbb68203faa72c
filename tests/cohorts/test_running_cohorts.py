"""The counts per cohort that matching's and the mentoring year's next steps read with the
running cohorts (cohorts/next_steps.py, one query) are the counts their own queries gave."""

import pytest
from django.db.models import Count, Q
from django.test import RequestFactory
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from cohorts.next_steps import running_cohorts
from matching.models import PairStatus, RematchStatus, RunStatus
from matching.next_steps import _in_a_pair
from sessions.next_steps import COMING_UP
from tests.test_page_budget import _grow

pytestmark = pytest.mark.django_db


def _request(org, user):
    request = RequestFactory().get("/")
    request.organization, request.user = org, user
    return request


def _one_by_one(now) -> dict:
    counted = Cohort.objects.filter(status=CohortStatus.ACTIVE).annotate(
        drafts=Count("match_runs", filter=Q(match_runs__status=RunStatus.DRAFT), distinct=True),
        active_pairs=Count("pairs", filter=Q(pairs__status=PairStatus.ACTIVE), distinct=True),
        open_requests=Count(
            "rematch_requests", filter=Q(rematch_requests__status=RematchStatus.OPEN), distinct=True
        ),
    )
    sessions = Cohort.objects.filter(status=CohortStatus.ACTIVE).annotate(
        upcoming=Count(
            "learning_sessions",
            filter=Q(learning_sessions__starts_at__gte=now, learning_sessions__starts_at__lt=now + COMING_UP),
        ),
        planned=Count("learning_sessions", filter=Q(learning_sessions__starts_at__gte=now)),
    )
    waiting = Participant.objects.filter(
        cohort__status=CohortStatus.ACTIVE, status=ParticipantStatus.SELECTED
    ).exclude(_in_a_pair())
    by_session = {cohort.pk: (cohort.upcoming, cohort.planned) for cohort in sessions}
    return {
        cohort.pk: (
            cohort.drafts,
            cohort.active_pairs,
            cohort.open_requests,
            waiting.filter(cohort=cohort).count(),
            *by_session[cohort.pk],
        )
        for cohort in counted
    }


def test_the_figures_read_with_the_cohorts_are_the_counts_of_their_own_queries(org, admin):
    for grown in range(3):
        if grown:
            _grow(org)
        now = timezone.now()
        found = {
            cohort.pk: (
                cohort.matching_drafts,
                cohort.matching_active_pairs,
                cohort.matching_open_requests,
                cohort.matching_waiting,
                cohort.mentoring_upcoming,
                cohort.mentoring_planned,
            )
            for cohort in running_cohorts(_request(org, admin))
            if cohort.status == CohortStatus.ACTIVE
        }
        assert found == _one_by_one(now)


def test_another_organizations_cohorts_are_not_read(org, other_org, outsider):
    _grow(org)
    from django_scopes import scope

    with scope(organization=other_org):
        assert running_cohorts(_request(other_org, outsider)) == []
