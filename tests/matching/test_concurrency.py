"""Two managers at once can never give a mentor more mentees than their capacity.

Runs on PostgreSQL (skipped on SQLite locally, a failure in CI without it): two threads, each
with its own database connection, publish two drafts that give the same mentor a different
mentee, at the same moment. The cohort row lock taken by every write to a cohort's pairs
makes the second wait for the first and then see the mentor full (and its own run set aside).
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from matching.models import MatchRun, MemberRole, PairMember, RunStatus
from matching.services import publish
from matching.services.edits import pair_forbid, pair_unforbid
from matching.services.publish import match_run_publish
from matching.services.rematch import rematch_request_create, rematch_resolve
from matching.services.runs import match_run_create
from organizations.tenancy import organization_scope
from programs.models import ApplicantRole
from tests.matching.factories import active_matching_cohort, member
from tests.services import require_postgresql

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


def _at_once(organization, calls) -> list[object]:
    """Run each call in its own thread and connection, released together; return results or errors."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def work(index, call):
        try:
            with organization_scope(organization):
                barrier.wait()
                results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def slow_publish(monkeypatch):
    """Hold each publish inside its transaction for a moment, so both threads overlap."""
    real = publish._publish_pairs

    def slowly(run, actor, now):
        time.sleep(0.5)
        return real(run, actor, now)

    monkeypatch.setattr(publish, "_publish_pairs", slowly)


def _two_drafts_for_one_mentor(org, manager):
    """Two draft runs giving the one mentor (capacity 1) a different mentee each."""
    cohort = active_matching_cohort(org)
    ava = member(cohort, MENTEE, name="Ava")
    ben = member(cohort, MENTEE, name="Ben")
    mentor = member(cohort, MENTOR, level=5, department="Finance", capacity=1)
    forbid_ben = pair_forbid(cohort=cohort, mentee=ben, mentor=mentor, actor=manager)
    for_ava = match_run_create(cohort=cohort, actor=manager)
    pair_unforbid(forbid=forbid_ben, actor=manager)
    pair_forbid(cohort=cohort, mentee=ava, mentor=mentor, actor=manager)
    for_ben = match_run_create(cohort=cohort, actor=manager)
    assert for_ava.proposed_pairs.get().mentee_id == ava.pk
    assert for_ben.proposed_pairs.get().mentee_id == ben.pk
    return mentor, for_ava, for_ben


def _current_mentees(mentor) -> int:
    pairs = PairMember.objects.filter(participant=mentor, left_at__isnull=True).values("pair_id")
    return PairMember.objects.filter(pair_id__in=pairs, role=MemberRole.MENTEE, left_at__isnull=True).count()


def test_two_publishes_at_once_never_overfill_a_mentor(org, manager, slow_publish):
    require_postgresql()
    mentor, for_ava, for_ben = _two_drafts_for_one_mentor(org, manager)
    results = _at_once(
        org,
        [
            lambda: match_run_publish(run=for_ava, actor=manager),
            lambda: match_run_publish(run=for_ben, actor=manager),
        ],
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), results
    assert "superseded" in str(errors[0])
    assert _current_mentees(mentor) == 1
    statuses = sorted(
        MatchRun.objects.filter(pk__in=[for_ava.pk, for_ben.pk]).values_list("status", flat=True)
    )
    assert statuses == [RunStatus.PUBLISHED, RunStatus.SUPERSEDED]


def test_a_rematch_run_published_twice_at_once_fills_a_freed_place_once(org, manager, mentee, slow_publish):
    """After a rematch frees a mentor's place, two drafts for the people affected race for it."""
    require_postgresql()
    cohort = active_matching_cohort(org)
    leaving = member(cohort, MENTEE, user=mentee, name="Leaving")
    member(cohort, MENTEE, name="Staying")
    mentors = [member(cohort, MENTOR, level=5, department=d) for d in ("Finance", "Sales")]
    match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    pair = PairMember.objects.get(participant=leaving).pair
    rematch_resolve(
        request=rematch_request_create(pair=pair, participant=leaving, actor=mentee),
        actor=manager,
        end_pair=True,
    )
    member(cohort, MENTEE, name="Newcomer")
    mentors.append(member(cohort, MENTOR, level=5, department="Legal", name="Spare"))
    drafts = [match_run_create(cohort=cohort, actor=manager) for _ in range(2)]
    assert all(run.proposed_pairs.count() == 2 for run in drafts)
    results = _at_once(org, [lambda run=run: match_run_publish(run=run, actor=manager) for run in drafts])
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    assert [_current_mentees(m) for m in mentors] == [1, 1, 1]
