"""Goal plans in a real browser: a mentee writes a goal with a milestone, checks in, runs into
the milestone-date rule, completes the milestone (HTMX), names an outside accountability
partner; the mentor reads the plan; the outside partner opens the link, then an expired one;
the manager sees numbers only. Screenshots go to artifacts/screenshots/goals-*.png."""

import datetime
import re

import pytest
from django.utils import timezone

from goals.models import AccountabilityPartner, Goal, GoalCheckIn, Milestone
from matching.models import MemberRole
from tests.goals.factories import GoalFactory, GoalPlanFactory, MilestoneFactory, linked_pair, member_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _date(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_a_goal_plan_from_first_goal_to_a_win(page, sign_in, screenshot, org, mentee, mentor, manager):
    pair = linked_pair(org, mentor=mentor, mentee=mentee)
    mentee_member = member_in(pair, MemberRole.MENTEE)
    mentor_plan = GoalPlanFactory(member=member_in(pair, MemberRole.MENTOR))
    mentor_goal = GoalFactory(
        plan=mentor_plan,
        title="Understand how Finance plans the year",
        category="skill",
        success_measure="Explain our budget cycle to my own team without notes.",
        status="on_track",
    )
    MilestoneFactory(goal=mentor_goal, title="Sit in on a forecast review", due_date=timezone.localdate())

    sign_in(page, mentee)
    page.goto(f"/o/{org.slug}/")
    page.get_by_role("link", name="Goals").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Your goal plans").is_visible()
    screenshot(page, "goals-home-first-time")

    page.get_by_role("button", name="Open my plan").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="What is a goal plan?").is_visible()
    screenshot(page, "goals-plan-empty")

    page.get_by_role("button", name="Write your first goal").click()
    page.fill("input[name=title]", "Lead the Q3 pricing review")
    page.select_option("select[name=category]", "leadership")
    page.fill("textarea[name=description]", "I want to practise leading people who don't report to me.")
    page.fill("textarea[name=success_measure]", "The review is presented to the leadership team and adopted.")
    page.fill("input[name=target_date]", _date(120))
    page.select_option("select[name=status]", "on_track")
    screenshot(page, "goals-add-goal-form")
    page.get_by_role("button", name="Add goal").click()
    page.wait_for_load_state("networkidle")
    goal = Goal.objects.get(plan__member=mentee_member)

    card = page.locator(f"#goal-{goal.pk}")
    card.locator("summary", has_text="Add a milestone").click()
    card.locator("input[name=title]").fill("Draft the review plan")
    card.locator("input[name=due_date]").fill(_date(30))
    card.get_by_role("button", name="Add milestone").click()
    page.wait_for_load_state("networkidle")
    milestone = Milestone.objects.get(goal=goal)

    card = page.locator(f"#goal-{goal.pk}")
    card.locator("summary", has_text="Check in").click()
    card.locator("input[name=progress]").fill("25")
    card.locator("textarea[name=comment]").fill("Kick-off booked; Sales is slow to reply.")
    card.get_by_role("button", name="Save check-in").click()
    page.wait_for_load_state("networkidle")
    assert GoalCheckIn.objects.get(goal=goal).progress == 25

    # A milestone after the goal's target date: the browser's own max is lifted to reach the server.
    card = page.locator(f"#goal-{goal.pk}")
    card.locator("summary", has_text="Add a milestone").click()
    card.locator("input[name=due_date]").evaluate("el => el.removeAttribute('max')")
    card.locator("input[name=title]").fill("Celebrate with the team")
    card.locator("input[name=due_date]").fill(_date(200))
    card.get_by_role("button", name="Add milestone").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("is after the goal's target date").is_visible()
    assert Milestone.objects.filter(goal=goal).count() == 1
    screenshot(page, "goals-milestone-error")
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_load_state("networkidle")

    row = page.locator(f"#milestone-{milestone.pk}")
    row.get_by_role("button", name="Mark done").click()
    page.locator(f"#milestone-{milestone.pk}.milestone-done").wait_for()
    milestone.refresh_from_db()
    assert milestone.completed_by == mentee
    screenshot(page, "goals-plan")

    page.get_by_role("button", name="Change").click()
    page.check("input[value=outside]")
    page.fill("input[name=name]", "Olivia Okafor")
    page.fill("input[name=email]", "olivia@elsewhere.test")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    link = page.locator(".new-link input").input_value()
    assert re.search(r"/goals/shared/[\w-]+/$", link)
    screenshot(page, "goals-partner-link")

    page.context.clear_cookies()
    sign_in(page, mentor)
    page.goto(f"/o/{org.slug}/goals/")
    screenshot(page, "goals-home-mentor")
    page.get_by_role("button", name="Read plan").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Lead the Q3 pricing review").is_visible()
    assert page.get_by_role("button", name="Mark done").count() == 0
    screenshot(page, "goals-partner-view")

    page.context.clear_cookies()
    # The emailed link names SITE_URL; the live server answers the same path.
    page.goto("/goals/shared/" + link.split("/goals/shared/")[1])
    assert page.get_by_text("Hello Olivia Okafor.").is_visible()
    assert page.get_by_text("Draft the review plan").is_visible()
    screenshot(page, "goals-shared-plan")
    AccountabilityPartner.objects.filter(kind="outside").update(
        link_expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    page.reload()
    assert page.get_by_role("heading", name="This link has expired").is_visible()
    screenshot(page, "goals-shared-expired")

    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/goals/")
    page.get_by_role("link", name=re.compile(pair.cohort.name)).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("cell", name="Mia Mentee").count() == 2  # her row, and her mentor's partner
    content = page.content()
    for private in ("Lead the Q3 pricing review", "Draft the review plan", "Sales is slow", "Finance plans"):
        assert private not in content
    screenshot(page, "goals-cohort-progress")
