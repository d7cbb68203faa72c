"""The README's demo path ("A walk through the year", steps 1-6) in a real browser, on the real
seeded demo, as the role each step names and with the README's accounts and password.

The seed takes a while, so one test walks every step in order (step 3 needs step 2's publish).
Screenshots go to artifacts/screenshots/readme-*.png.
"""

import datetime

import pytest
from django.utils import timezone

from cohorts.models import TrustProfile
from demo.management.commands.seed_demo import DEMO_PASSWORD
from goals.models import Goal, Milestone
from matching.models import ForbiddenPair, MatchRun, Pair, PinnedPair, RunStatus
from matching.selectors import mentors_without_mentee
from organizations.models import User
from sessions.models import LearningSession, Meeting, MeetingStatus, PrivateNote
from tests.demo.seeding import seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.across_organizations]

ORG = "/o/acme"
GOAL = "Present the Q1 sales forecast to the leadership team"
MILESTONE = "Draft the forecast with my mentor"
PRIVATE = "I am nervous about presenting to the directors."
GUIDE = "Which conversation did you avoid this month, and what would coaching have changed?"


def _day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _go(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _click(locator) -> None:
    locator.click()
    locator.page.wait_for_load_state("networkidle")


def _as(page, sign_in, email: str) -> None:
    page.context.clear_cookies()
    sign_in(page, User.objects.get(email=email), password=DEMO_PASSWORD)


def _no_private_text(page) -> None:
    """No goal, milestone or note text of the demo's pairs anywhere on the page."""
    content = page.content()
    for text in [
        *Goal.objects.values_list("title", flat=True)[:60],
        *Milestone.objects.values_list("title", flat=True)[:60],
        *PrivateNote.objects.values_list("text", flat=True)[:30],
        *Meeting.objects.exclude(shared_notes="").values_list("shared_notes", flat=True)[:30],
    ]:
        assert text not in content, text


def test_the_readme_demo_path_works_as_written(page, sign_in, screenshot):
    seed()
    readme_accounts = ["admin", "manager", "hr", "leader", "mentor", "mentee"]
    assert User.objects.filter(email__in=[f"{name}@acme.example" for name in readme_accounts]).count() == 6

    # 1. The manager: Mentoring → Cohort overviews lists both Leadership Bridge cohorts.
    _as(page, sign_in, "manager@acme.example")
    _go(page, f"{ORG}/")
    steps = page.locator("section", has=page.get_by_role("heading", name="Your next steps"))
    assert steps.get_by_text("people waiting to be matched").is_visible()
    assert steps.get_by_text("pairs need attention").is_visible()
    screenshot(page, "readme-1-manager-overview")
    _click(page.get_by_role("navigation").get_by_role("link", name="Mentoring", exact=True))
    _click(page.get_by_role("button", name="Cohort overviews"))
    cards = page.locator("article.card")
    assert cards.filter(has_text="Leadership Bridge 2026").get_by_role("link", name="2026 class").is_visible()
    assert cards.filter(has_text="Leadership Bridge 2025").get_by_role("link", name="2025 class").is_visible()
    screenshot(page, "readme-1-cohort-overviews")
    _click(page.get_by_role("link", name="Pair overview").first)
    assert page.get_by_role("heading", name="2026 class").is_visible()
    rows = page.locator("tbody tr")
    for health in ("Healthy", "At risk", "Stalled"):
        assert rows.locator(".badge", has_text=health).first.is_visible(), health
    assert rows.get_by_text("has not met once").is_visible()
    _no_private_text(page)
    screenshot(page, "readme-1-overview-2026")
    _click(page.locator("a", has_text="Check-in answers"))
    screenshot(page, "readme-1-checkin-answers")
    _go(page, f"{ORG}/mentoring/cohorts/")
    _click(page.get_by_role("link", name="Pair overview").nth(1))
    assert page.get_by_role("heading", name="2025 class").is_visible()
    _no_private_text(page)
    screenshot(page, "readme-1-overview-2025")

    # Before matching, the mentee's next step says the match is being prepared.
    _as(page, sign_in, "mentee@acme.example")
    _go(page, f"{ORG}/")
    assert page.get_by_text("your match is being prepared").is_visible()
    screenshot(page, "readme-1-mentee-overview-before-matching")
    _as(page, sign_in, "manager@acme.example")

    # 2. Matching → Leadership Bridge 2026: run for the latecomers, pin, forbid, swap, run again,
    # compare, publish.
    _go(page, f"{ORG}/")
    _click(page.get_by_role("navigation").get_by_role("link", name="Matching"))
    screenshot(page, "readme-2-matching-home")
    _click(page.get_by_role("link", name="2026 class").first)
    assert page.get_by_text("Published").first.is_visible()
    screenshot(page, "readme-2-matching-2026")
    published_before = Pair.objects.filter(cohort__name="2026 class").count()
    _click(page.get_by_role("button", name="Run matching"))
    first = MatchRun.objects.filter(cohort__name="2026 class").order_by("-number").first()
    assert first.status == RunStatus.DRAFT
    proposed = list(first.proposed_pairs.order_by("id"))
    assert len(proposed) >= 4, [str(p) for p in proposed]
    assert page.locator("dl.breakdown").count() == len(proposed)
    screenshot(page, "readme-2-run-latecomers")

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#pair-{proposed[0].pk}").get_by_role("button", name="Pin", exact=True).click()
    page.locator(f"#pair-{proposed[0].pk} .flag-pin").wait_for()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#pair-{proposed[1].pk}").get_by_role("button", name="Never pair").click()
    page.locator(f"#pair-{proposed[1].pk} .flag-forbid").wait_for()
    assert PinnedPair.objects.count() == 1 and ForbiddenPair.objects.count() == 1
    page.select_option("select[name=first]", str(proposed[2].pk))
    page.select_option("select[name=second]", str(proposed[3].pk))
    _click(page.get_by_role("button", name="Preview the swap"))
    page.locator("#swap-preview").get_by_text("Run total").wait_for()
    page.locator("#swap").scroll_into_view_if_needed()
    screenshot(page, "readme-2-swap-preview")
    _click(page.get_by_role("button", name="Apply this swap"))
    assert page.get_by_text("Both pairs are pinned, so running again keeps them").is_visible()
    screenshot(page, "readme-2-swapped")

    _click(page.get_by_role("button", name="Run again, keeping pins"))
    second = MatchRun.objects.filter(cohort__name="2026 class").order_by("-number").first()
    assert second.number == first.number + 1
    assert second.proposed_pairs.get(mentee=proposed[2].mentee).mentor_id == proposed[3].mentor_id
    assert second.proposed_pairs.get(mentee=proposed[3].mentee).mentor_id == proposed[2].mentor_id
    assert second.proposed_pairs.get(mentee=proposed[0].mentee).mentor_id == proposed[0].mentor_id
    screenshot(page, "readme-2-run-again")
    _click(page.get_by_role("link", name=f"Compare it with run {first.number}"))
    assert page.get_by_role("heading", name=f"Run {first.number} → run {second.number}").is_visible()
    screenshot(page, "readme-2-compare")

    _go(page, f"{ORG}/matching/runs/{second.pk}/publish/")
    idle = sorted(m.employee.name for m in mentors_without_mentee(second))
    assert idle, "the README promises mentors left without a mentee"
    for name in idle:
        assert page.locator("#without-mentee").get_by_text(name).is_visible()
    screenshot(page, "readme-2-publish-preview")
    _click(page.get_by_role("button", name="Publish"))
    message = page.locator(".messages, [role=status], [role=alert]").first.inner_text()
    for name in idle:
        assert name in message, (name, message)
    assert Pair.objects.filter(cohort__name="2026 class").count() > published_before
    screenshot(page, "readme-2-published")
    _go(page, f"{ORG}/")
    screenshot(page, "readme-2-manager-overview-after-publish")

    # 3. The mentee: Mentoring opens the pair space with the mentor's trust profile; a goal with a
    # milestone; a meeting scheduled, and one logged with a private note.
    _as(page, sign_in, "mentee@acme.example")
    _go(page, f"{ORG}/")
    assert page.get_by_text("Plan your first meeting").is_visible()
    assert page.get_by_text("Write your goal plan").is_visible()
    # Only sessions meant for a mentee (the seeded "Coaching skills" one is for mentors only).
    assert page.get_by_text("Coaching skills for mentors").count() == 0
    screenshot(page, "readme-3-mentee-overview")
    _click(page.get_by_role("navigation").get_by_role("link", name="Mentoring", exact=True))
    screenshot(page, "readme-3-my-mentoring")
    if page.get_by_role("button", name="Open our space").count():
        _click(page.get_by_role("button", name="Open our space"))
    mentee = User.objects.get(email="mentee@acme.example")
    pair = Pair.objects.get(members__participant__employee__user=mentee, cohort__name="2026 class")
    mentor_member = pair.members.exclude(participant__employee__user=mentee).get()
    mentor_name = mentor_member.participant.employee.name
    assert page.get_by_role("heading", name=f"You and {mentor_name}").is_visible()
    purpose = TrustProfile.objects.get(participant=mentor_member.participant).purpose_statement
    assert purpose and page.get_by_text(purpose).first.is_visible()
    screenshot(page, "readme-3-pair-space")

    _click(page.get_by_role("navigation").get_by_role("link", name="Goals"))
    screenshot(page, "readme-3-goals")
    for name in ("Open my plan", "Write my first goal", "Write your first goal"):
        if page.get_by_role("button", name=name).count():
            _click(page.get_by_role("button", name=name))
    page.fill("input[name=title]", GOAL)
    page.select_option("select[name=category]", "leadership")
    page.fill("textarea[name=success_measure]", "The leadership team uses my forecast in January.")
    page.fill("input[name=target_date]", _day(90))
    page.select_option("select[name=status]", "on_track")
    _click(page.get_by_role("button", name="Add goal"))
    goal = Goal.objects.get(title=GOAL)
    card = page.locator(f"#goal-{goal.pk}")
    card.locator("summary", has_text="Add a milestone").click()
    card.locator("input[name=title]").fill(MILESTONE)
    card.locator("input[name=due_date]").fill(_day(30))
    _click(card.get_by_role("button", name="Add milestone"))
    assert Milestone.objects.filter(goal=goal, title=MILESTONE).exists()
    screenshot(page, "readme-3-goal-plan")

    _click(page.get_by_role("navigation").get_by_role("link", name="Mentoring", exact=True))
    if page.get_by_role("button", name="Open our space").count():
        _click(page.get_by_role("button", name="Open our space"))
    _click(page.get_by_role("button", name="Schedule a meeting").first)
    page.fill("input[name=date]", _day(7))
    page.fill("input[name=time]", "16:00")
    page.fill("input[name=duration_minutes]", "45")
    _click(page.get_by_role("button", name="Save the meeting"))
    assert page.get_by_text("Meeting scheduled for").is_visible()
    screenshot(page, "readme-3-meeting-scheduled")
    _click(page.get_by_role("link", name="Back to your space"))
    _click(page.get_by_role("button", name="Schedule a meeting").first)
    page.get_by_label("already happened: I want to log it").check()
    page.fill("input[name=date]", _day(-1))
    page.fill("input[name=time]", "16:00")
    page.fill("input[name=duration_minutes]", "50")
    _click(page.get_by_role("button", name="Save the meeting"))
    page.fill("textarea[name=topics]", "Forecast outline")
    page.fill("textarea[name=private_note]", PRIVATE)
    screenshot(page, "readme-3-meeting-log-form")
    _click(page.get_by_role("button", name="Save the log"))
    assert Meeting.objects.filter(
        pair=pair, status=MeetingStatus.HAPPENED, topics="Forecast outline"
    ).exists()
    assert page.get_by_text(PRIVATE).is_visible()
    screenshot(page, "readme-3-meeting-logged")

    # The mentor keeps a goal plan too.
    _as(page, sign_in, "mentor@acme.example")
    _click(page.get_by_role("link", name="Goals").first)
    screenshot(page, "readme-3-mentor-goals")

    # 4. The manager: the next learning session is scheduled; schedule another with a discussion
    # guide, mark attendance of a past one, and the overview changes.
    _as(page, sign_in, "manager@acme.example")
    _go(page, f"{ORG}/mentoring/cohorts/")
    _click(page.get_by_role("link", name="Pair overview").first)
    sessions_before = page.locator("tbody").inner_text()
    _click(page.locator("a", has_text="Learning sessions").first)
    now = timezone.now()
    assert LearningSession.objects.filter(cohort__name="2026 class", starts_at__gt=now).exists()
    screenshot(page, "readme-4-sessions")
    _click(page.get_by_role("button", name="Schedule a session"))
    page.fill("input[name=title]", "Difficult conversations")
    page.select_option("select[name=kind]", "workshop")
    page.fill("input[name=date]", _day(21))
    page.fill("input[name=time]", "10:00")
    page.fill("input[name=duration_minutes]", "90")
    page.fill("textarea[name=discussion_guide]", GUIDE)
    _click(page.get_by_role("button", name="Schedule it"))
    assert LearningSession.objects.filter(title="Difficult conversations").exists()
    screenshot(page, "readme-4-session-scheduled")
    _go(page, f"{ORG}/mentoring/cohorts/")
    _click(page.get_by_role("link", name="Learning sessions").first)
    past = LearningSession.objects.filter(cohort__name="2026 class", starts_at__lt=now).order_by(
        "-starts_at"
    )[0]
    _click(page.get_by_role("link", name=past.title))
    for box in page.locator("input[name=attended]").all():
        if not box.is_checked():
            box.check()
    _click(page.get_by_role("button", name="Save attendance"))
    assert page.get_by_text("Attendance saved").is_visible()
    screenshot(page, "readme-4-attendance")
    _go(page, f"{ORG}/mentoring/cohorts/")
    _click(page.get_by_role("link", name="Pair overview").first)
    assert page.locator("tbody").inner_text() != sessions_before
    screenshot(page, "readme-4-overview-after")

    # 5. HR: Analytics is the retention dashboard.
    _as(page, sign_in, "hr@acme.example")
    _go(page, f"{ORG}/")
    _click(page.get_by_role("navigation").get_by_role("link", name="Analytics"))
    for heading in ("12-month retention", "Purpose: target against actual", "Engagement", "Talent outcomes"):
        assert page.get_by_role("heading", name=heading).first.is_visible(), heading
    assert page.get_by_text("Comparison group").first.is_visible()
    purpose = page.locator("section", has=page.get_by_role("heading", name="Purpose: target against actual"))
    assert "Leadership Bridge 2025" in purpose.first.inner_text()
    _no_private_text(page)
    screenshot(page, "readme-5-analytics")

    # 6. The mentee on Programs: Acme Rising is open, but they are already in an active cohort.
    _as(page, sign_in, "mentee@acme.example")
    _go(page, f"{ORG}/")
    _click(page.get_by_role("navigation").get_by_role("link", name="Programs"))
    screenshot(page, "readme-6-programs")
    _click(page.get_by_role("link", name="Acme Rising 2027").first)
    assert page.get_by_text("You can't apply to this program today").is_visible()
    assert page.get_by_text("already taking part in an active cohort").first.is_visible()
    assert page.locator("textarea").count() == 0
    screenshot(page, "readme-6-not-eligible")
