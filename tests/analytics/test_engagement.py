"""Engagement facts and summary: meetings per pair, attendance, check-ins and goals, numbers only."""

import datetime

import pytest

from analytics.models import CohortEngagementFact, CohortGoalFact
from analytics.selectors import AnalyticsFilter, engagement_summary
from analytics.services.refresh import facts_refresh
from analytics.suppression import is_suppressed
from matching.models import MemberRole
from organizations.clock import local_datetime
from programs.models import ApplicantRole
from sessions.models import MeetingStatus
from tests.analytics.factories import cohort_starting
from tests.goals.factories import GoalFactory, GoalPlanFactory, MilestoneFactory
from tests.matching.factories import published_pair
from tests.sessions.factories import AttendanceFactory, CheckInFactory, LearningSessionFactory, MeetingFactory

D = datetime.date
AS_OF = D(2026, 3, 20)


def at(organization, day, hour=10):
    return local_datetime(day, datetime.time(hour), organization)


@pytest.fixture
def mentoring_year(org):
    """Six pairs from 5 January 2026. In February pair i logs i meetings (15 in all), one more is
    cancelled; two sessions for everyone, eight seats attended. In March a session for mentors
    and six check-in answers. Mentees keep six goals (three done), one milestone each."""
    cohort = cohort_starting(org, D(2026, 1, 5))
    pairs = [published_pair(cohort, published_at=at(org, D(2026, 1, 5))) for _ in range(6)]
    for i, pair in enumerate(pairs):
        for n in range(i):
            MeetingFactory(pair=pair, starts_at=at(org, D(2026, 2, 2 + n)))
    MeetingFactory(pair=pairs[0], starts_at=at(org, D(2026, 2, 20)), status=MeetingStatus.CANCELLED)
    MeetingFactory(pair=pairs[1], starts_at=at(org, D(2026, 4, 2)), status=MeetingStatus.SCHEDULED)
    february = [LearningSessionFactory(cohort=cohort, starts_at=at(org, D(2026, 2, d))) for d in (10, 24)]
    LearningSessionFactory(cohort=cohort, starts_at=at(org, D(2026, 3, 3)), audience="mentors")
    members = [m for pair in pairs for m in pair.members.select_related("participant")]
    for member in members[:8]:
        AttendanceFactory(session=february[0], participant=member.participant)
    for member, usefulness, keep_going in zip(
        members, (4, 5, 3, 4, 5, 2), (True,) * 5 + (False,), strict=False
    ):
        CheckInFactory(
            pair=member.pair,
            member=member,
            answered_at=at(org, D(2026, 3, 9)),
            usefulness=usefulness,
            would_continue=keep_going,
            met_as_planned=True,
            comment="Private words for the manager only",
        )
    mentees = [m for m in members if m.role == MemberRole.MENTEE]
    for member, status in zip(
        mentees, ("done", "done", "done", "on_track", "on_track", "at_risk"), strict=True
    ):
        goal = GoalFactory(plan=GoalPlanFactory(member=member), status=status)
        MilestoneFactory(goal=goal, completed_at=at(org, D(2026, 3, 1)) if status == "done" else None)
    facts_refresh(organization=org, as_of=AS_OF)
    return cohort


def test_engagement_counts_pairs_meetings_sessions_and_attendance_by_month(org, mentoring_year):
    summary = engagement_summary(organization=org, filters=AnalyticsFilter(cohort_id=mentoring_year.pk))
    months = {m.month: m for m in summary.months}
    assert list(months) == [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]
    february = months[D(2026, 2, 1)]
    assert (february.active_pairs, february.pairs_that_met, february.meetings_held) == (6, 5, 15)
    assert february.meetings_per_pair == pytest.approx(15 / 6)
    assert february.sessions_held == 2
    # Two sessions for everyone × 12 people = 24 seats, 8 attended.
    assert (february.attendance_expected, february.attendance_recorded) == (24, 8)
    assert february.attendance_rate == pytest.approx(1 / 3)
    # Three months × 6 pairs = 18 pair-months, 15 meetings.
    assert summary.meetings_per_pair_per_month == pytest.approx(15 / 18)


def test_engagement_averages_the_check_in_answers_of_the_month(org, mentoring_year):
    march = engagement_summary(organization=org, filters=AnalyticsFilter(cohort_id=mentoring_year.pk)).months[
        -1
    ]
    assert march.checkins_answered == 6
    assert march.usefulness_average == pytest.approx(23 / 6)
    assert march.would_continue_share == pytest.approx(5 / 6)
    assert march.met_as_planned_share == 1.0
    # The mentors-only session: 6 mentors' seats, none recorded.
    assert (march.attendance_expected, march.attendance_recorded) == (6, 0)


def test_goal_completion_counts_the_role_asked_for(org, mentoring_year):
    goals = engagement_summary(
        organization=org, filters=AnalyticsFilter(cohort_id=mentoring_year.pk, role=ApplicantRole.MENTEE)
    ).goals
    assert (goals.people, goals.goals, goals.done, goals.on_track, goals.at_risk) == (6, 6, 3, 2, 1)
    assert goals.completion_rate == 0.5
    assert (goals.milestones, goals.milestones_completed) == (6, 3)


def test_check_ins_of_fewer_people_than_the_minimum_are_suppressed(org, mentoring_year):
    mentees = engagement_summary(
        organization=org, filters=AnalyticsFilter(cohort_id=mentoring_year.pk, role=ApplicantRole.MENTEE)
    )
    march = mentees.months[-1]
    assert is_suppressed(march.checkins_answered) and is_suppressed(march.usefulness_average)
    mentors = engagement_summary(
        organization=org, filters=AnalyticsFilter(cohort_id=mentoring_year.pk, role=ApplicantRole.MENTOR)
    )
    assert mentors.goals.completion_rate is None  # no mentor keeps a plan: nobody to hide, nothing to show
    assert mentors.goals.people == 0


def test_small_cohorts_have_their_pair_figures_suppressed(org, mentoring_year):
    org.min_group_size = 13
    org.save()
    summary = engagement_summary(organization=org, filters=AnalyticsFilter(cohort_id=mentoring_year.pk))
    assert all(is_suppressed(m.meetings_per_pair) for m in summary.months)
    assert is_suppressed(summary.meetings_per_pair_per_month)
    assert is_suppressed(summary.goals.done)


def test_engagement_facts_hold_no_text(org, mentoring_year):
    for model in (CohortEngagementFact, CohortGoalFact):
        for row in model.objects.filter(organization=org).values():
            texts = [v for k, v in row.items() if isinstance(v, str) and k != "role"]
            assert texts == [], (model.__name__, texts)
