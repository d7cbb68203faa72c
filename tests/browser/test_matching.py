"""Matching in a real browser: a manager previews weights, runs matching on a class like the
demo's, pins a pair, previews a swap, runs again, compares, publishes; the mentee then reads
their mentor's trust profile and asks (privately) for a rematch, which the manager sees.
A hybrid mentee ranks their shortlist. Screenshots go to artifacts/screenshots/matching-*.png."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from matching.models import (
    ForbiddenPair,
    LoadBalance,
    MatchMode,
    MatchRun,
    MenteeRanking,
    Pair,
    PinnedPair,
    ProposedPair,
    RematchRequest,
    RunStatus,
)
from matching.selectors import mentors_without_mentee
from programs.models import ApplicantRole
from tests.matching.factories import MatchSettingsFactory, active_matching_cohort, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR

# A class like the demo's Leadership Bridge: mentees at levels 1-3, mentors at 4-5, across
# departments, each with a trust profile from the default framework.
MENTEES = [
    ("Ava Brooks", "Engineering", 2, ["Negotiation", "Pricing"], ["Integrity", "Curiosity"]),
    ("Ben Carter", "Sales", 1, ["People leadership", "Giving feedback"], ["Courage", "Growth"]),
    ("Chloe Diaz", "Finance", 3, ["Presenting to leadership", "Strategy"], ["Excellence", "Impact"]),
    ("Dev Patel", "Operations", 2, ["Data-driven decisions", "Prioritisation"], ["Ownership", "Balance"]),
    ("Elif Demir", "Marketing", 2, ["Commercial thinking", "Networking"], ["Collaboration", "Empathy"]),
    ("Finn O'Neill", "Engineering", 3, ["Change management", "Coaching"], ["Growth", "Integrity"]),
]
MENTORS = [
    (
        "Grace Kim",
        "Finance",
        5,
        ["Negotiation", "Pricing", "Commercial thinking"],
        ["Integrity", "Curiosity"],
    ),
    ("Hugo Laurent", "Engineering", 5, ["People leadership", "Giving feedback", "Coaching"], ["Courage"]),
    ("Ines Duarte", "Sales", 4, ["Presenting to leadership", "Networking"], ["Impact", "Excellence"]),
    ("Jonas Weber", "Operations", 5, ["Data-driven decisions", "Strategy", "Prioritisation"], ["Ownership"]),
    ("Kira Sato", "People", 4, ["Change management", "Coaching", "Giving feedback"], ["Empathy", "Growth"]),
]
PASSIONS = [
    ["Builder", "Connector", "Teacher"],
    ["Creator", "Discoverer", "Transformer"],
    ["Processor", "Altruist", "Healer"],
    ["Conceiver", "Builder", "Teacher"],
]


def _class(org, mentee_user, mentor_user):
    cohort = active_matching_cohort(org, name="Leadership Bridge 2026")
    for n, (name, department, level, wishes, values) in enumerate(MENTEES):
        member(
            cohort,
            MENTEE,
            name=name,
            department=department,
            level=level,
            user=mentee_user if n == 0 else None,
            profile={
                "learning_wishes": wishes,
                "values": values,
                "passions": PASSIONS[n % len(PASSIONS)],
                "purpose_statement": f"I want to grow from {department.lower()} into a broader role.",
            },
        )
    for n, (name, department, level, strengths, values) in enumerate(MENTORS):
        member(
            cohort,
            MENTOR,
            name=name,
            department=department,
            level=level,
            user=mentor_user if n == 0 else None,
            capacity=2 if n == 4 else 1,
            location="Lisbon" if n % 2 else "Amsterdam",
            profile={
                "strengths": strengths,
                "values": values,
                "passions": PASSIONS[(n + 1) % len(PASSIONS)],
                "purpose_statement": "Fifteen years across the business; I like helping people grow.",
            },
        )
    return cohort


def test_a_manager_matches_a_class_and_the_mentee_meets_their_mentor(
    page, sign_in, screenshot, org, manager, mentee, mentor
):
    cohort = _class(org, mentee, mentor)

    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/")
    page.get_by_role("navigation").get_by_role("link", name="Matching").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "matching-home")
    page.get_by_role("link", name="2026 class").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Matching · 2026 class").is_visible()
    screenshot(page, "matching-cohort-first-time")

    # The weights, with a preview of the class before saving.
    page.get_by_role("button", name="Settings and weights").click()
    page.wait_for_load_state("networkidle")
    page.fill("input[name=weight_learning_fit]", "3")
    page.get_by_role("button", name="Preview with my class").click()
    page.locator("#preview").get_by_text("Strongest pairs").wait_for()
    screenshot(page, "matching-settings-preview")
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Match settings of").is_visible()

    page.get_by_role("button", name="Run matching").click()
    page.wait_for_load_state("networkidle")
    first = MatchRun.objects.get()
    assert page.get_by_role("heading", name="Run 1").is_visible()
    assert page.locator("figure.score-chart svg rect.chart-bar").count() >= 1
    assert page.locator("dl.breakdown").count() == 6
    screenshot(page, "matching-run-1")

    # Pin Ava's pair (it asks first; HTMX swaps the row in place).
    ava = first.proposed_pairs.get(mentee__employee__name="Ava Brooks")
    row = page.locator(f"#pair-{ava.pk}")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Pin").click()
    page.locator(f"#pair-{ava.pk} .flag-pin").wait_for()
    assert PinnedPair.objects.filter(mentee=ava.mentee, mentor=ava.mentor).exists()

    # Preview a swap of two other pairs: the score impact before anything changes.
    others = list(first.proposed_pairs.exclude(pk=ava.pk).order_by("id")[:2])
    page.select_option("select[name=first]", str(others[0].pk))
    page.select_option("select[name=second]", str(others[1].pk))
    page.get_by_role("button", name="Preview the swap").click()
    page.locator("#swap-preview").get_by_text("Run total").wait_for()
    page.locator("#swap").scroll_into_view_if_needed()
    screenshot(page, "matching-swap-preview")

    page.get_by_role("button", name="Run again, keeping pins").click()
    page.wait_for_load_state("networkidle")
    second = MatchRun.objects.get(number=2)
    assert second.parent_id == first.pk
    kept = second.proposed_pairs.get(mentee=ava.mentee)
    assert kept.mentor_id == ava.mentor_id and kept.pinned
    assert page.locator(f"#pair-{kept.pk} .flag-pin").is_visible()
    screenshot(page, "matching-run-2")

    page.get_by_role("button", name="Compare").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Run 1 → run 2").is_visible()
    screenshot(page, "matching-compare")

    page.goto(f"/o/{org.slug}/matching/runs/{second.pk}/")
    page.get_by_role("button", name="Publish…").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "matching-publish-confirm")
    page.get_by_role("button", name="Publish 6 pairs").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Published: 6 pairs (11 people)").is_visible()
    second.refresh_from_db()
    assert second.status == RunStatus.PUBLISHED
    assert MatchRun.objects.get(pk=first.pk).status == RunStatus.SUPERSEDED
    assert Pair.objects.filter(cohort=cohort).count() == 6
    screenshot(page, "matching-cohort-published")

    # The mentee reads their mentor's trust profile, then asks privately for a rematch.
    page.context.clear_cookies()
    sign_in(page, mentee)
    page.goto(f"/o/{org.slug}/")
    page.get_by_role("link", name="My matches").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Grace Kim").is_visible()
    assert page.get_by_text("Fifteen years across the business").is_visible()
    screenshot(page, "matching-mentee-sees-mentor")
    page.get_by_role("link", name="Ask for a rematch").click()
    page.wait_for_load_state("networkidle")
    page.fill("textarea[name=reason]", "We work in different time zones and keep missing each other.")
    screenshot(page, "matching-rematch-ask")
    page.get_by_role("button", name="Send to the program team").click()
    page.wait_for_load_state("networkidle")
    assert RematchRequest.objects.filter(participant__employee__user=mentee).exists()

    # The mentor sees nothing of it; the manager sees the request and its reason.
    page.context.clear_cookies()
    sign_in(page, mentor)
    page.goto(f"/o/{org.slug}/matching/mine/")
    assert page.get_by_role("heading", name="Ava Brooks").is_visible()
    assert page.get_by_text("time zones").count() == 0
    screenshot(page, "matching-mentor-sees-mentee")
    page.context.clear_cookies()
    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/matching/cohorts/{cohort.pk}/rematch-requests/")
    assert page.get_by_text("keep missing each other").is_visible()
    screenshot(page, "matching-rematch-requests")


def test_a_hybrid_mentee_ranks_their_shortlist(page, sign_in, screenshot, org, mentee, mentor):
    cohort = _class(org, mentee, mentor)
    MatchSettingsFactory(
        program=cohort.program,
        mode=MatchMode.HYBRID,
        shortlist_size=3,
        ranking_deadline=timezone.now() + datetime.timedelta(days=7),
    )
    sign_in(page, mentee)
    page.goto(f"/o/{org.slug}/matching/mine/")
    page.get_by_role("link", name="See your shortlist of mentors and rank them").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Your mentor shortlist").is_visible()
    options = page.locator("ol.shortlist > li")
    assert options.count() == 3
    screenshot(page, "matching-shortlist")
    options.nth(0).locator("select").select_option("2")
    options.nth(1).locator("select").select_option("1")
    page.get_by_role("button", name="Save my ranking").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("your ranking of 2 mentors is saved").is_visible()
    assert MenteeRanking.objects.count() == 2
    screenshot(page, "matching-shortlist-ranked")


def test_matching_controls_undo_ask_first_keep_swaps_compare_and_name_idle_mentors(
    page, sign_in, screenshot, org, manager, mentee, mentor
):
    """Issue 13, item 5: a swap survives "Run again", the comparison is one click from the
    message, breakdowns leave out what every pair shares, Pin and Never pair ask first and are
    undone in place, and publishing names the mentors left without a mentee."""
    cohort = _class(org, mentee, mentor)
    for name, department in (("Lena Novak", "Legal"), ("Omar Haddad", "Sales")):
        member(cohort, MENTOR, name=name, department=department, level=6, profile={"strengths": ["Writing"]})
    dialogs: list[str] = []

    def answer(accept: bool):
        def handle(dialog):
            dialogs.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        page.once("dialog", handle)

    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/matching/cohorts/{cohort.pk}/")
    page.get_by_role("button", name="Run matching").click()
    page.wait_for_load_state("networkidle")
    run = MatchRun.objects.get()

    # Breakdowns: the reporting line (the same for every pair) is named once, not drawn.
    assert page.get_by_text("Not drawn in the breakdowns, because every pair gets the same").is_visible()
    assert page.locator("dl.breakdown dt", has_text="Reporting line").count() == 0
    assert page.get_by_role("heading", name="Mentors without a mentee (2)").is_visible()

    # Pin asks first: dismissed, nothing happens; accepted, the row is pinned and can be unpinned.
    ava = run.proposed_pairs.get(mentee__employee__name="Ava Brooks")
    row = page.locator(f"#pair-{ava.pk}")
    answer(accept=False)
    row.get_by_role("button", name="Pin", exact=True).click()
    page.wait_for_timeout(300)
    assert dialogs[-1].startswith("Pin Ava Brooks to ") and not PinnedPair.objects.exists()
    answer(accept=True)
    row.get_by_role("button", name="Pin", exact=True).click()
    page.locator(f"#pair-{ava.pk} .flag-pin").wait_for()
    page.locator(f"#pair-{ava.pk}").get_by_role("button", name="Unpin").click()
    page.locator(f"#pair-{ava.pk}").get_by_role("button", name="Pin", exact=True).wait_for()
    assert not PinnedPair.objects.exists()

    # Never pair asks first, then is allowed again from the same row.
    ben = run.proposed_pairs.get(mentee__employee__name="Ben Carter")
    answer(accept=True)
    page.locator(f"#pair-{ben.pk}").get_by_role("button", name="Never pair").click()
    page.locator(f"#pair-{ben.pk} .flag-forbid").wait_for()
    assert dialogs[-1].startswith("Never pair Ben Carter with ")
    # The run's list of rules below the table follows (swapped out of band).
    assert page.locator("#run-rules").get_by_role("heading", name="Never paired (1)").is_visible()
    screenshot(page, "matching-controls-never-pair-row")
    # Its "Allow again" is a working form too (here in the list; the row has its own).
    allow = page.locator("#run-rules").get_by_role("button", name="Allow again")
    assert allow.evaluate("button => button.form !== null")
    page.locator(f"#pair-{ben.pk}").get_by_role("button", name="Allow again").click()
    page.locator(f"#pair-{ben.pk}").get_by_role("button", name="Never pair").wait_for()
    assert not ForbiddenPair.objects.exists()
    assert page.locator("#run-rules").get_by_role("heading", name="Never paired (0)").is_visible()
    # Elif's pair stays ruled out, so the next run gives her another mentor.
    elif_ = run.proposed_pairs.get(mentee__employee__name="Elif Demir")
    answer(accept=True)
    page.locator(f"#pair-{elif_.pk}").get_by_role("button", name="Never pair").click()
    page.locator(f"#pair-{elif_.pk} .flag-forbid").wait_for()

    # A swap by hand: its two pairs are pinned, and "Run again" keeps them.
    chloe = run.proposed_pairs.get(mentee__employee__name="Chloe Diaz")
    dev = run.proposed_pairs.get(mentee__employee__name="Dev Patel")
    page.select_option("select[name=first]", str(chloe.pk))
    page.select_option("select[name=second]", str(dev.pk))
    page.get_by_role("button", name="Preview the swap").click()
    page.get_by_role("button", name="Apply this swap").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Both pairs are pinned, so running again keeps them").is_visible()
    screenshot(page, "matching-controls-run-1-swapped")
    page.get_by_role("button", name="Run again, keeping pins").click()
    page.wait_for_load_state("networkidle")
    second = MatchRun.objects.get(number=2)
    assert second.proposed_pairs.get(mentee=chloe.mentee).mentor_id == dev.mentor_id
    assert second.proposed_pairs.get(mentee=dev.mentee).mentor_id == chloe.mentor_id
    screenshot(page, "matching-controls-run-2")

    # "Compare it with run 1" is a link to the comparison of these two runs.
    page.get_by_role("link", name="Compare it with run 1").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Run 1 → run 2").is_visible()
    assert page.get_by_role("heading", name="Changed mentor (1)").is_visible()
    page.get_by_text("Same mentor in both runs (5)").click()
    screenshot(page, "matching-controls-compare")

    # Publishing names the mentors left without a mentee, before and after.
    page.goto(f"/o/{org.slug}/matching/runs/{second.pk}/publish/")
    screenshot(page, "matching-controls-publish-preview")
    assert page.get_by_text("2 mentors stay without a mentee").is_visible()
    idle = sorted(m.employee.name for m in mentors_without_mentee(second))
    assert len(idle) == 2
    for name in idle:
        assert page.locator("#without-mentee").get_by_text(name).is_visible()
    page.get_by_role("button", name="Publish 6 pairs").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(f"2 mentors have no mentee: {idle[0]} and {idle[1]}").is_visible()
    assert page.get_by_text("2 mentors without a mentee").is_visible()
    screenshot(page, "matching-controls-published-message")
    page.get_by_role("link", name="listed on the run").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Mentors without a mentee (2)").is_visible()
    assert ProposedPair.objects.filter(run=second).count() == Pair.objects.filter(cohort=cohort).count()
    screenshot(page, "matching-controls-published-run")


def test_a_manager_spreads_mentees_across_mentors_and_sees_what_it_cost(
    page, sign_in, screenshot, org, manager
):
    # Four mentees who all want to learn what Grace Kim offers, and five mentors who each take
    # two: on score alone Grace takes two and another mentor none. The manager asks for
    # "spread first" on the settings page and runs matching.
    cohort = active_matching_cohort(org, name="Leadership Bridge 2026")
    for n, (name, department, level, _wishes, values) in enumerate(MENTEES[:4]):
        member(
            cohort,
            MENTEE,
            name=name,
            department=department,
            level=level,
            profile={
                "learning_wishes": ["Negotiation", "Pricing"],
                "values": values,
                "passions": PASSIONS[n],
            },
        )
    for n, (name, department, level, strengths, values) in enumerate(MENTORS):
        member(
            cohort,
            MENTOR,
            name=name,
            department=department,
            level=level,
            capacity=2,
            profile={"strengths": strengths, "values": values, "passions": PASSIONS[(n + 1) % 4]},
        )

    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/matching/programs/{cohort.program_id}/settings/")
    page.wait_for_load_state("networkidle")
    page.get_by_label("Spread mentees across mentors").select_option(label=LoadBalance.SPREAD_FIRST.label)
    page.get_by_label("Spread mentees across mentors").scroll_into_view_if_needed()
    screenshot(page, "matching-load-balance-setting")
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_load_state("networkidle")

    page.get_by_role("button", name="Run matching").click()
    page.wait_for_load_state("networkidle")
    run = MatchRun.objects.get()
    loads = Counter(run.proposed_pairs.values_list("mentor_id", flat=True))
    assert len(loads) == 4 and set(loads.values()) == {1}
    notice = page.locator("section.load-balance")
    assert notice.get_by_role("heading", name="Mentor load: spread first").is_visible()
    assert notice.get_by_text("% of the total score").is_visible()
    assert notice.get_by_text("4 mentors have a mentee (3 without balancing)").is_visible()
    assert notice.get_by_text("no mentor has more than 1 (2 without)").is_visible()
    notice.scroll_into_view_if_needed()
    screenshot(page, "matching-load-balance-run")
