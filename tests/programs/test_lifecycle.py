"""Every lifecycle step: the allowed ones with their preconditions, and every forbidden one."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programs.lifecycle import ALLOWED_TRANSITIONS, is_allowed, transition_blocker, transition_choices
from programs.models import ApplicationStatus, ProgramStatus
from programs.services.programs import program_transition
from tests.programs.factories import ApplicationFactory, ProgramFactory

S = ProgramStatus
ALLOWED = {
    (S.DRAFT, S.APPLICATIONS_OPEN),
    (S.APPLICATIONS_OPEN, S.SELECTING),
    (S.APPLICATIONS_OPEN, S.DRAFT),
    (S.SELECTING, S.ACTIVE),
    (S.SELECTING, S.APPLICATIONS_OPEN),
    (S.ACTIVE, S.COMPLETED),
}
ALL_PAIRS = [(a, b) for a, b in itertools.product(S.values, S.values) if a != b]


def ready_program(org, status):
    """A program in ``status`` that meets every precondition of every step out of it."""
    now = timezone.now()
    program = ProgramFactory(
        organization=org,
        status=status,
        applications_open_at=now - datetime.timedelta(days=1),
        applications_close_at=now + datetime.timedelta(days=10),
    )
    if status in (S.SELECTING,):
        ApplicationFactory(program=program, status=ApplicationStatus.ACCEPTED)
    return program


def test_the_table_is_the_one_described_here():
    table = {(a, t.to_status) for a, steps in ALLOWED_TRANSITIONS.items() for t in steps}
    assert table == ALLOWED


@pytest.mark.parametrize(("from_status", "to_status"), sorted(ALLOWED))
def test_allowed_steps_go_through(org, manager, from_status, to_status):
    program = ready_program(org, from_status)
    program_transition(program=program, to_status=to_status, actor=manager)
    program.refresh_from_db()
    assert program.status == to_status
    assert program.status_changed_at is not None


@pytest.mark.parametrize(("from_status", "to_status"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_forbidden_steps_are_refused_with_a_clear_message(org, manager, from_status, to_status):
    program = ready_program(org, from_status)
    with pytest.raises(ValidationError) as error:
        program_transition(program=program, to_status=to_status, actor=manager)
    assert f"can't become “{S(to_status).label}”" in error.value.messages[0]
    program.refresh_from_db()
    assert program.status == from_status
    assert not is_allowed(from_status, to_status)


def test_an_unknown_status_is_refused(org, manager):
    with pytest.raises(ValidationError, match="not a program status"):
        program_transition(program=ProgramFactory(organization=org), to_status="archived", actor=manager)


def test_opening_applications_needs_a_window(org, manager):
    program = ProgramFactory(organization=org)
    with pytest.raises(ValidationError, match="Set the application window"):
        program_transition(program=program, to_status=S.APPLICATIONS_OPEN, actor=manager)


def test_opening_applications_needs_a_window_that_has_not_closed(org, manager):
    now = timezone.now()
    program = ProgramFactory(
        organization=org,
        applications_open_at=now - datetime.timedelta(days=10),
        applications_close_at=now - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="already closed"):
        program_transition(program=program, to_status=S.APPLICATIONS_OPEN, actor=manager)


def test_reopening_from_selection_needs_a_window_that_has_not_closed(org, manager):
    now = timezone.now()
    program = ProgramFactory(
        organization=org,
        status=S.SELECTING,
        applications_open_at=now - datetime.timedelta(days=10),
        applications_close_at=now - datetime.timedelta(minutes=1),
    )
    with pytest.raises(ValidationError, match="already closed"):
        program_transition(program=program, to_status=S.APPLICATIONS_OPEN, actor=manager)


def test_going_back_to_draft_is_refused_once_someone_applied(org, manager):
    program = ready_program(org, S.APPLICATIONS_OPEN)
    ApplicationFactory(program=program)
    with pytest.raises(ValidationError, match="already applied"):
        program_transition(program=program, to_status=S.DRAFT, actor=manager)


def test_starting_needs_an_accepted_mentee(org, manager):
    program = ProgramFactory(organization=org, status=S.SELECTING)
    ApplicationFactory(program=program, status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(program=program, role="mentor", status=ApplicationStatus.ACCEPTED)
    with pytest.raises(ValidationError, match="Accept at least one mentee"):
        program_transition(program=program, to_status=S.ACTIVE, actor=manager)
    ApplicationFactory(program=program, status=ApplicationStatus.ACCEPTED)
    program_transition(program=program, to_status=S.ACTIVE, actor=manager)
    assert program.status == S.ACTIVE


# Whether each step is possible now, and why not: one answer for the page and the service


def test_each_offered_step_says_whether_it_is_possible_and_why_not(org):
    program = ready_program(org, S.APPLICATIONS_OPEN)
    assert [(c.transition.to_status, c.possible) for c in transition_choices(program)] == [
        (S.SELECTING, True),
        (S.DRAFT, True),
    ]
    ApplicationFactory(program=program)
    back = [c for c in transition_choices(program) if c.transition.to_status == S.DRAFT][0]
    assert not back.possible
    assert back.blocked_because.startswith("People have already applied")


@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS)
def test_the_service_refuses_exactly_what_the_blocker_names(org, manager, from_status, to_status):
    program = ProgramFactory(organization=org, status=from_status)
    reason = transition_blocker(program, to_status)
    if reason:
        with pytest.raises(ValidationError) as error:
            program_transition(program=program, to_status=to_status, actor=manager)
        assert error.value.messages == [reason]
    else:
        program_transition(program=program, to_status=to_status, actor=manager)
        assert program.status == to_status
