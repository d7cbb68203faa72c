"""The demo's history: last year's Leadership Bridge class from its applications to its close,
this year's first months, the analytics figures they give, and who may read their words.

The seed runs once for the module (``conftest.seeded``), inside a transaction rolled back at
the end, so the other test modules still start from an empty database.
"""

import datetime
from collections import defaultdict

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from analytics.models import CohortEngagementFact, CohortOutcomeFact, FactsRefresh
from analytics.selectors.purpose import purpose_progress
from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from demo.mentoring import texts
from demo.past_cohort import PAST
from demo.programs import BRIDGE, FIRST_WAVE
from goals.models import Goal, GoalCheckIn, GoalPlan, GoalStatus, Milestone
from goals.selectors import cohort_member_progress
from matching.models import MatchRun, Pair, PairMember, PairStatus, RunScope, RunStatus
from organizations.clock import local_date, organization_today
from organizations.models import Organization, User
from organizations.months import add_months, whole_months_between
from programs.models import ApplicantRole, ProgramStatus, Purpose
from sessions.models import (
    Attendance,
    CheckIn,
    LearningSession,
    Meeting,
    MeetingStatus,
    PrivateNote,
    ReinforcementPrompt,
)
from sessions.overview import cohort_overview

# The demo builds two organizations; these tests read both, as seed_demo does.
pytestmark = pytest.mark.across_organizations


@pytest.fixture
def acme(seeded, db):
    return Organization.objects.get(slug="acme")


@pytest.fixture
def past(acme):
    return Cohort.objects.select_related("program", "organization").get(program__name=PAST)


@pytest.fixture
def current(acme):
    return Cohort.objects.select_related("program", "organization").get(program__name=BRIDGE)


def _within(day: datetime.date, cohort: Cohort) -> bool:
    return cohort.program.start_date <= day <= cohort.program.end_date


def _first_pairs(cohort: Cohort) -> list[Pair]:
    """The pairs of the first publish that lasted the year."""
    first = MatchRun.objects.get(cohort=cohort, number=1)
    return list(Pair.objects.filter(match_run=first, status=PairStatus.ACTIVE))


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


# Last year's class ----------------------------------------------------------------------


def test_last_years_program_ran_from_fourteen_to_two_months_ago_and_is_closed(acme, past):
    program = past.program
    today = organization_today(acme)
    assert whole_months_between(program.start_date, today) in (13, 14)
    assert whole_months_between(program.end_date, today) in (1, 2)
    assert program.end_date == add_months(program.start_date, 12)
    assert (past.status, program.status) == (CohortStatus.COMPLETED, ProgramStatus.COMPLETED)
    assert local_date(past.activated_at, acme) == program.start_date
    assert local_date(program.status_changed_at, acme) == program.end_date
    assert program.purpose == Purpose.RETENTION
    assert program.target_metric == "12-month voluntary attrition of participants (%)"
    assert (program.target_baseline, program.target_value) == (15, 10)


def test_its_class_was_employed_and_eligible_when_it_applied_and_when_it_started(past):
    start = past.program.start_date
    participants = list(Participant.objects.filter(cohort=past).select_related("employee", "application"))
    mentees = [p for p in participants if p.role == ApplicantRole.MENTEE]
    assert len(mentees) >= 10 and len(participants) - len(mentees) >= 8
    assert len({p.employee.department for p in mentees}) >= 5
    for participant in participants:
        employee, application = participant.employee, participant.application
        assert application.eligible and application.evaluated_on < start
        assert employee.hire_date <= add_months(application.evaluated_on, -12)
        assert employee.termination_date is None or employee.termination_date > start


def test_it_was_matched_and_published_through_the_services_in_its_second_week(past):
    first = MatchRun.objects.get(cohort=past, number=1)
    assert (first.status, first.scope) == (RunStatus.PUBLISHED, RunScope.WHOLE_CLASS)
    assert first.matched_count == first.mentee_count >= 10
    published = local_date(first.published_at, past.organization)
    assert 7 <= (published - past.program.start_date).days <= 21
    assert Pair.objects.filter(match_run=first).count() == first.matched_count


def test_most_pairs_met_month_by_month_and_a_few_stalled(past):
    months_met: dict[int, set] = defaultdict(set)
    last_met: dict[int, datetime.date] = {}
    for meeting in Meeting.objects.filter(pair__cohort=past, status=MeetingStatus.HAPPENED):
        day = local_date(meeting.starts_at, past.organization)
        assert _within(day, past)
        assert meeting.created_at < meeting.starts_at < meeting.logged_at  # booked ahead, logged after
        months_met[meeting.pair_id].add(day.replace(day=1))
        last_met[meeting.pair_id] = max(last_met.get(meeting.pair_id, day), day)
    pairs = _first_pairs(past)
    regular = [p for p in pairs if len(months_met[p.pk]) >= 10]
    half_year_before_end = add_months(past.program.end_date, -6)
    stalled = [p for p in pairs if last_met.get(p.pk, datetime.date.min) < half_year_before_end]
    assert len(regular) >= len(pairs) // 2
    assert 1 <= len(stalled) <= 4
    assert len(set().union(*months_met.values())) == 12


def test_both_partners_kept_goal_plans_with_milestones_done_and_check_ins(past):
    for pair in _first_pairs(past):
        members = PairMember.objects.filter(pair=pair)
        assert GoalPlan.objects.filter(member__in=members, goals__isnull=False).distinct().count() == 2
    done = Milestone.objects.filter(goal__plan__member__pair__cohort=past, completed_at__isnull=False)
    assert done.count() >= 20
    assert all(_within(local_date(m.completed_at, past.organization), past) for m in done)
    goals = Goal.objects.filter(plan__member__pair__cohort=past)
    assert {GoalStatus.DONE, GoalStatus.ON_TRACK, GoalStatus.AT_RISK} <= set(
        goals.values_list("status", flat=True)
    )
    check_ins = GoalCheckIn.objects.filter(goal__plan__member__pair__cohort=past)
    assert check_ins.count() >= 2 * goals.count()
    assert all(_within(day, past) for day in check_ins.values_list("date", flat=True))


def test_relationship_check_ins_came_in_rounds_and_most_were_answered(past):
    checkins = CheckIn.objects.filter(pair__cohort=past)
    answered = checkins.filter(answered_at__isnull=False)
    assert len(set(checkins.values_list("round", flat=True))) >= 5
    assert answered.count() >= checkins.count() // 2
    assert all(_within(local_date(c.answered_at, past.organization), past) for c in answered)
    ratings = set(answered.values_list("usefulness", flat=True))
    assert min(ratings) <= 2 and max(ratings) == 5  # the stalled pairs say so


def test_learning_sessions_had_attendance_and_mentors_followed_them_up(past):
    sessions = LearningSession.objects.filter(cohort=past)
    assert sessions.count() >= 4
    for session in sessions:
        assert Attendance.objects.filter(session=session).exists(), session.title
    assert ReinforcementPrompt.objects.filter(session__cohort=past).exists()
    assert Meeting.objects.filter(pair__cohort=past, learning_session__isnull=False).exists()


def test_whoever_left_acme_during_the_year_was_withdrawn_and_their_pair_ended(past):
    start, end = past.program.start_date, past.program.end_date
    for participant in Participant.objects.filter(cohort=past).select_related("employee"):
        left = participant.employee.termination_date
        if left is None or not start <= left < end - datetime.timedelta(days=4):
            assert participant.status == ParticipantStatus.SELECTED
            continue
        assert participant.status == ParticipantStatus.WITHDRAWN
        assert local_date(participant.withdrawn_at, past.organization) > left
        for member in PairMember.objects.filter(participant=participant).select_related("pair"):
            assert member.pair.status == PairStatus.ENDED
            assert local_date(member.pair.ended_at, past.organization) > left


def test_nothing_of_last_year_is_dated_after_it_ended(past):
    """Every write happened at its moment, emails and tasks included, not on the day of the seed."""
    ended = past.program.end_date
    moments = {
        "meetings": Meeting.objects.filter(pair__cohort=past).values_list("updated_at", flat=True),
        "goals": Goal.objects.filter(plan__member__pair__cohort=past).values_list("updated_at", flat=True),
        "check-ins emailed": CheckIn.objects.filter(pair__cohort=past).values_list("emailed_at", flat=True),
        "pairs told": PairMember.objects.filter(pair__cohort=past).values_list("notified_at", flat=True),
        "attendance": Attendance.objects.filter(session__cohort=past).values_list("recorded_at", flat=True),
        "runs": MatchRun.objects.filter(cohort=past).values_list("created_at", flat=True),
    }
    for what, values in moments.items():
        days = [local_date(moment, past.organization) for moment in values]
        assert days and all(day <= ended for day in days), what
    assert CheckIn.objects.filter(pair__cohort=past, emailed_at__isnull=True).count() == 0


def test_its_retention_figure_is_the_rosters_own(acme, past):
    """Outcomes are not written by the seed: the program's actual equals the roster's leavers."""
    start = past.program.start_date
    window_end = add_months(start, 12)
    people = [p.employee for p in Participant.objects.filter(cohort=past).select_related("employee")]
    at_start = [
        e
        for e in people
        if e.hire_date <= start and (e.termination_date is None or e.termination_date > start)
    ]
    voluntary = [
        e
        for e in at_start
        if e.termination_date
        and start < e.termination_date <= window_end
        and e.termination_type == "voluntary"
    ]
    progress = purpose_progress(program=past.program)
    assert progress.actual == pytest.approx(round(100 * len(voluntary) / len(at_start), 2), abs=0.01)
    assert progress.non_participants is not None


def test_the_dashboard_has_figures_for_both_organizations_at_once(seeded, past, current):
    assert set(FactsRefresh.objects.values_list("organization__slug", flat=True)) == {"acme", "globex"}
    assert CohortOutcomeFact.objects.filter(cohort=past, window_complete=True).exists()
    assert CohortEngagementFact.objects.filter(cohort=current, meetings_held__gt=0).exists()
    hr = _client("hr@acme.example")
    assert hr.get(reverse("analytics:dashboard", args=["acme"])).status_code == 200
    purposes = hr.get("/api/v1/o/acme/analytics/purpose/").json()["results"]
    (last_year,) = [row for row in purposes if row["program"] == past.program_id]
    assert last_year["actual"] is not None and last_year["non_participants"] is not None


# This year's first months ----------------------------------------------------------------


def test_this_years_overview_shows_health_meetings_goals_sessions_and_check_ins(current):
    overview = cohort_overview(cohort=current)
    assert overview.total == FIRST_WAVE[ApplicantRole.MENTEE]
    assert overview.counts["healthy"] >= 2
    assert overview.counts["at_risk"] + overview.counts["stalled"] >= 2
    rows = overview.rows
    assert sum(row.meetings_held for row in rows) >= 10
    assert any(row.goals.milestones_percent for row in rows)
    assert any(row.attendance_percent for row in rows)
    assert any(row.checkin_average for row in rows)
    assert any(row.next_meeting_at for row in rows)  # booked ahead
    page = _client("manager@acme.example").get(reverse("mentoring:overview", args=["acme", current.pk]))
    assert page.status_code == 200
    assert "Healthy" in page.content.decode() and "Stalled" in page.content.decode()


def test_this_years_goal_page_shows_each_persons_numbers(current):
    rows = cohort_member_progress(current)
    assert len(rows) == 2 * FIRST_WAVE[ApplicantRole.MENTEE]
    assert all(row.progress.goals_total for row in rows)
    assert any(row.progress.milestones_completed for row in rows)
    page = _client("manager@acme.example").get(reverse("goals:cohort_progress", args=["acme", current.pk]))
    assert page.status_code == 200


# Privacy --------------------------------------------------------------------------------

PAIR_WORDS = sorted(
    {goal.title for goal in texts.MENTEE_GOALS + texts.MENTOR_GOALS}
    | {goal.description for goal in texts.MENTEE_GOALS + texts.MENTOR_GOALS if goal.description}
    | {goal.success_measure for goal in texts.MENTEE_GOALS + texts.MENTOR_GOALS}
    | {title for goal in texts.MENTEE_GOALS + texts.MENTOR_GOALS for title in goal.milestones}
    | {comment for comment in texts.GOAL_CHECK_IN_COMMENTS if comment}
    | set(texts.TOPICS)
    | set(texts.SHARED_NOTES)
    | set(texts.PRIVATE_NOTES)
    | set(texts.ACTION_ITEMS)
    | {"meeting room 4.12", "meet.acme.example/%d-"}
)
CHECKIN_WORDS = sorted({comment for comments in texts.CHECKIN_COMMENTS.values() for comment in comments})


def _oversight_pages(cohorts) -> list[str]:
    pages = [
        reverse("mentoring:cohorts", args=["acme"]),
        reverse("goals:home", args=["acme"]),
        reverse("mentoring:my_mentoring", args=["acme"]),
    ]
    for cohort in cohorts:
        for name in (
            "mentoring:overview",
            "mentoring:overview_csv",
            "mentoring:checkin_answers",
            "mentoring:sessions",
        ):
            pages.append(reverse(name, args=["acme", cohort.pk]))
        pages.append(reverse("goals:cohort_progress", args=["acme", cohort.pk]))
    pages.append(reverse("analytics:dashboard", args=["acme"]))
    # The API these roles read, with the same session.
    for endpoint in ("meetings", "goal-plans", "goal-summary", "pair-health", "pairs", "learning-sessions"):
        pages.append(f"/api/v1/o/acme/{endpoint}/?page_size=500")
    for figures in ("retention", "engagement", "talent", "purpose"):
        pages.append(f"/api/v1/o/acme/analytics/{figures}/")
    return pages


def _shows(text: str, words: str) -> bool:
    """Whether a page shows ``words``, as written or HTML-escaped (an apostrophe becomes &#x27;)."""
    return words in text or escape(words) in text


def _words_in(text: str, words, pair_ids) -> list[str]:
    found = [w for w in words if "%d" not in w and _shows(text, w)]
    found += [w % pk for w in words if "%d" in w for pk in pair_ids if _shows(text, w % pk)]
    return found


@pytest.mark.parametrize(
    "email", ["manager@acme.example", "admin@acme.example", "hr@acme.example", "leader@acme.example"]
)
def test_managers_hr_and_leaders_see_no_goal_or_meeting_words(email, past, current):
    client = _client(email)
    pair_ids = list(Pair.objects.values_list("pk", flat=True))
    seen = ""
    for url in _oversight_pages([past, current]):
        response = client.get(url)
        # A refusal (managers must name a program for analytics, HR may not see health) shows nothing.
        assert response.status_code in (200, 400, 403, 404), url
        if response.status_code == 200:
            seen += response.content.decode()
    assert _words_in(seen, PAIR_WORDS, pair_ids) == []
    if email in ("hr@acme.example", "leader@acme.example"):
        assert _words_in(seen, CHECKIN_WORDS, pair_ids) == []


def test_check_in_comments_reach_the_program_manager(current, past):
    page = _client("manager@acme.example").get(reverse("mentoring:checkin_answers", args=["acme", past.pk]))
    assert _words_in(page.content.decode(), CHECKIN_WORDS, []) != []


def test_a_private_note_is_read_by_its_author_and_not_by_their_partner(current):
    note = (
        PrivateNote.objects.filter(meeting__pair__cohort=current).select_related("meeting", "author").first()
    )
    partner = (
        PairMember.objects.filter(pair=note.meeting.pair_id)
        .exclude(participant__employee__user=note.author)
        .select_related("participant__employee__user")
        .get()
    )
    url = reverse("mentoring:meeting", args=["acme", note.meeting_id])
    assert _shows(_client(note.author.email).get(url).content.decode(), note.text)
    partner_page = _client(partner.participant.employee.user.email).get(url)
    assert partner_page.status_code == 200 and not _shows(partner_page.content.decode(), note.text)


def test_a_goal_is_read_by_its_owner_and_partner_but_not_the_manager(current):
    goal = Goal.objects.filter(plan__member__pair__cohort=current).select_related("plan__member").first()
    member = goal.plan.member
    url = reverse("goals:plan", args=["acme", member.pk])
    people = PairMember.objects.filter(pair=member.pair_id).select_related("participant__employee__user")
    for person in people:
        assert _shows(_client(person.participant.employee.user.email).get(url).content.decode(), goal.title)
    manager_page = _client("manager@acme.example").get(url)
    assert not _shows(manager_page.content.decode(), goal.title)
