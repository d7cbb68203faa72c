"""A program's mentoring settings: check-in schedule, pair-health thresholds, and when a silent
pair is warned and then flagged."""

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
    "silence_warning_days",
    "silence_flag_days",
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


def mentoring_settings_for_programs(programs) -> dict[int, MentoringSettings]:
    """Each program's settings by program id, in one query; a program that never needed its
    settings yet gets the defaults, unsaved (a read writes nothing)."""
    programs = list(programs)
    found = {
        settings.program_id: settings
        for settings in MentoringSettings.objects.filter(program__in=[program.pk for program in programs])
    }
    result = {}
    for program in programs:
        settings = found.get(program.pk) or MentoringSettings(
            organization_id=program.organization_id, program=program
        )
        settings.program = program
        result[program.pk] = settings
    return result


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
    # Health follows these thresholds: the program's stored facts are judged again when read.
    from sessions.stored_facts import pair_facts_expire  # it reads these settings itself

    pair_facts_expire(programs=[program])
    return settings
