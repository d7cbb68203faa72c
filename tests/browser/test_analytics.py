"""An HR analyst reads the retention dashboard on demo-like data: changes filters, meets a group
too small to show, downloads a CSV; every chart is saved as a screenshot to look at."""

import csv
import datetime
import io

import pytest
from playwright.sync_api import expect

from analytics.services.refresh import facts_refresh
from programs.models import Program, Purpose
from tests.analytics.activity import mentoring_year
from tests.analytics.factories import random_roster, two_cohorts
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AS_OF = datetime.date(2026, 6, 15)
CHARTS = {
    "turnover": "#turnover figure",
    "headcount": "#headcount .small-multiples",
    "retention": "#retention figure",
    "curves": "#curves figure",
    "engagement": "#engagement .small-multiples",
    "talent": "#talent figure",
    "purpose": "#purpose figure",
}
PROGRAM_CHARTS = {"balance": "#balance figure"}


@pytest.fixture
def demo_like(org):
    """400 people since 2018 with promotions, moves and leavers, two classes of about twenty with
    a year of meetings, sessions, check-ins and goals, a retention target on each program, and
    the facts refreshed as the nightly job would."""
    employees = random_roster(org, seed=5, people=400, as_of=AS_OF)
    cohorts = two_cohorts(org, employees, as_of=AS_OF)
    Program.objects.filter(pk__in=[c.program_id for c in cohorts]).update(
        purpose=Purpose.RETENTION,
        target_metric="12-month voluntary attrition of participants (%)",
        target_baseline=18,
        target_value=12,
    )
    for cohort in cohorts:
        mentoring_year(cohort, until=AS_OF)
    facts_refresh(organization=org, as_of=AS_OF)
    return cohorts


def _shoot_charts(page, charts: dict[str, str]) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, selector in charts.items():
        element = page.locator(selector).first
        element.scroll_into_view_if_needed()
        element.screenshot(path=str(SCREENSHOTS / f"analytics-{name}.png"))


def test_an_hr_analyst_reads_the_dashboard_filters_it_and_downloads_a_csv(
    page, sign_in, screenshot, hr_analyst, org, demo_like
):
    sign_in(page, hr_analyst)
    page.get_by_role("link", name="Analytics", exact=True).click()
    assert page.get_by_role("heading", name="Retention analytics", level=1).is_visible()
    assert "not a randomized trial" in page.locator(".analytics-caveat").inner_text()
    assert "Figures last refreshed" in page.locator("#facts-status").inner_text()
    assert page.locator("svg[role=img]").count() >= 10
    screenshot(page, "analytics-dashboard")
    page.screenshot(path=str(SCREENSHOTS / "analytics-top.png"))
    _shoot_charts(page, CHARTS)

    # One program: its comparison groups' balance appears.
    page.locator("select[name=program]").select_option(str(demo_like[0].program_id))
    page.wait_for_url("**program=**")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#balance svg[role=img]")).to_be_visible()
    _shoot_charts(page, PROGRAM_CHARTS)
    page.get_by_role("button", name="Reset").click()
    page.wait_for_load_state("networkidle")

    # Mentors only: the results panel is swapped in place and the address keeps the filter.
    page.locator("select[name=role]").select_option("mentor")
    page.wait_for_url("**role=mentor**")
    page.wait_for_load_state("networkidle")
    expect(page.locator("select[name=role]")).to_have_value("mentor")
    expect(page.locator("#turnover svg[role=img]")).to_be_visible()

    # One department's mentors are too few to show: the figures say so instead of a number.
    page.locator("select[name=department]").select_option("Finance")
    page.wait_for_url("**department=Finance**")
    page.wait_for_load_state("networkidle")
    # Waiting assertions: on a busy machine the swapped panel can land after the network is idle.
    hidden = page.locator("#retention td.suppressed").first
    expect(hidden).to_have_text("fewer than 5")
    hidden.scroll_into_view_if_needed()
    expect(page.locator("#retention .bar-note.suppressed").first).to_have_text("fewer than 5")
    page.locator("#retention").screenshot(path=str(SCREENSHOTS / "analytics-suppressed.png"))

    with page.expect_download() as download:
        page.locator("#retention .csv-link").click()
    assert download.value.suggested_filename == "acme-retention-2026-06-15.csv"
    with open(download.value.path(), encoding="utf-8") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert rows[0][:4] == [
        "Group",
        "In the headcount at the start",
        "Still there after 12 months",
        "Retention (%)",
    ]
    assert rows[1][:2] == ["Participants", "fewer than 5"]


def test_the_dashboard_works_without_javascript(chromium, live_server, sign_in, hr_analyst, org, demo_like):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, hr_analyst)
        page.goto(f"/o/{org.slug}/analytics/")
        page.locator("select[name=event]").select_option("voluntary")
        page.get_by_role("button", name="Show figures").click()
        page.wait_for_load_state("load")
        assert "event=voluntary" in page.url
        assert "until voluntary separation" in page.locator("#curves desc").text_content()
    finally:
        context.close()


def test_a_program_manager_sees_the_target_on_the_program_page(
    page, sign_in, screenshot, manager, org, demo_like
):
    program = demo_like[0].program
    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/programs/manage/{program.pk}/")
    panel = page.locator(".purpose-panel")
    assert panel.get_by_role("heading", name="Purpose: target against actual").is_visible()
    assert "12-month voluntary attrition" in panel.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    panel.screenshot(path=str(SCREENSHOTS / "analytics-program-panel.png"))
