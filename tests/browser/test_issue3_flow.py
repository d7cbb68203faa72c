"""Issue 3 end to end, in a real browser: a manager designs a program and opens applications;
an eligible employee applies as a mentee, a newcomer applies and is told why they can't, a
senior colleague applies as a mentor; the manager accepts the eligible applicants, chooses a
varied class with the selection assistant and starts the cohort.

A few colleagues applied earlier (through the same service the apply page calls), so the
assistant has a real choice: more accepted mentees than places, most of them engineers.

Every step is saved as artifacts/screenshots/issue3-NN-*.png.
"""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from organizations.months import add_months, add_years
from organizations.roles import Role
from programs.models import ApplicantRole, Application, ApplicationStatus, Program, ProgramStatus
from programs.services.applications import application_submit
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (name, department, level, role): colleagues who applied before the three in the browser.
EARLIER_APPLICANTS = [
    ("Ava Brooks", "Engineering", 2, ApplicantRole.MENTEE),
    ("Ben Carter", "Engineering", 2, ApplicantRole.MENTEE),
    ("Chloe Diaz", "Engineering", 3, ApplicantRole.MENTEE),
    ("Dev Patel", "Engineering", 2, ApplicantRole.MENTEE),
    ("Elif Demir", "Sales", 3, ApplicantRole.MENTEE),
    ("Grace Kim", "Marketing", 4, ApplicantRole.MENTEE),
    ("Sofia Alvarez", "Operations", 7, ApplicantRole.MENTOR),
]
MENTEE_PLACES, MENTOR_PLACES = 4, 2


def _local_input(moment: datetime.datetime, tz: zoneinfo.ZoneInfo) -> str:
    """The value a datetime-local input takes, on the organization's clock."""
    return moment.astimezone(tz).strftime("%Y-%m-%dT%H:%M")


def _roster_member(org, *, name, department, level, hire_date, rating=3, email=None):
    user = UserFactory(email=email or f"{name.split()[0].lower()}@acme.test", full_name=name)
    MembershipFactory(organization=org, user=user, role=Role.MEMBER)
    EmployeeFactory(
        organization=org,
        user=user,
        email=user.email,
        name=name,
        department=department,
        level=level,
        hire_date=hire_date,
        performance_rating=rating,
    )
    return user


def _sign_in_as(page, sign_in, user):
    page.context.clear_cookies()
    sign_in(page, user)


def _apply(page, *, role: str, motivation: str, wish: str):
    page.check(f"input[name=role][value={role}]")
    page.fill("textarea[name=motivation]", motivation)
    page.fill(f"textarea[name={'learning_goals' if role == 'mentee' else 'offer'}]", wish)


def test_issue3_from_a_new_program_to_an_active_cohort(
    page, sign_in, screenshot, org, manager, mentee, mentor, mailoutbox
):
    tz = zoneinfo.ZoneInfo(org.timezone)
    today = timezone.localdate(timezone=tz)
    # Eligible: more than two years in the company, rated "Meets expectations" (3 of 5).
    EmployeeFactory(
        organization=org, user=mentee, email=mentee.email, name="Mia Morales", department="Finance",
        level=2, hire_date=add_years(today, -2) - datetime.timedelta(days=40), performance_rating=3,
    )  # fmt: skip
    EmployeeFactory(
        organization=org, user=mentor, email=mentor.email, name="Max Oyelaran", department="Engineering",
        level=6, hire_date=datetime.date(2012, 5, 1), performance_rating=4,
    )  # fmt: skip
    # Ineligible: hired three months ago (and a few days, so the count can't slip at midnight).
    newcomer = _roster_member(
        org,
        name="Noah Newhire",
        department="Sales",
        level=2,
        hire_date=add_months(today, -3) - datetime.timedelta(days=3),
    )

    # 1. The manager designs the program and opens applications.
    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/programs/manage/")
    screenshot(page, "issue3-01-manager-programs")
    page.get_by_role("button", name="New program").click()
    page.get_by_role("link", name="Start from a blank design").click()
    # The form suggests a start date; the name carries its year, as the help text asks.
    program_name = f"Rising Leaders {page.input_value('input[name=start_date]')[:4]}"
    page.fill("input[name=name]", program_name)
    page.fill("textarea[name=description]", "A year with a mentor for people who want to lead a team.")
    page.select_option("select[name=purpose]", "retention")
    page.fill("input[name=target_metric]", "12-month voluntary attrition of participants (%)")
    page.fill("input[name=target_baseline]", "18")
    page.fill("input[name=target_value]", "12")
    now = timezone.now()
    page.fill("input[name=applications_open_at]", _local_input(now - datetime.timedelta(hours=1), tz))
    page.fill("input[name=applications_close_at]", _local_input(now + datetime.timedelta(days=21), tz))
    page.fill("input[name=mentee_limit]", str(MENTEE_PLACES))
    page.fill("input[name=mentor_limit]", str(MENTOR_PLACES))
    screenshot(page, "issue3-02-program-form")
    page.get_by_role("button", name="Create draft program").click()
    page.wait_for_load_state("networkidle")
    program = Program.objects.get()
    assert program.status == ProgramStatus.DRAFT
    assert page.get_by_text("is saved as a draft").is_visible()
    screenshot(page, "issue3-03-program-draft")

    page.get_by_role("button", name="Open applications").click()
    page.wait_for_load_state("networkidle")
    program.refresh_from_db()
    assert program.status == ProgramStatus.APPLICATIONS_OPEN
    assert page.get_by_text(f"{program_name} is now “Applications open”.").is_visible()
    # A class can be started while applications come in.
    assert page.get_by_role("button", name="Choose the class").is_visible()
    screenshot(page, "issue3-04-applications-open")

    for name, department, level, role in EARLIER_APPLICANTS:
        colleague = _roster_member(
            org, name=name, department=department, level=level, hire_date=datetime.date(2018, 3, 1)
        )
        application_submit(
            program=program,
            user=colleague,
            role=role,
            motivation="I want to grow and help others grow.",
            learning_goals="Leading people." if role == ApplicantRole.MENTEE else "",
            offer="Fifteen years of operations." if role == ApplicantRole.MENTOR else "",
        )

    # 2. An eligible employee applies as a mentee.
    _sign_in_as(page, sign_in, mentee)
    page.goto(f"/o/{org.slug}/programs/")
    assert page.get_by_role("heading", name=program_name).is_visible()
    screenshot(page, "issue3-05-member-sees-open-program")
    page.get_by_role("button", name="Read more and apply").click()
    _apply(
        page,
        role="mentee",
        motivation="I run our month-end close and want to lead the team that does it.",
        wish="Giving feedback; delegating; planning a team's year.",
    )
    screenshot(page, "issue3-06-mentee-apply-form")
    page.get_by_role("button", name="Send my application").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Your application is in.").is_visible()
    assert page.locator(".your-application").get_by_text("Submitted").is_visible()
    assert page.get_by_text("You meet the program's rules.").is_visible()
    screenshot(page, "issue3-07-mentee-application-submitted")

    # 3. A newcomer is told why they can't apply, in plain words with their value and the rule's,
    # before writing anything: there is no form to fill in.
    _sign_in_as(page, sign_in, newcomer)
    page.goto(f"/o/{org.slug}/programs/{program.pk}/")
    standing = page.locator(".standing")
    assert standing.get_by_role("heading", name="You can't apply to this program today").is_visible()
    reason = "You have 3 months' tenure; this program asks for at least 12."
    assert standing.get_by_text(reason).first.is_visible()
    assert page.get_by_role("button", name="Send my application").count() == 0
    screenshot(page, "issue3-08-newcomer-sees-why")
    # His application from before the rules were checked up front is kept, for the manager to weigh.
    application_submit(
        program=program,
        user=newcomer,
        role=ApplicantRole.MENTEE,
        motivation="I am new and want to grow fast.",
        learning_goals="How the company works.",
    )

    # 4. A senior colleague applies as a mentor.
    _sign_in_as(page, sign_in, mentor)
    page.goto(f"/o/{org.slug}/programs/{program.pk}/")
    _apply(
        page,
        role="mentor",
        motivation="Someone took a chance on me once.",
        wish="Twenty years of engineering; leading teams through reorganizations.",
    )
    screenshot(page, "issue3-09-mentor-apply-form")
    page.get_by_role("button", name="Send my application").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Your application is in.").is_visible()
    screenshot(page, "issue3-10-mentor-application-submitted")

    by_name = {a.employee.name: a for a in Application.objects.select_related("employee")}
    assert by_name["Mia Morales"].status == ApplicationStatus.SUBMITTED and by_name["Mia Morales"].eligible
    assert by_name["Noah Newhire"].status == ApplicationStatus.INELIGIBLE
    assert by_name["Noah Newhire"].eligibility_failures[0]["person_value"] == 3
    assert by_name["Noah Newhire"].eligibility_failures[0]["required_value"] == 12
    assert by_name["Max Oyelaran"].status == ApplicationStatus.SUBMITTED

    # 5. The manager reviews: only the eligible ones, all ticked, accepted.
    _sign_in_as(page, sign_in, manager)
    page.goto(f"/o/{org.slug}/programs/manage/{program.pk}/")
    page.get_by_role("button", name="Review applications").click()
    assert page.get_by_role("link", name="Noah Newhire").is_visible()
    screenshot(page, "issue3-11-review-all-applications")
    page.select_option("select[name=eligible]", "yes")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Noah Newhire").count() == 0
    page.get_by_label("Tick every application on this page").check()
    page.select_option("select[name=decision]", "accepted")
    screenshot(page, "issue3-12-review-eligible-ticked")
    page.get_by_role("button", name="Apply decision").click()
    page.wait_for_load_state("networkidle")
    eligible_count = len(EARLIER_APPLICANTS) + 2
    assert page.get_by_text(f"{eligible_count} applications now accepted").is_visible()
    screenshot(page, "issue3-13-review-accepted")
    accepted = Application.objects.filter(program=program, status=ApplicationStatus.ACCEPTED)
    assert accepted.count() == eligible_count
    assert Application.objects.get(employee__name="Noah Newhire").status == ApplicationStatus.INELIGIBLE
    assert any(mentee.email in message.to for message in mailoutbox)

    # 6. Close applications, then choose the class from the program's page.
    page.get_by_role("link", name=program_name).click()
    page.get_by_role("button", name="Close applications and start selecting").click()
    page.wait_for_load_state("networkidle")
    program.refresh_from_db()
    assert program.status == ProgramStatus.SELECTING
    screenshot(page, "issue3-14-program-selecting")
    page.get_by_role("button", name="Choose the class").click()
    assert page.get_by_role("heading", name=f"Choose the class of {program_name}").is_visible()
    screenshot(page, "issue3-15-class-start")
    page.get_by_role("button", name="Start choosing the class").click()
    page.wait_for_load_state("networkidle")
    cohort = Cohort.objects.get(program=program)
    assert (cohort.mentee_limit, cohort.mentor_limit) == (MENTEE_PLACES, MENTOR_PLACES)
    screenshot(page, "issue3-16-class-empty")

    # 7. The selection assistant proposes a varied class of mentees, then of mentors.
    page.locator("#mentees").get_by_role("button", name="Propose a varied class").click()
    assert page.get_by_role("heading", name="A varied class of mentees").is_visible()
    assert page.locator("table.heat-table").count() == 2
    screenshot(page, "issue3-17-mentee-proposal")
    page.get_by_role("button", name="Use this class").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(f"The proposed class is in place: {MENTEE_PLACES} mentees added.").is_visible()
    screenshot(page, "issue3-18-mentees-in-class")

    page.locator("#mentors").get_by_role("button", name="Propose a varied class").click()
    assert page.get_by_role("heading", name="A varied class of mentors").is_visible()
    screenshot(page, "issue3-19-mentor-proposal")
    page.get_by_role("button", name="Use this class").click()
    page.wait_for_load_state("networkidle")

    # 8. Start the cohort: a confirmation says what will happen, then it starts.
    page.get_by_role("button", name="Start the cohort").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Start the cohort?").is_visible()
    page.get_by_role("button", name="Start the cohort").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(f"{cohort.name} has started and {program_name} is now active.").is_visible()
    screenshot(page, "issue3-20-cohort-active")

    cohort.refresh_from_db()
    program.refresh_from_db()
    assert cohort.status == CohortStatus.ACTIVE and cohort.activated_at is not None
    assert program.status == ProgramStatus.ACTIVE
    selected = Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED)
    mentees_in = selected.filter(role=ApplicantRole.MENTEE)
    assert mentees_in.count() == MENTEE_PLACES
    # Spread across departments: one from each of the four, not the first four engineers.
    assert set(mentees_in.values_list("employee__department", flat=True)) == {
        "Engineering",
        "Finance",
        "Sales",
        "Marketing",
    }
    assert mentees_in.filter(employee__name="Mia Morales").exists()
    assert set(selected.filter(role=ApplicantRole.MENTOR).values_list("employee__name", flat=True)) == {
        "Max Oyelaran",
        "Sofia Alvarez",
    }
    assert not selected.filter(employee__name="Noah Newhire").exists()
    assert all(
        p.application.status == ApplicationStatus.ACCEPTED for p in selected.select_related("application")
    )
    for name in ("Mia Morales", "Max Oyelaran", "Sofia Alvarez"):
        assert page.locator("section.role-section").get_by_text(name, exact=True).is_visible()

    # The program's page now says it is active and leads back to its class.
    page.get_by_role("link", name=program_name).click()
    assert page.locator(".steps li.current").inner_text() == "Active"
    assert page.get_by_role("button", name="Open the class").is_visible()
    screenshot(page, "issue3-21-program-active")

    # 9. The mentee sees she is in.
    _sign_in_as(page, sign_in, mentee)
    page.goto(f"/o/{org.slug}/programs/{program.pk}/")
    assert page.get_by_text("You're in!").is_visible()
    screenshot(page, "issue3-22-mentee-accepted")
