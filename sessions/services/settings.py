"""A program's mentoring settings: check-in schedule and pair-health thresholds."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from programs.models import Program
from sessions.models import MentoringSettings

EDITABLE_FIELDS = (
    "first_checkin_weeks",
    "checkin_interval_weeks",
    "at_risk_cadence_factor",
    "stalled_after_days",
    "never_met_stalled_days",
    "at_risk_overdue_milestones",
    "at_risk_usefulness_at_most",
)


def mentoring_settings_for(*, program: Program) -> MentoringSettings:
    """The program's settings, made with the defaults the first time they are needed."""
    found = MentoringSettings.objects.filter(program=program).select_related("program").first()
    if found is not None:
        return found
    with transaction.atomic():
        settings, _ = MentoringSettings.objects.get_or_create(
            program=program, defaults={"organization_id": program.organization_id}
        )
    settings.program = program
    return settings


@transaction.atomic
def mentoring_settings_update(*, actor, program: Program, **values) -> MentoringSettings:
    """Change a program's thresholds and check-in schedule; every value is checked first.

    Raises ``ValidationError`` naming each bad field; nothing is saved then.
    """
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not a mentoring setting: {sorted(unknown)}")
    settings = mentoring_settings_for(program=program)
    settings = MentoringSettings.objects.select_for_update().get(pk=settings.pk)
    for name, value in values.items():
        if name == "at_risk_cadence_factor" and value is not None:
            value = Decimal(value)
        setattr(settings, name, value)
    settings.full_clean(exclude=["organization", "program", "updated_by"])
    if settings.stalled_after_days and settings.never_met_stalled_days > settings.stalled_after_days:
        raise ValidationError(
            {
                "never_met_stalled_days": (
                    "A pair that has never met should count as stalled no later than one that "
                    f"has not met for {settings.stalled_after_days} days."
                )
            }
        )
    settings.updated_by = actor
    settings.save()
    settings.program = program
    return settings
