"""Stored pair facts (issue 17, sessions/stored_facts.py): the overview and the pair-health API
read stored rows that say exactly what the live facts say, kept fresh by the services that change
them and moved on by the day without any write."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from matching.models import PairMember, PairStatus
from organizations.clock import organization_today
from sessions.facts import cohort_pair_facts, cohorts_pair_facts
from sessions.health import HealthStatus
from sessions.models import MeetingStatus, SilentSpell, StoredPairFacts
from sessions.overview import SORTS, cohort_overview, overview_csv
from sessions.services.checkins import checkin_answer
from sessions.services.learning import attendance_mark
from sessions.services.meetings import meeting_log, meeting_schedule
from sessions.services.reports import unresponsive_partner_report
from sessions.services.settings import mentoring_settings_update
from sessions.stored_facts import (
    EXPIRED,
    ensure_fresh,
    facts_of_rows,
    pair_facts_refresh,
    pair_facts_sweep,
    stored_rows,
)
from tests.factories import UserFactory
from tests.frozen_time import clock_from
from tests.goals.factories import GoalCheckInFactory, GoalFactory, GoalPlanFactory
from tests.sessions.factories import (
    AttendanceFactory,
    CheckInFactory,
    LearningSessionFactory,
    MeetingFactory,
    pair_of,
)
from tests.sessions.varied_pairs import aged_pair, ago, varied_cohort

NOW = timezone.now()
clock = clock_from(NOW)  # the tests' clock starts at NOW: the data and the pages agree on the day


def _many_states(cohort):
    """Every state health knows (tests/sessions/varied_pairs.py), and every other figure:
    a booked meeting, attendance, goal check-ins, an open check-in, flags."""
    varied_cohort(cohort)
    busy = aged_pair(cohort, published_days_ago=50, met_days_ago=6)
    MeetingFactory(pair=busy, starts_at=NOW + datetime.timedelta(days=4), status=MeetingStatus.SCHEDULED)
    MeetingFactory(pair=busy, starts_at=ago(20), status=MeetingStatus.CANCELLED)
    mentee, mentor = PairMember.objects.filter(pair=busy).order_by("role")
    CheckInFactory(pair=busy, member=mentee, round=1, answered=True, usefulness=4)
    CheckInFactory(pair=busy, member=mentor, round=2)  # open
    session = LearningSessionFactory(cohort=cohort, starts_at=ago(8))
    LearningSessionFactory(cohort=cohort, starts_at=NOW + datetime.timedelta(days=8))
    AttendanceFactory(session=session, participant=mentee.participant)
    goal = GoalFactory(plan=GoalPlanFactory(member=mentee))
    GoalCheckInFactory(goal=goal)
    flagged = aged_pair(cohort, published_days_ago=120, met_days_ago=100)
    SilentSpell.objects.create(
        organization=cohort.organization,
        pair=flagged,
        silent_since=timezone.localdate(ago(100)),
        warned_at=ago(10),
        flagged_at=ago(3),
    )
    ended = aged_pair(cohort, published_days_ago=30, met_days_ago=2)
    ended.status = PairStatus.ENDED
    ended.save()


def _live(cohort):
    return cohort_pair_facts(cohort=cohort, attention=True)


def _stored(cohort):
    ensure_fresh([cohort])
    return {fact.pair.pk: fact for fact in facts_of_rows(stored_rows([cohort]), [cohort])}


def test_stored_facts_are_the_live_facts_for_every_pair(cohort):
    _many_states(cohort)
    live = _live(cohort)
    stored = _stored(cohort)
    assert len(live) == len(stored) >= 9
    assert {f.health.status for f in live} == set(HealthStatus.values)
    for fact in live:
        assert stored[fact.pair.pk] == fact, fact.pair.pk


def test_the_overview_reads_as_the_live_facts_sort_in_every_order(cohort):
    _many_states(cohort)
    live = _live(cohort)
    overview = cohort_overview(cohort=cohort)
    assert overview.total == len(live)
    assert overview.counts == {s: sum(f.health.status == s for f in live) for s in HealthStatus.values}
    assert overview.flagged == 1
    live_sorts = {
        "health": lambda f: (-f.health.severity, f.pair.pk),
        "mentor": lambda f: (
            ", ".join(m.participant.employee.name for m in (f.mentors or f.members)).lower(),
            f.pair.pk,
        ),
        "last_meeting": lambda f: (f.last_meeting_on or datetime.date.min, f.pair.pk),
        "meetings": lambda f: (f.meetings_held - f.meetings_expected, f.pair.pk),
        "goals": lambda f: (
            -1 if f.goals.milestones_percent is None else f.goals.milestones_percent,
            f.pair.pk,
        ),
        "attendance": lambda f: (-1 if f.attendance_percent is None else f.attendance_percent, f.pair.pk),
        "checkins": lambda f: (-1 if f.checkin_average is None else f.checkin_average, f.pair.pk),
    }
    assert set(live_sorts) == set(SORTS)
    for sort, key in live_sorts.items():
        for descending in (False, True):
            rows = cohort_overview(cohort=cohort, sort=sort, descending=descending).rows
            assert list(rows) == sorted(live, key=key, reverse=descending), (sort, descending)
            assert rows[1:3] == sorted(live, key=key, reverse=descending)[1:3]
    for status in HealthStatus.values:
        rows = cohort_overview(cohort=cohort, health=status).rows
        assert [f.pair.pk for f in rows] == [
            f.pair.pk for f in sorted(live, key=live_sorts["health"]) if f.health.status == status
        ]
    assert overview_csv(cohort_overview(cohort=cohort)).count("\n") == len(live) + 1


def test_the_pair_health_api_list_reads_as_the_live_facts(cohort, org, manager):
    from tests.sessions.test_api import api, base

    _many_states(cohort)
    live = cohorts_pair_facts(cohorts=[cohort])
    client = api(manager)
    answer = client.get(f"{base(org)}/pair-health/").json()
    results = answer["results"] if isinstance(answer, dict) else answer
    assert [row["pair"] for row in results] == [f.pair.pk for f in live][: len(results)]
    by_pair = {row["pair"]: row for row in results}
    for fact in live[: len(results)]:
        single = client.get(f"{base(org)}/pair-health/{fact.pair.pk}/").json()
        assert by_pair[fact.pair.pk] == single


def _row(pair):
    ensure_fresh([pair.cohort])
    return StoredPairFacts.objects.get(pair=pair)


def test_the_pair_health_rows_are_what_the_serializer_gives_for_the_same_facts(cohort):
    from sessions.api.pair_health import ROW_VALUES, pair_health_rows
    from sessions.api.serializers import PairHealthSerializer

    _many_states(cohort)
    ensure_fresh([cohort])
    rows = stored_rows([cohort]).order_by("pair_id")
    facts = facts_of_rows(rows, [cohort])
    assert any(f.next_meeting_at for f in facts) and any(f.checkin_average for f in facts)
    assert any(f.health.reasons for f in facts) and any(f.goals.milestones_percent is None for f in facts)
    assert pair_health_rows(rows.values(*ROW_VALUES)) == PairHealthSerializer(facts, many=True).data


def test_the_freshness_query_counts_the_fresh_rows_for_the_overview_and_the_api(cohort, org, manager):
    from tests.sessions.test_api import api, base

    _many_states(cohort)
    assert cohort.pk not in ensure_fresh([cohort])  # refreshed here: not counted
    figures = ensure_fresh([cohort])[cohort.pk]
    rows = stored_rows([cohort])
    assert figures == {
        "total": rows.count(),
        "flagged": rows.filter(flagged=True).count(),
        **{status: rows.filter(health_status=status).count() for status in HealthStatus.values},
    }
    live = _live(cohort)
    assert figures["total"] == len(live) and figures["flagged"] == 1
    overview = cohort_overview(cohort=cohort)
    assert overview.counts == {s: sum(f.health.status == s for f in live) for s in HealthStatus.values}
    assert (overview.total, overview.flagged) == (len(live), 1)
    assert api(manager).get(f"{base(org)}/pair-health/").json()["count"] == len(live)
    # A pair ending is seen at once (its row is stale: the cohort is refreshed and counted again).
    ended = live[0].pair
    ended.status = PairStatus.ENDED
    ended.save()
    assert cohort_overview(cohort=cohort).total == len(live) - 1
    assert api(manager).get(f"{base(org)}/pair-health/").json()["count"] == len(live) - 1
    assert ensure_fresh([cohort])[cohort.pk]["total"] == len(live) - 1


def _space_facts(client, pair):
    from tests.sessions.test_views import url

    response = client.get(url("pair", pair.organization, pk=pair.pk))
    assert response.status_code == 200
    return response.context["space"].facts


def test_the_pair_space_reads_its_fresh_row_and_computes_a_stale_one_live(pair, mentor, mentee, client_for):
    MeetingFactory(pair=pair, starts_at=ago(3))
    client = client_for(mentee)
    live = cohort_pair_facts(cohort=pair.cohort, pairs=[pair])[0]
    assert _space_facts(client, pair) == live  # no row yet: live
    _row(pair)
    assert _space_facts(client, pair) == live  # the fresh row says the same
    # The row is what the page reads while it is fresh (a figure only the row has shows) …
    StoredPairFacts.objects.filter(pair=pair).update(meetings_held=7)
    assert _space_facts(client, pair).meetings_held == 7
    # … and not once it is stale, nor when it was judged for another day.
    StoredPairFacts.objects.filter(pair=pair).update(stale_at=EXPIRED)
    assert _space_facts(client, pair) == live
    StoredPairFacts.objects.filter(pair=pair).update(
        stale_at=NOW + datetime.timedelta(days=2),
        as_of=organization_today(pair.organization) - datetime.timedelta(days=1),
    )
    assert _space_facts(client, pair) == live
    # A service's write shows at once.
    meeting_schedule(
        actor=mentor, pair=pair, starts_at=ago(1), duration_minutes=30, status=MeetingStatus.HAPPENED
    )
    facts = _space_facts(client, pair)
    assert facts.meetings_held == 2
    assert facts == cohort_pair_facts(cohort=pair.cohort, pairs=[pair])[0]


def test_logging_a_meeting_changes_the_overview_row_at_once(pair, mentor):
    assert _row(pair).meetings_held == 0
    meeting = meeting_schedule(
        actor=mentor, pair=pair, starts_at=NOW + datetime.timedelta(hours=2), duration_minutes=30
    )
    assert StoredPairFacts.objects.get(pair=pair).next_meeting_at == meeting.starts_at
    done = meeting_schedule(
        actor=mentor, pair=pair, starts_at=ago(1), duration_minutes=30, status=MeetingStatus.HAPPENED
    )
    row = StoredPairFacts.objects.get(pair=pair)  # written by the service, no reader needed
    assert (row.meetings_held, row.last_meeting_on) == (
        1,
        organization_today(pair.organization, done.starts_at),
    )
    meeting_log(actor=mentor, meeting=done, status=MeetingStatus.CANCELLED)
    assert StoredPairFacts.objects.get(pair=pair).meetings_held == 0
    overview = cohort_overview(cohort=pair.cohort)
    assert next(r for r in overview.rows if r.pair == pair).meetings_held == 0


def test_answers_reports_attendance_goals_and_settings_keep_rows_fresh(
    pair, mentor, mentee, mentee_member, manager
):
    cohort = pair.cohort
    _row(pair)
    checkin = CheckInFactory(pair=pair, member=mentee_member)
    checkin_answer(actor=mentee, checkin=checkin, usefulness=1, met_as_planned=True, would_continue=True)
    row = StoredPairFacts.objects.get(pair=pair)
    assert (row.checkins_answered, row.latest_answers) == (1, [[1, True]])

    unresponsive_partner_report(actor=mentee, pair=pair)
    assert StoredPairFacts.objects.get(pair=pair).flagged

    session = LearningSessionFactory(cohort=cohort, starts_at=ago(3))
    attendance_mark(actor=manager, session=session, participant_ids={mentee_member.participant_id})
    assert _row(pair).sessions_attended == 1

    from goals.services.plans import goal_create

    goal_create(
        member=mentee_member,
        actor=mentee,
        title="Lead a review",
        success_measure="Led one",
        target_date=cohort.program.end_date,
    )
    assert _row(pair).goals["goals_total"] == 1

    mentoring_settings_update(actor=manager, program=cohort.program, at_risk_usefulness_at_most=1)
    assert StoredPairFacts.objects.get(pair=pair).stale_at == EXPIRED
    mentoring_settings_update(actor=manager, program=cohort.program, stalled_after_days=200)
    assert _stored(cohort)[pair.pk] == _live(cohort)[0]


def test_members_joining_or_leaving_mark_the_row_stale(pair, mentee_member):
    _row(pair)
    PairMember.objects.filter(pk=mentee_member.pk).update(left_at=NOW)  # bypasses save: not seen
    member = PairMember.objects.get(pk=mentee_member.pk)
    member.save()  # a save (as matching's services make) is
    assert _stored(pair.cohort)[pair.pk] == _live(pair.cohort)[0]
    assert [m.pk for m in _stored(pair.cohort)[pair.pk].members] != [mentee_member.pk]


def test_the_next_day_a_pair_turns_quiet_without_any_write(cohort):
    """Frozen time: met 21 days ago under a 14-day cadence (at risk after 21 days), the pair is
    healthy today and at risk tomorrow, though nothing was written in between."""
    noon = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() - datetime.timedelta(days=1), datetime.time(12))
    )
    with time_machine.travel(noon, tick=False):
        pair = aged_pair(cohort, published_days_ago=60)
        MeetingFactory(pair=pair, starts_at=timezone.now() - datetime.timedelta(days=21))
        assert cohort_overview(cohort=cohort).counts["healthy"] == 1
    with time_machine.travel(noon + datetime.timedelta(days=1), tick=False):
        overview = cohort_overview(cohort=cohort)
        assert overview.counts["at_risk"] == 1
        assert [r.health.status for r in overview.rows] == [HealthStatus.AT_RISK]
        assert StoredPairFacts.objects.get(pair=pair).as_of == timezone.localdate()


def test_a_booked_meeting_passing_moves_the_row_on(pair):
    soon = MeetingFactory(
        pair=pair, starts_at=NOW + datetime.timedelta(hours=1), status=MeetingStatus.SCHEDULED
    )
    assert _row(pair).next_meeting_at == soon.starts_at
    with time_machine.travel(NOW + datetime.timedelta(hours=2), tick=False):
        assert _row(pair).next_meeting_at is None


def test_the_sweep_refreshes_running_cohorts_before_anyone_reads(cohort, org):
    from config.settings import CELERY_BEAT_SCHEDULE
    from organizations.notifications.kinds import notification_scans
    from sessions.tasks import refresh_pair_facts

    assert pair_facts_sweep not in notification_scans()  # the reminder sweep does not wait for it
    assert "sessions.tasks.refresh_pair_facts" in {entry["task"] for entry in CELERY_BEAT_SCHEDULE.values()}
    aged_pair(cohort, published_days_ago=20, met_days_ago=2)
    aged_pair(cohort, published_days_ago=20)
    assert refresh_pair_facts() == 1
    assert StoredPairFacts.objects.filter(cohort=cohort).count() == 2
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    pair_facts_sweep(org, tomorrow)
    assert set(StoredPairFacts.objects.values_list("as_of", flat=True)) == {organization_today(org, tomorrow)}
    assert pair_facts_refresh(cohort=cohort) == 2


@pytest.mark.parametrize("page", ["overview", "api"])
def test_reading_costs_no_more_queries_with_more_pairs(cohort, org, manager, page, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.sessions.test_api import api, base
    from tests.sessions.test_views import url

    client = client_for(manager) if page == "overview" else api(manager)
    path = url("overview", org, pk=cohort.pk) if page == "overview" else f"{base(org)}/pair-health/"

    def count() -> int:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    pair_of(UserFactory(), UserFactory(), cohort)
    few = count()
    for _ in range(6):
        aged_pair(cohort, published_days_ago=40, met_days_ago=3)
    assert count() == few
