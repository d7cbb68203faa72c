"""Project teams end to end in a browser: a senior leader posts a challenge, the manager accepts
it, forms teams and seats the council, a team uploads its recommendation, two council members
score, one flags a mentee, and HR finds them in the talent pool. Screenshots:
artifacts/screenshots/teams-*.png."""

import pytest

from cohorts.teams.models import CouncilReview, TalentFlag, TeamFile, TeamMember
from organizations.roles import Role
from tests.cohorts.factories import CohortFactory, ParticipantFactory, employee_of_user
from tests.cohorts.teams.factories import BusinessChallengeFactory, leader_employee
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEPARTMENTS = ("Sales", "Engineering", "Finance", "Operations")


@pytest.fixture
def world(org, senior_leader, mentee):
    cohort = CohortFactory(
        program__organization=org, program__status="active", status="active", name="Leadership Bridge 2026"
    )
    leader_employee(org, senior_leader, department="Marketing", level=9, name="Lena Leader")
    cfo = MembershipFactory(
        organization=org,
        role=Role.SENIOR_LEADER,
        user=UserFactory(email="cfo@acme.test", full_name="Carl CFO"),
    ).user
    cfo_row = leader_employee(org, cfo, department="Finance", level=9, name="Carl CFO")
    ParticipantFactory(
        cohort=cohort,
        application__employee=employee_of_user(mentee, org, department="Sales", level=2, name="Mia Mentee"),
    )
    for index in range(7):
        employee = EmployeeFactory(
            organization=org,
            department=DEPARTMENTS[index % 4],
            level=1 + index % 3,
            name=f"Colleague {index + 1}",
        )
        ParticipantFactory(cohort=cohort, application__employee=employee)
    BusinessChallengeFactory(
        cohort=cohort,
        sponsor=cfo_row,
        accepted=True,
        title="Close the books in three days",
        problem="Month-end close takes nine working days.",
    )
    return {"cohort": cohort, "cfo": cfo}


def _as(page, sign_in, user):
    page.context.clear_cookies()
    sign_in(page, user)


def test_a_challenge_becomes_a_scored_team_and_a_flag_hr_can_find(
    page, sign_in, screenshot, org, world, senior_leader, manager, mentee, hr_analyst, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    cohort, cfo = world["cohort"], world["cfo"]
    page.set_viewport_size({"width": 1366, "height": 768})  # a laptop

    # The senior leader posts a challenge.
    _as(page, sign_in, senior_leader)
    page.goto(f"/o/{org.slug}/teams/")
    screenshot(page, "teams-leader-home")
    page.get_by_role("button", name="Submit a challenge").first.click()
    page.fill("#id_title", "Halve first-year customer churn")
    page.fill("#id_problem", "One new customer in five leaves within a year.")
    page.fill("#id_why_it_matters", "Each lost customer costs a year of revenue.")
    page.fill("#id_expected_outcome", "A tested onboarding change and a business case.")
    screenshot(page, "teams-challenge-form")
    page.get_by_role("button", name="Submit the challenge").click()
    page.get_by_text("is submitted").wait_for()
    screenshot(page, "teams-challenge-posted")

    # The manager accepts it, forms teams of four and seats the council.
    _as(page, sign_in, manager)
    page.goto(f"/o/{org.slug}/teams/cohort/{cohort.pk}/challenges/")
    page.get_by_role("row", name="Halve first-year customer churn").get_by_role(
        "button", name="Accept"
    ).click()
    page.get_by_text("is accepted").wait_for()
    page.get_by_role("button", name="Form teams").click()
    page.fill("#size", "4")
    page.get_by_role("button", name="Propose teams").click()
    page.get_by_text("Proposed teams").wait_for()
    screenshot(page, "teams-formation-proposal")
    page.get_by_role("button", name="Apply these teams").click()
    page.get_by_text("Teams formed").wait_for()
    screenshot(page, "teams-formation-applied")
    assert TeamMember.objects.filter(team__cohort=cohort).count() == 8
    page.goto(f"/o/{org.slug}/teams/cohort/{cohort.pk}/council/")
    page.get_by_label("Lena Leader").check()
    page.get_by_label("Carl CFO").check()
    page.get_by_role("button", name="Save the council").click()
    page.get_by_text("The council has 2 members").wait_for()
    screenshot(page, "teams-council")

    # Mia's team uploads its recommendation.
    team = TeamMember.objects.select_related("team__challenge").get(participant__employee__user=mentee).team
    pdf = tmp_path / "recommendation.pdf"
    pdf.write_bytes(b"%PDF-1.7 Our recommendation")
    _as(page, sign_in, mentee)
    page.goto(f"/o/{org.slug}/teams/")
    page.get_by_role("link", name=team.challenge.title).click()
    page.fill("#id_recommendation", "Call every new customer in week two; our pilot kept 36 of 40.")
    page.get_by_role("button", name="Save the recommendation").click()
    page.get_by_text("Recommendation saved").wait_for()
    page.set_input_files("#id_file", str(pdf))
    page.get_by_label("This is our final recommendation").check()
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("uploaded").wait_for()
    screenshot(page, "teams-space")
    assert TeamFile.objects.get().is_recommendation

    # Two council members score: each team they do not sponsor.
    for reviewer, scores in ((cfo, ("4", "5", "4", "3")), (senior_leader, ("3", "4", "5", "4"))):
        _as(page, sign_in, reviewer)
        page.goto(f"/o/{org.slug}/teams/")
        while page.get_by_role("button", name="Score", exact=True).count():
            page.get_by_role("button", name="Score", exact=True).first.click()
            rows = page.locator(".score-sheet tbody tr")
            for index, score in enumerate(scores):
                rows.nth(index).get_by_label(score, exact=True).check()
            page.fill("textarea[name=comment]", "Clear problem and numbers; show the cost.")
            if reviewer == cfo:
                screenshot(page, "teams-score-sheet")
            page.get_by_role("button", name="Submit my scores").click()
            page.get_by_text("Your scores for").wait_for()
            page.goto(f"/o/{org.slug}/teams/")
        screenshot(page, f"teams-leader-overview-{'cfo' if reviewer == cfo else 'lena'}")
    assert CouncilReview.objects.filter(submitted_at__isnull=False).count() == 2  # nobody scores their own
    page.goto(f"/o/{org.slug}/teams/cohort/{cohort.pk}/results/")
    screenshot(page, "teams-results")

    # Lena flags Mia; HR finds her in the pool.
    page.goto(f"/o/{org.slug}/teams/cohort/{cohort.pk}/talent/")
    page.select_option("#id_participant", label="Mia Mentee (Sales)")
    page.select_option("#id_readiness", "ready_soon")
    page.fill("#id_note", "Led the pilot calls; presented with calm authority.")
    page.get_by_role("button", name="Flag").click()
    page.get_by_text("is in the talent pool").wait_for()
    screenshot(page, "teams-talent-flag")
    assert TalentFlag.objects.get().participant.employee.user == mentee

    _as(page, sign_in, hr_analyst)
    page.goto(f"/o/{org.slug}/teams/talent/")
    page.select_option("select[name=department]", "Sales")
    page.get_by_role("button", name="Filter").click()
    page.get_by_text("Led the pilot calls").wait_for()
    screenshot(page, "teams-talent-pool")
