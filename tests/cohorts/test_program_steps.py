"""A program's class stands in the way of some of the program's own steps, and the program page
says so before anyone clicks (programs/lifecycle.py asks cohorts/program_steps.py)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cohorts import services
from programs.lifecycle import transition_blocker, transition_choices
from programs.models import ProgramStatus
from programs.services.programs import program_transition
from tests.cohorts.factories import CohortFactory, ParticipantFactory
from tests.programs.factories import ProgramFactory

S = ProgramStatus


def test_a_program_whose_class_exists_cannot_go_back_to_draft(org, manager):
    cohort = CohortFactory(program=ProgramFactory(organization=org, open_now=True), name="2026 class")
    reason = transition_blocker(cohort.program, S.DRAFT)
    assert reason == "The class “2026 class” exists, so the program can't go back to draft."
    with pytest.raises(ValidationError, match="can't go back to draft"):
        program_transition(program=cohort.program, to_status=S.DRAFT, actor=manager)
    cohort.program.refresh_from_db()
    assert cohort.program.status == S.APPLICATIONS_OPEN


def test_a_program_whose_class_is_being_chosen_starts_with_its_cohort(org, manager):
    cohort = CohortFactory(program__organization=org)
    ParticipantFactory(cohort=cohort)
    choice = {c.transition.to_status: c for c in transition_choices(cohort.program)}[S.ACTIVE]
    assert not choice.possible and choice.blocked_because.startswith("Start the cohort from the class page")
    with pytest.raises(ValidationError, match="Start the cohort from the class page"):
        program_transition(program=cohort.program, to_status=S.ACTIVE, actor=manager)
    services.cohort_activate(cohort=cohort, actor=manager)
    cohort.program.refresh_from_db()
    assert cohort.program.status == S.ACTIVE


def test_the_program_page_shows_back_to_draft_disabled_with_the_class_as_reason(org, client_for, manager):
    cohort = CohortFactory(program=ProgramFactory(organization=org, open_now=True), name="2026 class")
    url = reverse("programs:detail", kwargs={"org_slug": org.slug, "pk": cohort.program_id})
    page = client_for(manager).get(url)
    body = page.content.decode()
    assert "disabled" in re.search(r"<button[^>]*>Back to draft</button>", body).group(0)
    assert "Not possible now: The class “2026 class” exists" in body


def test_the_start_up_check_fails_without_a_registered_transition_check(monkeypatch):
    from programs import checks, lifecycle

    assert checks.transition_checks_registered() == []
    monkeypatch.setattr(lifecycle, "_checks", [])
    assert [error.id for error in checks.transition_checks_registered()] == ["programs.E003"]


def test_marking_an_active_program_completed_completes_its_class(org, manager):
    """The program page's "Mark as completed" is the product's end of the year: the class ends
    with it, so its people are no longer "in an active cohort" and may apply next year."""
    from cohorts.models import CohortStatus
    from cohorts.selectors import employee_ids_in_active_cohorts

    cohort = CohortFactory(program__organization=org, program__status=S.ACTIVE, status=CohortStatus.ACTIVE)
    employee = ParticipantFactory(cohort=cohort).employee
    assert employee_ids_in_active_cohorts(org, [employee.pk]) == {employee.pk}

    program_transition(program=cohort.program, to_status=S.COMPLETED, actor=manager)

    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.COMPLETED
    assert employee_ids_in_active_cohorts(org, [employee.pk]) == set()


def test_completing_the_class_completes_the_program_once(org, manager):
    from cohorts.models import CohortStatus

    cohort = CohortFactory(program__organization=org, program__status=S.ACTIVE, status=CohortStatus.ACTIVE)
    services.cohort_complete(cohort=cohort, actor=manager)
    cohort.refresh_from_db()
    cohort.program.refresh_from_db()
    assert (cohort.status, cohort.program.status) == (CohortStatus.COMPLETED, S.COMPLETED)


def test_the_start_up_check_fails_without_a_registered_transition_effect(monkeypatch):
    from programs import checks, lifecycle

    assert checks.transition_effects_registered() == []
    monkeypatch.setattr(lifecycle, "_effects", [])
    assert [error.id for error in checks.transition_effects_registered()] == ["programs.E004"]


def test_the_start_up_check_fails_without_a_registered_class_link_reader(monkeypatch):
    from programs import checks, class_link

    assert checks.class_link_reader_registered() == []
    monkeypatch.setattr(class_link, "_reader", [])
    assert [error.id for error in checks.class_link_reader_registered()] == ["programs.E005"]


def test_the_class_link_leads_to_the_class_or_to_starting_one(org):
    from cohorts.program_steps import program_class_link

    program = CohortFactory(program__organization=org, program__status=S.SELECTING).program
    link = program_class_link(org.slug, program)
    assert link.exists and link.url.endswith(f"/program/{program.pk}/")

    weighing = ProgramFactory(organization=org, status=S.APPLICATIONS_OPEN)
    assert not program_class_link(org.slug, weighing).exists
    assert program_class_link(org.slug, ProgramFactory(organization=org, status=S.DRAFT)) is None
