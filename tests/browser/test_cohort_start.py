"""Starting a cohort in a real browser: the confirmation page says who is placed and waitlisted,
that applications close early and the dates; confirming without "Close applications early"
while the window is open is refused on the form; with it, the cohort starts. And the program
page shows "Back to draft" disabled with its reason. Screenshots: artifacts/screenshots/cohort-start-*.png."""

import datetime

import pytest
from django.utils import timezone

from cohorts.models import CohortStatus
from organizations.models import Notification
from programs.models import ApplicantRole, ProgramStatus
from tests.cohorts.factories import CohortFactory, ParticipantFactory, applicant
from tests.programs.factories import ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLACED = ["Ava Brooks", "Ben Carter", "Chloe Diaz", "Dev Patel"]
LEFT_OUT = ["Elif Demir", "Finn O'Neill"]
MENTORS = ["Grace Kim", "Hugo Laurent", "Ines Duarte"]


def test_starting_a_cohort_is_confirmed_and_refused_while_the_window_is_open(
    page, sign_in, screenshot, org, manager
):
    today = timezone.localdate()
    program = ProgramFactory(
        organization=org,
        open_now=True,
        name="Rising Leaders 2027",
        mentee_limit=5,
        mentor_limit=3,
        start_date=today + datetime.timedelta(days=62),
        end_date=today + datetime.timedelta(days=62 + 365),
    )
    cohort = CohortFactory(program=program, name="2027 class")
    for n, name in enumerate(PLACED):
        ParticipantFactory(cohort=cohort, application=applicant(program, name=name, days_ago=30 - n))
    for n, name in enumerate(MENTORS):
        application = applicant(program, name=name, role=ApplicantRole.MENTOR, days_ago=20 - n)
        ParticipantFactory(cohort=cohort, application=application)
    for n, name in enumerate(LEFT_OUT):
        applicant(program, name=name, days_ago=10 - n)

    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/programs/manage/{program.pk}/")
    back = page.get_by_role("button", name="Back to draft")
    assert back.is_disabled()
    assert page.get_by_text("Not possible now: People have already applied").is_visible()
    screenshot(page, "cohort-start-program-back-to-draft-disabled")

    page.goto(f"/o/{org.slug}/cohorts/{cohort.pk}/")
    screenshot(page, "cohort-start-class-page")
    page.get_by_role("button", name="Start the cohort").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Start the cohort?").is_visible()
    for text in ("Mentees: 4 of 5 places", "Mentors: 3 of 3 places", "Applications close early."):
        assert page.get_by_text(text).first.is_visible(), text
    for name in [*PLACED, *MENTORS, *LEFT_OUT]:
        assert page.get_by_text(name, exact=True).is_visible(), name
    assert page.get_by_text("This is 62 days before the program starts").is_visible()
    screenshot(page, "cohort-start-confirmation")

    page.get_by_role("button", name="Start the cohort").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("alert").get_by_text("The cohort has not started.").is_visible()
    assert page.get_by_role("alert").get_by_text("Applications are open until").is_visible()
    assert page.locator("#id_close_applications_early-error").is_visible()
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.SELECTING and not Notification.objects.exists()
    screenshot(page, "cohort-start-refused-window-open")

    page.get_by_label("Close applications early").check()
    page.get_by_role("button", name="Start the cohort").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("2027 class has started and Rising Leaders 2027 is now active.").is_visible()
    cohort.refresh_from_db()
    program.refresh_from_db()
    assert cohort.status == CohortStatus.ACTIVE and program.status == ProgramStatus.ACTIVE
    assert Notification.objects.filter(kind="class_placed").count() == len(PLACED) + len(MENTORS)
    assert Notification.objects.filter(kind="application_waitlisted").count() == len(LEFT_OUT)
    screenshot(page, "cohort-start-started")
