"""Issue 13, items 3 and 4 in a real browser: the eligibility rule editor offers the roster's own
values and recounts who could apply as the manager ticks them (htmx); a member sees where they
stand before the application form; a window opening tomorrow reads "Scheduled" to the manager
and "Applications open <day>" to members. Screenshots go to artifacts/screenshots/."""

import datetime

import pytest
from django.utils import timezone

from programs.models import EligibilityRule, ProgramStatus
from programs.services.programs import program_create, program_transition
from programs.window import application_window
from tests.factories import EmployeeFactory
from tests.programs.factories import EligibilityRuleFactory, program_design

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date


def _roster(org):
    people = [
        ("Ada Engineer", "Engineering", 5, "Amsterdam", D(2012, 1, 1), 4),
        ("Ben Engineer", "Engineering", 2, "Amsterdam", D(2021, 3, 1), 3),
        ("Cy Finance", "Finance", 3, "Berlin", D(2019, 6, 1), 3),
        ("Eve Sales", "Sales", 4, "Lisbon", D(2015, 2, 1), 1),
        ("Fay Sales", "Sales", 2, "Lisbon", D(2018, 9, 1), 2),
        ("Gil People", "People", 3, "Amsterdam", D(2017, 4, 1), 4),
    ]
    for name, department, level, location, hired, rating in people:
        EmployeeFactory(
            organization=org, name=name, department=department, level=level, location=location,
            hire_date=hired, performance_rating=rating,
        )  # fmt: skip


def test_the_rule_editor_offers_roster_values_and_recounts_live(page, sign_in, screenshot, org, manager):
    _roster(org)
    program = program_create(organization=org, actor=manager, **program_design(name="Rising Leaders 2026"))
    stale = EligibilityRuleFactory(
        program=program, applies_to="mentor", kind="departments_excluded", value=["Enginering", "People"]
    )

    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/programs/manage/{program.pk}/")
    assert page.get_by_text("Not on today's roster").first.is_visible()
    screenshot(page, "programs-rules-reach-detail")

    page.goto(
        f"/o/{org.slug}/programs/manage/{program.pk}/rules/new/?applies_to=mentee&kind=departments_allowed"
    )
    reach = page.locator("#rule-reach")
    # Under the saved rules Ada, Ben, Cy and Gil could apply as mentees (Eve's and Fay's ratings are low).
    assert reach.locator("li").first.locator(".stat").inner_text() == "4"
    with page.expect_request(lambda request: "/rules/reach/" in request.url) as asked:
        page.get_by_label("Sales").check()
    assert "value=Sales" in asked.value.url and "csrfmiddlewaretoken" not in asked.value.url
    page.wait_for_function(
        "() => document.querySelector('#rule-reach').innerText.includes('Nobody could apply as a mentee')"
    )
    assert reach.get_by_role("alert").is_visible()
    screenshot(page, "programs-rule-editor-zero")
    page.get_by_label("Engineering").check()
    page.wait_for_function(
        "() => !document.querySelector('#rule-reach').innerText.includes('Nobody could apply as a mentee')"
    )
    assert reach.locator("li").first.locator(".stat").inner_text() == "2"
    screenshot(page, "programs-rule-editor-count")
    page.get_by_role("button", name="Add rule").click()
    page.wait_for_load_state("networkidle")
    assert EligibilityRule.objects.get(kind="departments_allowed").value == ["Engineering", "Sales"]

    page.goto(f"/o/{org.slug}/programs/manage/rules/{stale.pk}/")
    assert page.get_by_text("not on today's roster").first.is_visible()
    screenshot(page, "programs-rule-editor-stale")


def test_members_know_where_they_stand_before_writing(
    page, sign_in, screenshot, org, manager, mentee, mentor
):
    EmployeeFactory(
        organization=org, user=mentee, email=mentee.email, name="Noah Newhire", department="Sales", level=1,
        hire_date=timezone.localdate() - datetime.timedelta(days=120), performance_rating=2,
    )  # fmt: skip
    EmployeeFactory(
        organization=org, user=mentor, email=mentor.email, name="Max Senior", department="Engineering",
        level=6, hire_date=D(2012, 5, 1), performance_rating=4,
    )  # fmt: skip
    program = program_create(organization=org, actor=manager, **program_design(name="Rising Leaders 2026"))
    program_transition(program=program, to_status=ProgramStatus.APPLICATIONS_OPEN, actor=manager)
    EligibilityRule.objects.create(
        organization=org, program=program, applies_to="mentee", kind="max_level", value=4
    )
    opens = timezone.now() + datetime.timedelta(days=1)
    later = program_create(
        organization=org,
        actor=manager,
        **program_design(
            name="Women in Leadership 2026",
            applications_open_at=opens,
            applications_close_at=opens + datetime.timedelta(days=21),
        ),
    )
    program_transition(program=later, to_status=ProgramStatus.APPLICATIONS_OPEN, actor=manager)
    day = application_window(later).member_label.removeprefix("Applications open ")

    sign_in(page, mentee)
    page.goto(f"/o/{org.slug}/programs/{program.pk}/")
    assert page.get_by_role("heading", name="You can't apply to this program today").is_visible()
    assert page.get_by_role("button", name="Send my application").count() == 0
    screenshot(page, "programs-member-not-eligible")
    page.goto(f"/o/{org.slug}/programs/")
    assert page.get_by_text(f"Applications open {day}").is_visible()
    screenshot(page, "programs-member-home-opening-soon")

    page.context.clear_cookies()
    sign_in(page, mentor)
    page.goto(f"/o/{org.slug}/programs/{program.pk}/")
    assert page.get_by_text("You can apply as a mentor").is_visible()
    assert page.get_by_label("Mentor").is_checked()
    screenshot(page, "programs-member-mentor-only")
    page.goto(f"/o/{org.slug}/programs/{later.pk}/")
    assert page.get_by_role("heading", name=f"Applications open {day}").is_visible()
    screenshot(page, "programs-member-scheduled")

    page.context.clear_cookies()
    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/programs/manage/")
    assert page.get_by_text(f"Scheduled · opens {day}").is_visible()
    screenshot(page, "programs-manage-scheduled")
