"""Trust profiles in a real browser: a mentee fills theirs, picks two passions and is told
to pick three, then saves; the manager sees them at 100% on the cohort's profiles page.
Screenshots go to artifacts/screenshots/trust-profile-*.png."""

import pytest

from cohorts.models import CohortStatus, TrustProfile
from programs.models import ApplicantRole
from tests.cohorts.factories import CohortFactory, ParticipantFactory, TrustProfileFactory, employee_of_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mentee_fills_their_trust_profile_and_the_manager_sees_it_complete(
    page, sign_in, screenshot, org, mentee, manager
):
    cohort = CohortFactory(
        program__organization=org, program__name="Leadership Bridge 2026", status=CohortStatus.ACTIVE
    )
    me = ParticipantFactory(
        cohort=cohort,
        application__employee=employee_of_user(mentee, org, name="Mia Mentee", department="Finance"),
    )
    TrustProfileFactory(
        participant__cohort=cohort,
        participant__application__role=ApplicantRole.MENTOR,
        participant__application__employee__name="Marco Mentor",
    )
    ParticipantFactory(cohort=cohort, application__employee__name="Nina Notyet")

    sign_in(page, mentee)
    page.goto(f"/o/{org.slug}/")
    page.get_by_role("link", name="My profile").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="My trust profile").is_visible()
    screenshot(page, "trust-profile-my-cohorts")

    page.get_by_role("button", name="Fill in my profile").click()
    page.wait_for_load_state("networkidle")
    form = page.locator("form.profile-form")
    form.get_by_label("Integrity").check()
    form.get_by_label("Growth").check()
    page.locator("label.passion-card", has_text="Connector").click()
    page.locator("label.passion-card", has_text="Teacher").click()
    page.fill("textarea[name=purpose_statement]", "I want Finance to be the team people ask first, not last.")
    page.locator("#id_strengths").get_by_label("Writing").check()
    page.locator("#id_learning_wishes").get_by_label("Negotiation").check()
    page.locator("#id_learning_wishes").get_by_label("Presenting to leadership").check()
    screenshot(page, "trust-profile-form-two-passions")
    page.get_by_role("button", name="Save the profile").click()
    page.wait_for_load_state("networkidle")

    assert page.get_by_text("Nothing was saved yet.").is_visible()
    assert page.get_by_text("Pick exactly 3 passions, your dominant three. You picked 2.").first.is_visible()
    assert not TrustProfile.objects.filter(participant=me).exists()
    assert page.locator("label.passion-card", has_text="Connector").locator("input").is_checked()
    screenshot(page, "trust-profile-two-passions-refused")

    page.locator("label.passion-card", has_text="Builder").click()
    page.get_by_role("button", name="Save the profile").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Your trust profile is saved and complete.").is_visible()
    assert page.get_by_role("heading", name="Mia Mentee").is_visible()
    profile = TrustProfile.objects.get(participant=me)
    assert sorted(profile.passions) == ["Builder", "Connector", "Teacher"]
    assert profile.is_complete
    screenshot(page, "trust-profile-saved")

    page.context.clear_cookies()
    sign_in(page, manager)
    page.goto(f"/o/{org.slug}/cohorts/{cohort.pk}/")
    page.get_by_role("link", name="Trust profiles", exact=True).click()
    page.wait_for_load_state("networkidle")
    row = page.locator("tr", has_text="Mia Mentee")
    assert row.locator(".completion-figure").inner_text() == "100%"
    assert row.get_by_label("Profile completion").get_attribute("value") == "100"
    assert row.get_by_text("complete", exact=True).is_visible()
    assert page.locator("tr", has_text="Nina Notyet").get_by_text("not started").is_visible()
    screenshot(page, "trust-profile-manager-list")

    row.get_by_role("link", name="View profile").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("I want Finance to be the team people ask first, not last.").is_visible()
    screenshot(page, "trust-profile-manager-view")

    page.go_back()
    page.get_by_role("button", name="Passions, values and skills").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Passions, values and skills").is_visible()
    screenshot(page, "trust-profile-framework")
