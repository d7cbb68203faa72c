"""An HR analyst reads the retention dashboard: filters, a suppressed small group, a CSV, each chart."""

import csv
import datetime
import io

import pytest

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


@pytest.fixture
def demo_like(org):
    """A 400-person roster since 2018 with promotions, moves and leavers, two classes of 21 and a
    retention target on each program, refreshed into facts as the nightly job would."""
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


def test_an_hr_analyst_reads_the_dashboard_filters_it_and_downloads_a_csv(
    page, sign_in, screenshot, hr_analyst, org, demo_like
):
    sign_in(page, hr_analyst)
    page.get_by_role("link", name="Analytics", exact=True).click()
    assert page.get_by_role("heading", name="Retention analytics").is_visible()
    assert "not a randomized trial" in page.locator(".analytics-caveat").inner_text()
    assert "Figures last refreshed" in page.locator("#facts-status").inner_text()
    screenshot(page, "analytics-dashboard")
    page.screenshot(path=str(SCREENSHOTS / "analytics-top.png"))
    for name, selector in CHARTS.items():
        element = page.locator(selector).first
        element.scroll_into_view_if_needed()
        element.screenshot(path=str(SCREENSHOTS / f"analytics-{name}.png"))
