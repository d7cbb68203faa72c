"""The program pages in a real browser: a manager designs and opens a program, members apply
(one eligible, one not), the manager reviews. Screenshots go to artifacts/screenshots/."""

import datetime

import pytest
from django.utils import timezone

from programs.models import Application, ApplicationStatus, Program, ProgramStatus
from programs.services.applications import application_submit
from tests.factories import EmployeeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_program_from_design_to_review(page, sign_in, screenshot, org, manager, mentee, mentor):
    EmployeeFactory(
        organization=org,
        user=mentee,
        email=mentee.email,
        name="Mia Mentee",
        department="Finance",
        hire_date=datetime.date(2019, 4, 1),
        performance_rating=4,
    )
    EmployeeFactory(
        organization=org, user=mentor, email=mentor.email, name="Noah Newhire", department="Sales",
        hire_date=timezone.localdate() - datetime.timedelta(days=120), performance_rating=2,
    )  # fmt: skip

    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/programs/manage/")
    screenshot(page, "programs-manage-empty")
    page.get_by_role("button", name="New program").click()
    page.get_by_role("link", name="Start from a blank design").click()
    page.fill("input[name=name]", "Rising Leaders 2026")
    page.fill("textarea[name=description]", "A year of mentoring for people who want to lead a team.")
    page.select_option("select[name=purpose]", "leadership_pipeline")
    page.fill("input[name=target_metric]", "Participants promoted within 18 months (%)")
    page.fill("input[name=target_baseline]", "8")
    page.fill("input[name=target_value]", "20")
    screenshot(page, "programs-create-form")
    page.get_by_role("button", name="Create draft program").click()
    page.wait_for_load_state("networkidle")
    program = Program.objects.get()
    assert page.url.endswith(f"/programs/manage/{program.pk}/")
    page.get_by_role("button", name="Open applications").click()
    page.wait_for_load_state("networkidle")
    program.refresh_from_db()
    if program.status != ProgramStatus.APPLICATIONS_OPEN:
        # The default window opens tomorrow; move it so members can apply now.
        Program.objects.filter(pk=program.pk).update(
            applications_open_at=timezone.now() - datetime.timedelta(hours=1)
        )
    Program.objects.filter(pk=program.pk).update(
        applications_open_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page.reload()
    screenshot(page, "programs-detail")

    page.context.clear_cookies()
    sign_in(page, mentee)
    page.goto(f"/o/{org.slug}/programs/")
    screenshot(page, "programs-member-home")
    page.get_by_role("button", name="Read more and apply").click()
    page.check("input[name=role][value=mentee]")
    page.fill("textarea[name=motivation]", "I lead projects and want to lead people next.")
    page.fill("textarea[name=learning_goals]", "Giving feedback; running a team meeting.")
    screenshot(page, "programs-apply-form")
    page.get_by_role("button", name="Send my application").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Your application is in.").is_visible()
    screenshot(page, "programs-applied")

    page.context.clear_cookies()
    sign_in(page, mentor)
    page.goto(f"/o/{org.slug}/programs/{program.pk}/")
    # Too new for either role: the reasons come before any form, and there is nothing to fill in.
    assert page.get_by_role("heading", name="You can't apply to this program today").is_visible()
    assert page.get_by_text("this program asks for at least 12").first.is_visible()
    assert page.get_by_role("button", name="Send my application").count() == 0
    screenshot(page, "programs-ineligible")
    # An application sent before the rules changed is kept as ineligible, for a manager to weigh.
    program.refresh_from_db()
    application_submit(
        program=program, user=mentor, role="mentee", motivation="I am new and want to grow fast.",
        learning_goals="How the company works.",
    )  # fmt: skip
    page.reload()
    screenshot(page, "programs-ineligible-application")

    page.context.clear_cookies()
    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/programs/manage/{program.pk}/applications/")
    screenshot(page, "programs-review-list")
    page.get_by_role("link", name="Noah Newhire").click()
    screenshot(page, "programs-application-detail")
    page.fill("textarea[name=reason]", "Joined from our acquired sister company after six years there.")
    page.get_by_role("button", name="Override eligibility").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Accept").click()
    page.wait_for_load_state("networkidle")
    assert Application.objects.get(employee__name="Noah Newhire").status == ApplicationStatus.ACCEPTED
    screenshot(page, "programs-application-accepted")


def test_rules_phases_and_the_program_list(page, sign_in, screenshot, org, manager):
    from programs.services.programs import program_copy_for_next_year, program_create
    from tests.programs.factories import ApplicationFactory, program_design

    for department in ("Engineering", "Legal", "Internal Audit"):
        EmployeeFactory(organization=org, department=department)
    program = program_create(organization=org, actor=manager, **program_design())
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.SELECTING)
    ApplicationFactory.create_batch(3, program=program, status=ApplicationStatus.ACCEPTED)
    ApplicationFactory(program=program)
    program_copy_for_next_year(program=program, actor=manager)

    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/programs/manage/")
    assert page.get_by_role("link", name="Rising Leaders 2027").is_visible()
    screenshot(page, "programs-manage-list")

    copy = Program.objects.get(copied_from=program)
    page.goto(f"/o/{org.slug}/programs/manage/{copy.pk}/")
    page.get_by_role("link", name="Add a rule").first.click()
    assert page.get_by_role("heading", name="Add a rule for mentees").is_visible()
    screenshot(page, "programs-rule-choose")
    page.get_by_role("link", name="Not these departments").click()
    page.get_by_label("Legal").check()
    page.get_by_label("Internal Audit").check()
    screenshot(page, "programs-rule-value")
    page.get_by_role("button", name="Add rule").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Does not work in Internal Audit or Legal").is_visible()

    page.get_by_role("link", name="Edit phases").click()
    assert page.get_by_role("heading", name=f"Phases of {copy.name}").is_visible()
    screenshot(page, "programs-phases")
