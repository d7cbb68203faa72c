"""The cohort pages in a real browser: a manager starts a program's class, looks at the
proposed class and its spread, uses it, runs into the limit, promotes from the waitlist and
starts the cohort. Screenshots go to artifacts/screenshots/cohort-*.png."""

import pytest

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from programs.models import ApplicantRole, ApplicationStatus, ProgramStatus
from tests.cohorts.factories import applicant
from tests.programs.factories import ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A pool skewed the way real ones are: most early applicants are junior engineers.
MENTEES = [
    ("Engineering", 2), ("Engineering", 2), ("Engineering", 3), ("Engineering", 2), ("Engineering", 3),
    ("Engineering", 2), ("Engineering", 4), ("Sales", 2), ("Sales", 3), ("Finance", 3), ("Finance", 5),
    ("Marketing", 4), ("Operations", 2), ("Legal", 5), ("Operations", 6), ("People", 3),
]  # fmt: skip
MENTORS = [
    ("Engineering", 6),
    ("Engineering", 7),
    ("Finance", 7),
    ("Sales", 6),
    ("Operations", 8),
    ("Legal", 7),
]
NAMES = [
    "Ava Brooks", "Ben Carter", "Chloe Diaz", "Dev Patel", "Elif Demir", "Finn O'Neill", "Grace Kim",
    "Hugo Laurent", "Ines Duarte", "Jonas Weber", "Kira Sato", "Liam Murphy", "Maya Cohen", "Nils Berg",
    "Olu Adeyemi", "Priya Nair", "Quinn Reid", "Rosa Marin", "Sam Okafor", "Tara Singh", "Uma Rossi",
    "Victor Haas",
]  # fmt: skip


def test_choosing_a_varied_class_and_starting_the_cohort(page, sign_in, screenshot, org, manager):
    program = ProgramFactory(
        organization=org,
        name="Rising Leaders 2026",
        status=ProgramStatus.SELECTING,
        mentee_limit=8,
        mentor_limit=4,
    )
    names = iter(NAMES)
    for n, (department, level) in enumerate(MENTEES):
        applicant(program, department=department, level=level, days_ago=40 - n, name=next(names))
    for n, (department, level) in enumerate(MENTORS):
        applicant(
            program,
            department=department,
            level=level,
            role=ApplicantRole.MENTOR,
            days_ago=30 - n,
            name=next(names),
        )
    waiting = applicant(
        program, department="Finance", level=2, status=ApplicationStatus.WAITLISTED, name="Zoe Waits"
    )

    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/cohorts/")
    screenshot(page, "cohort-list")
    page.get_by_role("button", name="Choose the class").click()
    page.get_by_role("button", name="Start choosing the class").click()
    page.wait_for_load_state("networkidle")
    cohort = Cohort.objects.get(program=program)
    assert page.url.endswith(f"/cohorts/{cohort.pk}/")
    screenshot(page, "cohort-empty")

    page.locator("#mentees").get_by_role("button", name="Propose a varied class").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="A varied class of mentees").is_visible()
    assert page.locator("table.heat-table").count() == 2
    assert page.locator("figure.share-chart svg").count() == 2
    screenshot(page, "cohort-proposal")
    page.get_by_role("button", name="Use this class").click()
    page.wait_for_load_state("networkidle")
    selected = Participant.objects.filter(
        cohort=cohort, role=ApplicantRole.MENTEE, status=ParticipantStatus.SELECTED
    )
    assert selected.count() == 8
    assert selected.values("employee__department").distinct().count() == 7
    assert page.get_by_text("The proposed class is in place: 8 mentees added.").is_visible()

    # The class is full: adding someone by hand is refused with the reason.
    page.locator("#mentees").get_by_role("button", name="Add").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("The class is full (8 of 8 mentees). Remove someone first.").is_visible()
    screenshot(page, "cohort-full")

    page.locator("#mentees").get_by_role("button", name="Mark withdrawn").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Promote next from waitlist: Zoe Waits").click()
    page.wait_for_load_state("networkidle")
    assert selected.filter(application=waiting).exists()

    page.locator("#mentors").get_by_role("button", name="Propose a varied class").click()
    page.get_by_role("button", name="Use this class").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Start the cohort").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Start the cohort?").is_visible()
    page.get_by_role("button", name="Start the cohort").click()
    page.wait_for_load_state("networkidle")
    cohort.refresh_from_db()
    program.refresh_from_db()
    assert cohort.status == CohortStatus.ACTIVE and program.status == ProgramStatus.ACTIVE
    screenshot(page, "cohort-active")
