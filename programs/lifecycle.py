"""The program lifecycle, in one place: which status may follow which, and what it is called.

    draft → applications open → selecting → active → completed

Two steps go back: an open program with no applications yet may return to draft, and a
program in selection may reopen applications (for instance to find more mentors).

Whether a step can be taken now, and why not, is ``transition_blocker`` (one answer for the
program page, which shows an impossible step disabled with its reason, and for
``programs.services.programs.program_transition``, which refuses it). Apps above programs add
their own reasons with ``register_transition_check`` (cohorts: a program whose class exists
cannot go back to draft); the layers forbid asking them directly.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from programs.models import ApplicantRole, ApplicationStatus, Program
from programs.models import ProgramStatus as S


@dataclass(frozen=True)
class Transition:
    to_status: str
    action: str
    explanation: str


ALLOWED_TRANSITIONS: dict[str, tuple[Transition, ...]] = {
    S.DRAFT: (
        Transition(
            S.APPLICATIONS_OPEN,
            "Open applications",
            "Members can apply between the opening and closing moments of the application window.",
        ),
    ),
    S.APPLICATIONS_OPEN: (
        Transition(
            S.SELECTING,
            "Close applications and start selecting",
            "No new applications are taken; you pick the class from the accepted applicants.",
        ),
        Transition(S.DRAFT, "Back to draft", "Only while nobody has applied yet."),
    ),
    S.SELECTING: (
        Transition(S.ACTIVE, "Start the program", "Needs at least one accepted mentee."),
        Transition(
            S.APPLICATIONS_OPEN,
            "Reopen applications",
            "Members can apply again until the window closes; extend the window first if it has.",
        ),
    ),
    S.ACTIVE: (Transition(S.COMPLETED, "Mark as completed", "The program year is over."),),
    S.COMPLETED: (),
}


def allowed_transitions(status: str) -> tuple[Transition, ...]:
    return ALLOWED_TRANSITIONS.get(status, ())


def is_allowed(from_status: str, to_status: str) -> bool:
    return any(t.to_status == to_status for t in allowed_transitions(from_status))


# check(program, to_status) -> why the step can't be taken now, or "" when it can.
TransitionCheck = Callable[[Program, str], str]
_checks: list[TransitionCheck] = []


def register_transition_check(check: TransitionCheck) -> None:
    """Add a reason from an app above programs (called from its ``AppConfig.ready()``)."""
    if check not in _checks:
        _checks.append(check)


def transition_checks_are_registered() -> bool:
    return bool(_checks)


def _not_allowed(program: Program, to_status: str) -> str:
    allowed = ", ".join(f"“{S(t.to_status).label}”" for t in allowed_transitions(program.status))
    return f"A program that is “{program.get_status_display()}” can't become “{S(to_status).label}”." + (
        f" From here it can become {allowed}." if allowed else " It is finished."
    )


def transition_blocker(program: Program, to_status: str, now: datetime.datetime | None = None) -> str:
    """Why ``program`` can't move to ``to_status`` now, in a sentence; "" when it can."""
    now = now or timezone.now()
    if not is_allowed(program.status, to_status):
        return _not_allowed(program, to_status)
    if to_status == S.APPLICATIONS_OPEN:
        if not (program.applications_open_at and program.applications_close_at):
            return (
                "Set the application window (when applications open and close) before opening applications."
            )
        if program.applications_close_at <= now:
            return "The application window has already closed; move its closing date into the future first."
    elif to_status == S.DRAFT:
        if program.applications.exists():
            return (
                "People have already applied, so the program can't go back to draft. "
                "Close applications instead."
            )
    elif to_status == S.ACTIVE:
        # The class is built around its mentees, or in peer circles its peers.
        lead = program.roles[0]
        accepted = program.applications.filter(role=lead, status=ApplicationStatus.ACCEPTED)
        if not accepted.exists():
            return f"Accept at least one {ApplicantRole(lead).label.lower()} before starting the program."
    for check in _checks:
        if reason := check(program, to_status):
            return reason
    return ""


@dataclass(frozen=True)
class TransitionChoice:
    """A step the lifecycle offers from the program's status, and why it can't be taken now."""

    transition: Transition
    blocked_because: str

    @property
    def possible(self) -> bool:
        return not self.blocked_because


def transition_choices(program: Program, now: datetime.datetime | None = None) -> list[TransitionChoice]:
    """Every step offered from ``program``'s status, each with ``transition_blocker``'s answer."""
    now = now or timezone.now()
    return [
        TransitionChoice(transition=t, blocked_because=transition_blocker(program, t.to_status, now))
        for t in allowed_transitions(program.status)
    ]
