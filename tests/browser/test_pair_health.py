"""Pair health "not started" in a real browser: the manager's pair overview counts and filters
pairs that have not met yet and whose first meeting is not due, shows the day it is due by
instead of "0 / 0", and the pair space tells the pair the same. Screenshots go to
artifacts/screenshots/pair-health-*.png."""

import datetime

import pytest
from django.utils import timezone

from organizations.clock import local_date
from sessions.models import MeetingStatus
from tests.cohorts.factories import CohortFactory
from tests.factories import EmployeeFactory
from tests.matching.factories import published_pair
from tests.sessions.factories import MeetingFactory, program_year_around_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _pair(cohort, org, mentor: str, mentee: str, *, published_days_ago: int, met_days_ago=None, **users):
    pair = published_pair(
        cohort,
        mentor_employee=EmployeeFactory(
            organization=org, name=mentor, department="Finance", level=6, user=users.get("mentor_user")
        ),
        mentee_employee=EmployeeFactory(
            organization=org, name=mentee, department="Engineering", level=2, user=users.get("mentee_user")
        ),
        published_at=_ago(published_days_ago),
    )
    if met_days_ago is not None:
        MeetingFactory(pair=pair, starts_at=_ago(met_days_ago), status=MeetingStatus.HAPPENED)
    return pair


def test_pairs_not_started_read_plainly_on_the_overview_and_the_pair_space(
    page, sign_in, screenshot, org, manager, mentee
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
    _pair(cohort, org, "Nora Newman", "Mia Mentee", published_days_ago=3, mentee_user=mentee)
    _pair(cohort, org, "Eli Early", "Ada Ahead", published_days_ago=6, met_days_ago=1)
    _pair(cohort, org, "Rob Regular", "Ray Rhythm", published_days_ago=40, met_days_ago=8)
    _pair(cohort, org, "Lou Late", "Leo Lagging", published_days_ago=17)
    _pair(cohort, org, "Sid Silent", "Sue Still", published_days_ago=45)
    today = local_date(timezone.now(), org)

    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/mentoring/cohorts/{cohort.pk}/")
    counts = page.get_by_label("Pairs by health")
    for text in ("Not started: 1", "Healthy: 2", "At risk: 1", "Stalled: 1"):
        assert counts.get_by_text(text).is_visible(), text
    rows = page.locator("tbody tr")
    names = [rows.nth(i).locator("td").first.inner_text().split("\n")[0] for i in range(rows.count())]
    assert names == ["Sid Silent", "Lou Late", "Eli Early", "Rob Regular", "Nora Newman"]  # worst first
    new = rows.filter(has_text="Mia Mentee")
    assert new.locator(".badge", has_text="Not started").is_visible()
    due = (today + datetime.timedelta(days=11)).strftime("%-d %b")
    assert f"first due by {due}" in new.inner_text()
    late = rows.filter(has_text="Leo Lagging")
    assert "No meeting yet: the first was expected by" in late.inner_text()
    assert "/ 0" not in page.locator("tbody").inner_text()
    screenshot(page, "pair-health-overview")

    counts.get_by_text("Not started: 1").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("tbody tr").count() == 1
    assert page.locator("select[name=health]").input_value() == "not_started"
    screenshot(page, "pair-health-overview-not-started")

    page.context.clear_cookies()
    sign_in(page, mentee)
    page.goto(f"/o/{org.slug}/")
    page.get_by_role("link", name="Mentoring", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Open our space").click()
    page.wait_for_load_state("networkidle")
    card = page.locator(".health-card")
    assert card.get_by_role("heading", name="Your pair has not started yet").is_visible()
    assert f"the program expects it by {due}" in card.inner_text()
    assert f"0 (first expected by {due})" in card.inner_text()
    screenshot(page, "pair-health-pair-space-not-started")
