"""What erasing a person removes in the matching app (organizations/erasure.py): the reasons
they gave for a rematch. Pairs, ranks and requests stay as facts."""

from matching.models import RematchRequest
from organizations.erasure import register_eraser


def erase_rematch_reasons(organization, employee, user) -> int:
    return RematchRequest.objects.filter(organization=organization, participant__employee=employee).update(
        reason=""
    )


def register() -> None:
    register_eraser(erase_rematch_reasons)
