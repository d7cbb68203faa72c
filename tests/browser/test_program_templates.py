"""Issue 13, item 11 in a real browser: a manager starts a new program from the "Group mentoring"
template, edits the short prefilled form, and finds the template's phases, rules and matching
weights on the program's page, one click from the weights page. Screenshots go to
artifacts/screenshots/."""

import pytest

from matching.inputs import settings_for
from programs.models import Program, ProgramStatus
from programs.templates_catalog import TEMPLATES
from tests.browser.conftest import SCREENSHOTS
from tests.factories import EmployeeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_program_is_created_from_a_template(page, sign_in, screenshot, org, manager):
    for department in ("Engineering", "Finance", "Sales"):
        EmployeeFactory.create_batch(3, organization=org, department=department)
    template = TEMPLATES["group_mentoring"]

    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/programs/manage/")
    page.get_by_role("button", name="New program").click()
    assert page.get_by_role("heading", name="New program: start from a template").is_visible()
    for each in TEMPLATES.values():
        assert page.get_by_role("heading", name=each.title).is_visible()
    screenshot(page, "programs-template-choice")

    page.locator(".template-card", has=page.get_by_role("heading", name="Group mentoring")).get_by_role(
        "button", name="Use this template"
    ).click()
    assert page.get_by_role("heading", name="New program: Group mentoring").is_visible()
    # The first screen holds what is left to decide; the template's choices are folded.
    assert page.input_value("input[name=name]").startswith("Group Mentoring ")
    assert not page.locator("input[name=structure]").first.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "programs-template-form-first-screen.png"))
    height = page.evaluate("document.querySelector('form.program-form').getBoundingClientRect().height")
    assert height < 1800, f"the prefilled form is {height}px tall"
    screenshot(page, "programs-template-form")

    page.fill("input[name=name]", "Finance Group Mentoring 2027")
    page.fill("input[name=mentee_limit]", "12")
    page.fill("input[name=mentor_limit]", "3")
    page.locator("summary", has_text="Structure and rhythm").click()
    assert page.locator("input[name=structure][value=group]").is_checked()
    assert page.input_value("input[name=group_size]") == "4"
    page.fill("input[name=meeting_cadence_days]", "28")
    screenshot(page, "programs-template-form-structure-open")
    with page.expect_navigation():
        page.get_by_role("button", name="Create draft program").click()

    program = Program.objects.get()
    assert program.status == ProgramStatus.DRAFT and program.template == "group_mentoring"
    assert (program.structure, program.group_size, program.meeting_cadence_days) == ("group", 4, 28)
    assert page.get_by_text("the “Group mentoring” template's phases and eligibility rules").is_visible()
    assert page.get_by_text("First-quarter review").first.is_visible()
    assert page.get_by_role("heading", name="How pairs will be chosen").is_visible()
    screenshot(page, "programs-template-created")

    with page.expect_navigation():
        page.get_by_role("link", name="Matching weights").click()
    assert page.get_by_role("heading", name="What makes a good pair").is_visible()
    assert page.input_value("input[name=weight_learning_fit]") == "2.5"
    assert settings_for(program).weights["location"] == template.matching_weights["location"]
    screenshot(page, "programs-template-weights")
