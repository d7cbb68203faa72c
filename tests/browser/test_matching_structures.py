"""Hybrid and group matching in a real browser, end to end.

Hybrid: the manager sees who has not ranked and reminds them, runs matching with first choices
honoured and reads the rank outcome next to the total, compares with a run made without it,
publishes; the mentee's *My matches* no longer asks her to rank. Group: the matching page warns
that mentees exceed places, the run shows each group with its mix and score, the publish counts
groups and people, and a mentee left out reads that she waits for a later round.
Screenshots go to artifacts/screenshots/matching-hybrid-*.png and matching-group-*.png."""

import pytest

from matching.models import MatchMode, MatchRun, MenteeRanking
from organizations.models import Notification
from programs.models import ApplicantRole, Structure
from tests.browser.test_matching import _class
from tests.matching.factories import MatchSettingsFactory, active_matching_cohort, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


def test_hybrid_honours_first_choices_shows_the_outcome_and_closes_ranking(
    page, sign_in, screenshot, org, manager, mentee, mentor
):
    cohort = _class(org, mentee, mentor)
    settings = MatchSettingsFactory(
        program=cohort.program, mode=MatchMode.HYBRID, shortlist_size=3, honour_first_choices=False
    )
    mentees = list(cohort.participants.filter(role=MENTEE).select_related("employee").order_by("id"))
    mentors = list(cohort.participants.filter(role=MENTOR).select_related("employee").order_by("id"))
    # Four of six rank; Ava (the signed-in mentee) ranks Ines first.
    for person, ranked in (
        (mentees[0], [mentors[2], mentors[0]]),
        (mentees[1], [mentors[1], mentors[4]]),
        (mentees[2], [mentors[2], mentors[3]]),
        (mentees[3], [mentors[3]]),
    ):
        for n, chosen in enumerate(ranked, start=1):
            MenteeRanking.objects.create(organization=org, mentee=person, mentor=chosen, rank=n)

    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/matching/cohorts/{cohort.pk}/")
    page.get_by_role("link", name="See who has not, and remind them").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Who has ranked their shortlist").is_visible()
    assert page.get_by_text("no deadline: ranking stays open until you publish").is_visible()
    screenshot(page, "matching-hybrid-ranking-status")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remind the 2 who have not ranked").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Reminder sent to 2 mentees.").is_visible()
    assert Notification.objects.filter(kind="rank_shortlist").count() == 2

    # A run on score alone, then one honouring first choices.
    page.goto(f"/o/{org.slug}/matching/cohorts/{cohort.pk}/")
    page.get_by_role("button", name="Run matching").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Ranks only added to the score in this run").is_visible()
    settings.honour_first_choices = True
    settings.save()
    page.goto(f"/o/{org.slug}/matching/cohorts/{cohort.pk}/")
    page.get_by_role("button", name="Run matching").click()
    page.wait_for_load_state("networkidle")
    second = MatchRun.objects.order_by("-number").first()
    outcome = second.settings_snapshot["rank_outcome"]
    assert outcome["ranked"] == 4
    card = page.locator("article.rank-outcome")
    assert card.get_by_text("of 4 who ranked").is_visible()
    assert page.get_by_text("First choices were honoured").is_visible()
    screenshot(page, "matching-hybrid-run")

    page.get_by_role("button", name="Compare").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Honour first choices off → on").is_visible()
    screenshot(page, "matching-hybrid-compare")

    page.goto(f"/o/{org.slug}/matching/runs/{second.pk}/publish/")
    page.get_by_role("button", name="Publish 6 pairs (11 people)").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Published: 6 pairs (11 people)").is_visible()

    page.context.clear_cookies()
    sign_in(page, mentee)
    page.goto(f"/o/{org.slug}/matching/mine/")
    assert page.get_by_role("link", name="See your shortlist of mentors and rank them").count() == 0
    screenshot(page, "matching-hybrid-mine-after-publishing")
    page.goto(f"/o/{org.slug}/matching/mine/cohorts/{cohort.pk}/shortlist/")
    assert page.get_by_text("You have a mentor already").is_visible()


def test_group_matching_respects_capacity_and_shows_each_group(
    page, sign_in, screenshot, org, manager, mentee
):
    cohort = active_matching_cohort(org, structure=Structure.GROUP, group_size=3, name="Group Circle 2026")
    member(cohort, MENTOR, level=5, department="Finance", name="Grace Kim", capacity=1)
    member(cohort, MENTOR, level=5, department="Sales", name="Hugo Laurent", capacity=3)
    people = [
        ("Ava Brooks", "Engineering", 2),
        ("Ben Carter", "Marketing", 1),
        ("Chloe Diaz", "Engineering", 3),
        ("Dev Patel", "Operations", 2),
        ("Elif Demir", "Marketing", 2),
    ]
    for n, (name, department, level) in enumerate(people):
        member(cohort, MENTEE, name=name, department=department, level=level, user=mentee if n == 4 else None)

    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/matching/cohorts/{cohort.pk}/")
    warning = page.locator("#places-warning")
    assert warning.get_by_text("5 mentees wait for a mentor, and the mentors have 4 places left").is_visible()
    screenshot(page, "matching-group-cohort-warning")
    page.get_by_role("button", name="Run matching").click()
    page.wait_for_load_state("networkidle")
    run = MatchRun.objects.get()
    assert run.proposed_pairs.filter(mentor__employee__name="Grace Kim").count() == 1
    assert page.get_by_role("heading", name="Proposed groups (2)").is_visible()
    assert page.locator("section.group-card").count() == 2
    assert page.get_by_text("Hugo Laurent's group").is_visible()
    screenshot(page, "matching-group-run")

    page.get_by_role("button", name="Publish…").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "matching-group-publish")
    page.get_by_role("button", name="Publish 2 groups (6 people)").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Published: 2 groups (6 people)").is_visible()

    left_out = run.unmatched.get().participant
    if left_out.employee.user_id == mentee.pk:
        page.context.clear_cookies()
        sign_in(page, mentee)
        page.goto(f"/o/{org.slug}/matching/mine/")
        assert page.get_by_text("there was no place for you in this round").is_visible()
        screenshot(page, "matching-group-mine-waiting")
