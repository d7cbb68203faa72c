"""What erasing a person removes in the programs app (organizations/erasure.py): the words of
their applications; the applications stay as facts (program, role, status, dates)."""

from organizations.erasure import register_eraser
from programs.models import Application


def erase_applications(organization, employee, user) -> int:
    return Application.objects.filter(organization=organization, employee=employee).update(
        motivation="", learning_goals="", offer="", override_reason=""
    )


def register() -> None:
    register_eraser(erase_applications)
