"""The program lifecycle, in one place: which status may follow which, and what it is called.

    draft → applications open → selecting → active → completed

Two steps go back: an open program with no applications yet may return to draft, and a
program in selection may reopen applications (for instance to find more mentors). The
preconditions of each step are checked by ``programs.services.programs.program_transition``.
"""

from dataclasses import dataclass

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
