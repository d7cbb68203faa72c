"""The mentoring year in a real browser: a mentee and a mentor each sign in, write a goal with a
milestone, schedule a meeting, log one with notes (shared and private) and an action item, and
complete a milestone; the program manager schedules a learning session, takes attendance, and
sees the pair as healthy in the cohort overview — with no note text anywhere on the page.
Screenshots go to artifacts/screenshots/mentoring-*.png."""

import datetime

import pytest
from django.utils import timezone

from goals.models import Goal, Milestone
from matching.models import MemberRole
from programs.models import Application
from sessions.models import ActionItem, Attendance, LearningSession, Meeting, MeetingStatus, PrivateNote
from tests.cohorts.factories import CohortFactory
from tests.factories import EmployeeFactory
from tests.matching.factories import published_pair
from tests.sessions.factories import CheckInFactory, program_year_around_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHECKIN_COMMENT = "Marco is great, but we keep moving our meetings."
SHARED_NOTES = "We mapped who decides on pricing and who only advises."
TOPICS = "Stakeholder map for the pricing review"
MENTEE_PRIVATE = "I still feel unsure about speaking up in the leadership meeting."
MENTOR_PRIVATE = "Mia undersells her work; push her to present the review herself."
ACTION_ITEM = "Send Mia the stakeholder template"


def _day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _add_goal_with_milestone(page, *, title: str, measure: str, milestone: str) -> Milestone:
    page.get_by_role("button", name="Write my first goal").click()
    page.wait_for_load_state("networkidle")
    if page.get_by_role("button", name="Write your first goal").count():
        page.get_by_role("button", name="Write your first goal").click()
        page.wait_for_load_state("networkidle")
    page.fill("input[name=title]", title)
    page.select_option("select[name=category]", "leadership")
    page.fill("textarea[name=success_measure]", measure)
    page.fill("input[name=target_date]", _day(120))
    page.select_option("select[name=status]", "on_track")
    page.get_by_role("button", name="Add goal").click()
    page.wait_for_load_state("networkidle")
    goal = Goal.objects.get(title=title)
    card = page.locator(f"#goal-{goal.pk}")
    card.locator("summary", has_text="Add a milestone").click()
    card.locator("input[name=title]").fill(milestone)
    card.locator("input[name=due_date]").fill(_day(30))
    card.get_by_role("button", name="Add milestone").click()
    page.wait_for_load_state("networkidle")
    return Milestone.objects.get(goal=goal)


def _open_pair_space(page, org):
    page.goto(f"/o/{org.slug}/")
    page.get_by_role("link", name="Mentoring", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Open our space").click()
    page.wait_for_load_state("networkidle")


def test_a_mentoring_year_from_first_meeting_to_a_healthy_pair(
    page, sign_in, screenshot, org, mentor, mentee, manager
):
    start, end = program_year_around_today()
    cohort = CohortFactory(
        program__organization=org,
        program__start_date=start,
        program__end_date=end,
        program__name="Rising Leaders 2026",
        program__status="active",
        program__meeting_cadence_days=14,
        status="active",
        name="Class of 2026",
    )
    pair = published_pair(
        cohort,
        mentor_employee=EmployeeFactory(
            organization=org, user=mentor, name="Marco Mentor", department="Finance", level=6
        ),
        mentee_employee=EmployeeFactory(
            organization=org, user=mentee, name="Mia Mentee", department="Engineering", level=2
        ),
        published_at=timezone.now() - datetime.timedelta(days=20),
    )
    for user, name in ((mentor, "Marco Mentor"), (mentee, "Mia Mentee")):
        user.full_name = name
        user.save()
    Application.objects.filter(employee__user=mentor).update(
        offer="Twelve years in Finance; budgeting, pricing and presenting to the board."
    )
    Application.objects.filter(employee__user=mentee).update(
        learning_goals="Leading without authority; presenting numbers to leadership."
    )
    mentee_member = pair.members.get(role=MemberRole.MENTEE)
    CheckInFactory(pair=pair, member=mentee_member)  # the first relationship check-in is due

    # The mentee: her space, a goal with a milestone, a meeting scheduled and one logged.
    sign_in(page, mentee)
    page.goto(f"/o/{org.slug}/")
    page.get_by_role("link", name="Mentoring", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="My mentoring").is_visible()
    screenshot(page, "mentoring-my-mentoring")
    page.get_by_role("button", name="Open our space").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="You and Marco Mentor").is_visible()
    screenshot(page, "mentoring-pair-space-first-visit")

    page.get_by_role("button", name="Answer the check-in").click()
    page.wait_for_load_state("networkidle")
    page.locator("input[name=met_as_planned][value=yes]").check()
    page.locator("input[name=would_continue][value=yes]").check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Rate how useful the relationship is").first.is_visible()
    screenshot(page, "mentoring-checkin-refused")
    page.locator("input[name=usefulness][value='4']").check()
    page.fill("textarea[name=comment]", CHECKIN_COMMENT)
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Thank you! Your answers are with the program team.").is_visible()

    mentee_milestone = _add_goal_with_milestone(
        page,
        title="Lead the Q3 pricing review",
        measure="The review is presented to the leadership team and adopted.",
        milestone="Draft the review plan",
    )

    _open_pair_space(page, org)
    page.get_by_role("button", name="Schedule a meeting").first.click()
    page.wait_for_load_state("networkidle")
    page.fill("input[name=date]", _day(-1))
    page.fill("input[name=time]", "16:00")
    page.fill("input[name=duration_minutes]", "45")
    page.fill("input[name=video_url]", "https://meet.example.com/mia-marco")
    page.get_by_role("button", name="Save the meeting").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("That time has already passed").is_visible()
    assert not Meeting.objects.exists()
    screenshot(page, "mentoring-meeting-in-the-past-refused")

    page.fill("input[name=date]", _day(7))
    page.get_by_role("button", name="Save the meeting").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Meeting scheduled for").is_visible()
    screenshot(page, "mentoring-meeting-scheduled")

    page.get_by_role("link", name="Back to your space").click()
    page.get_by_role("button", name="Schedule a meeting").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("already happened: I want to log it").check()
    page.fill("input[name=date]", _day(-1))
    page.fill("input[name=time]", "16:00")
    page.fill("input[name=duration_minutes]", "50")
    page.get_by_label("In person").check()
    page.fill("input[name=location]", "Café on the 3rd floor")
    page.get_by_role("button", name="Save the meeting").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="How did the meeting go?").is_visible()
    page.fill("textarea[name=topics]", TOPICS)
    page.fill("textarea[name=shared_notes]", SHARED_NOTES)
    page.fill("input[name=items-0-text]", ACTION_ITEM)
    page.select_option("select[name=items-0-owner]", label="Marco Mentor")
    page.fill("input[name=items-0-due_on]", _day(5))
    page.fill("textarea[name=private_note]", MENTEE_PRIVATE)
    screenshot(page, "mentoring-meeting-log-form")
    page.get_by_role("button", name="Save the log").click()
    page.wait_for_load_state("networkidle")
    logged = Meeting.objects.get(status=MeetingStatus.HAPPENED)
    assert (logged.topics, logged.duration_minutes) == (TOPICS, 50)
    assert page.get_by_text(MENTEE_PRIVATE).is_visible()
    screenshot(page, "mentoring-meeting-detail-mentee")

    page.goto(f"/o/{org.slug}/goals/plans/{mentee_member.pk}/")
    page.locator(f"#milestone-{mentee_milestone.pk}").get_by_role("button", name="Mark done").click()
    page.locator(f"#milestone-{mentee_milestone.pk}.milestone-done").wait_for()
    _open_pair_space(page, org)
    assert page.get_by_text("Draft the review plan").first.is_visible()
    screenshot(page, "mentoring-pair-space-mentee")

    # The mentor: his own goal, his private note, the action item ticked off.
    page.context.clear_cookies()
    sign_in(page, mentor)
    _open_pair_space(page, org)
    assert page.get_by_text(SHARED_NOTES).count() == 0  # notes are on the meeting page, topics in the list
    assert page.get_by_text(TOPICS).is_visible()
    assert page.get_by_text(MENTEE_PRIVATE).count() == 0
    _add_goal_with_milestone(
        page,
        title="Understand how Engineering plans its roadmap",
        measure="Explain our roadmap process to the Finance team.",
        milestone="Sit in on a sprint review",
    )
    _open_pair_space(page, org)
    page.locator("table").get_by_role("link", name="Open").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(SHARED_NOTES).is_visible()
    assert page.get_by_text(MENTEE_PRIVATE).count() == 0
    page.fill("textarea[name=text]", MENTOR_PRIVATE)
    page.get_by_role("button", name="Save my note").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name=f"Mark “{ACTION_ITEM}” as done").click()
    page.wait_for_load_state("networkidle")
    assert ActionItem.objects.get().done
    assert PrivateNote.objects.count() == 2
    screenshot(page, "mentoring-meeting-detail-mentor")

    # The manager: a learning session, its attendance, and the overview.
    page.context.clear_cookies()
    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/")
    page.get_by_role("link", name="Mentoring", exact=True).click()
    page.get_by_role("button", name="Cohort overviews").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "mentoring-cohorts")
    page.get_by_role("link", name="Learning sessions").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Schedule a session").click()
    page.wait_for_load_state("networkidle")
    page.fill("input[name=title]", "Giving feedback that lands")
    page.select_option("select[name=kind]", "workshop")
    page.fill("input[name=date]", _day(-1))
    page.fill("input[name=time]", "09:30")
    page.fill("input[name=duration_minutes]", "90")
    page.fill("input[name=location]", "Room 4.12")
    page.fill(
        "textarea[name=discussion_guide]",
        "Which feedback did you receive this month?\nWhat did you do with it, and what would you change?",
    )
    screenshot(page, "mentoring-session-form")
    page.get_by_role("button", name="Schedule it").click()
    page.wait_for_load_state("networkidle")
    session = LearningSession.objects.get()
    page.get_by_label("Mia Mentee").check()
    page.get_by_label("Marco Mentor").check()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state("networkidle")
    assert Attendance.objects.filter(session=session).count() == 2
    assert page.get_by_text("Attendance saved: 2 people attended.").is_visible()
    screenshot(page, "mentoring-session-attendance")

    page.goto(f"/o/{org.slug}/mentoring/cohorts/{cohort.pk}/")
    row = page.locator("tbody tr").filter(has_text="Mia Mentee")
    assert row.locator(".badge", has_text="Healthy").is_visible()
    assert "100%" in row.inner_text()  # both attended the one session that has ended
    content = page.content()
    for text in (
        TOPICS,
        SHARED_NOTES,
        MENTEE_PRIVATE,
        MENTOR_PRIVATE,
        ACTION_ITEM,
        CHECKIN_COMMENT,
        "Lead the Q3 pricing review",
        "Café on the 3rd floor",
    ):
        assert text not in content
    screenshot(page, "mentoring-overview")
    page.get_by_role("button", name="Check-in answers").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(CHECKIN_COMMENT).is_visible()  # comments are for the program team
    screenshot(page, "mentoring-checkin-answers")

    # The mentor again: the session's guide is the topic to reinforce.
    page.context.clear_cookies()
    sign_in(page, mentor)
    _open_pair_space(page, org)
    assert page.get_by_role("heading", name="Topic to reinforce in your next meeting").is_visible()
    screenshot(page, "mentoring-pair-space-mentor")

    page.goto(f"/o/{org.slug}/mentoring/calendar/")
    page.get_by_role("button", name="Make my calendar address").click()
    page.wait_for_load_state("networkidle")
    feed = page.locator("#feed-url").inner_text()
    assert "/calendar/" in feed and feed.endswith(".ics")
    screenshot(page, "mentoring-calendar-feed")
