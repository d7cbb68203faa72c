"""An admin loads the HR roster in the browser: a bad file first, then the fixed one."""

import pytest
from playwright.sync_api import expect

from organizations.models import Employee, RosterLoad
from tests.organizations.roster.samples import HEADER, roster_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOOD_ROWS = [
    "E100,Grace Hopper,grace@acme.test,Engineering,7,Amsterdam,,2012-09-03,Outstanding,,",
    "E101,Ada Lovelace,ada@acme.test,Engineering,4,Amsterdam,E100,2021-03-15,Exceeds expectations,,",
    "E102,Alan Turing,alan@acme.test,Research,5,London,E100,2019-01-07,4,,",
    "E103,Joan Clarke,joan@acme.test,Research,3,London,E102,2022-05-01,3,,",
    "E104,Katherine Johnson,katherine@acme.test,Finance,4,Houston,E100,2018-11-12,4,,",
    "E105,Dorothy Vaughan,dorothy@acme.test,Finance,3,Houston,E104,2020-02-03,3,2024-06-30,voluntary",
]
BAD_ROWS = [
    GOOD_ROWS[0],
    "E101,Ada Lovelace,ada@acme.test,Engineering,senior,Amsterdam,E100,2021-03-15,Exceeds expectations,,",
    GOOD_ROWS[2],
    "E103,Joan Clarke,joan@acme.test,Research,3,London,E999,01/05/2022,3,,",
    GOOD_ROWS[4],
    "E105,Dorothy Vaughan,dorothy@acme.test,Finance,3,Houston,E104,2020-02-03,3,2024-06-30,",
]


def csv_file(name: str, rows: list[str]) -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": roster_csv(*rows, header=HEADER)}


def test_admin_fixes_a_bad_roster_file_confirms_it_and_finds_an_employee(
    page, sign_in, screenshot, admin, org
):
    sign_in(page, admin)
    page.get_by_role("link", name="Roster", exact=True).click()
    assert page.get_by_role("heading", name="The roster is empty").is_visible()
    screenshot(page, "roster-empty")

    page.get_by_role("button", name="Upload your first roster").click()
    assert page.get_by_role("heading", name="Upload the HR roster").is_visible()
    screenshot(page, "roster-upload")

    page.set_input_files("input[name=file]", csv_file("roster-march.csv", BAD_ROWS))
    page.get_by_role("button", name="Check the file").click()

    assert page.get_by_role("heading", name="This file can't be loaded yet").is_visible()
    assert page.get_by_role("heading", name="3 lines to fix").is_visible()
    errors = page.locator("tr.row-error")
    assert errors.count() == 3
    assert errors.nth(0).inner_text().startswith("3\tE101")
    assert 'level "senior" is not a whole number' in errors.nth(0).inner_text()
    assert "manager_id E999 is neither in this file nor in the roster." in errors.nth(1).inner_text()
    assert 'hire_date "01/05/2022"' in errors.nth(1).inner_text()
    assert "without a termination_type" in errors.nth(2).inner_text()
    screenshot(page, "roster-errors")
    assert Employee.objects.count() == 0
    assert RosterLoad.objects.count() == 0

    page.set_input_files("input[name=file]", csv_file("roster-march-fixed.csv", GOOD_ROWS))
    page.get_by_role("button", name="Check the file").click()

    assert page.get_by_role("heading", name="Check the changes, then confirm").is_visible()
    assert page.locator(".stat").first.inner_text() == "6"
    screenshot(page, "roster-preview")
    assert Employee.objects.count() == 0

    page.get_by_role("button", name="Confirm and load").first.click()

    # In-process (no broker) the load has run before the page answers: it ends on the summary.
    expect(page.get_by_role("heading", name="Roster load of")).to_be_visible()
    assert [page.locator(".stat").nth(n).inner_text() for n in range(4)] == ["6", "6", "0", "0"]
    screenshot(page, "roster-load-summary")
    page.get_by_role("link", name="Roster", exact=True).click()
    assert page.get_by_text("6 employees").is_visible()
    screenshot(page, "roster-list")
    assert Employee.objects.filter(organization=org).count() == 6

    page.get_by_role("textbox", name="Search").fill("lovelace")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**q=lovelace**")  # the filter reloads the page; count once it has

    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    assert "Ada Lovelace" in rows.first.inner_text()
    screenshot(page, "roster-search")

    page.get_by_role("link", name="Ada Lovelace").click()
    assert page.get_by_role("heading", name="Ada Lovelace").is_visible()
    assert page.get_by_text("Joined the roster in Engineering at level 4.").is_visible()
    screenshot(page, "roster-employee")

    page.goto(f"/o/{org.slug}/roster/loads/")
    assert page.get_by_role("cell", name="roster-march-fixed.csv").is_visible()
    screenshot(page, "roster-loads")


def test_a_load_in_the_background_shows_its_progress_and_ends_on_its_summary(
    page, sign_in, screenshot, admin, org
):
    """A worker elsewhere: the page polls the bar until the load is applied, then shows the summary."""
    from organizations.roster.loads import roster_load_create
    from organizations.roster.progress import progress_recorder
    from organizations.tasks import apply_roster_load

    load, _ = roster_load_create(
        organization=org,
        actor=admin,
        content=roster_csv(*GOOD_ROWS, header=HEADER),
        filename="roster-april.csv",
        source=RosterLoad.Source.UPLOAD,
        effective_date=None,
    )
    RosterLoad.objects.filter(pk=load.pk).update(status=RosterLoad.Status.QUEUED, loaded_by=admin)
    progress_recorder(load.pk)("employees", 40_000, 100_000)

    sign_in(page, admin)
    page.goto(f"/o/{org.slug}/roster/loads/{load.pk}/")
    expect(page.get_by_role("heading", name="Loading the roster")).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("value", "76")
    expect(page.get_by_text("Writing the employees and their managers")).to_be_visible()
    page.wait_for_timeout(1500)  # a poll has replaced the bar: still there, still the same
    expect(page.locator("#load-progress progress")).to_have_attribute("value", "76")
    screenshot(page, "roster-load-progress")

    apply_roster_load(org.pk, load.pk)  # the worker finishes

    expect(page.get_by_role("heading", name="Roster load of")).to_be_visible(timeout=10_000)
    assert page.url.endswith(f"/o/{org.slug}/roster/loads/{load.pk}/")
    assert page.locator(".stat").first.inner_text() == "6"
    screenshot(page, "roster-load-done")
