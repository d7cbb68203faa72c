"""Writes that design a program: create, edit, phases, lifecycle, copy for next year."""

import datetime
import re
import zoneinfo
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from organizations.clock import organization_tz
from organizations.models import Organization
from organizations.months import add_months, add_years
from programs.dates import PROGRAM_DATES, applications_range, program_end_range, target_range
from programs.eligibility import default_rules
from programs.lifecycle import transition_blocker
from programs.models import (
    ApplicantRole,
    Application,
    EligibilityRule,
    MatchingMode,
    Program,
    ProgramPhase,
    ProgramStatus,
    Purpose,
    Structure,
)
from programs.templates_catalog import program_template

PROGRAM_LENGTH_MONTHS = 12

# Every field a manager designs; copying a program copies exactly these.
DESIGN_FIELDS = [
    "name",
    "description",
    "purpose",
    "purpose_custom",
    "target_metric",
    "target_baseline",
    "target_value",
    "target_by",
    "structure",
    "matching_mode",
    "group_size",
    "start_date",
    "end_date",
    "meeting_cadence_days",
    "applications_open_at",
    "applications_close_at",
    "mentee_limit",
    "mentor_limit",
]


def default_end_date(start_date: datetime.date) -> datetime.date:
    """Programs run twelve calendar months unless the manager says otherwise."""
    try:
        return add_months(start_date, PROGRAM_LENGTH_MONTHS)
    except ValueError:  # a start in year 9999: its own error (validate_program_design) says why
        return start_date


def default_phases(start_date: datetime.date, end_date: datetime.date) -> list[tuple[str, datetime.date]]:
    return [
        ("Kickoff", start_date),
        ("Mid-year review", min(add_months(start_date, 6), end_date)),
        ("Close", end_date),
    ]


def validate_program_design(program: Program, *, check_fields: bool = True) -> None:
    """Raise every design error at once, keyed by field. Forms call it too, so people see all
    problems in one go; ``check_fields=False`` skips the per-field checks a ModelForm already made."""
    errors: dict[str, str] = {}
    program.name = (program.name or "").strip()
    if not program.name:
        errors["name"] = "Give the program a name."
    if program.purpose == Purpose.CUSTOM and not (program.purpose_custom or "").strip():
        errors["purpose_custom"] = "Describe the custom purpose in a few words."
    if program.purpose != Purpose.CUSTOM:
        program.purpose_custom = ""
    has_target_numbers = program.target_baseline is not None or program.target_value is not None
    if has_target_numbers and not (program.target_metric or "").strip():
        errors["target_metric"] = "Say what the baseline and target measure."
    if program.structure == Structure.ONE_TO_ONE:
        program.group_size = None
    elif not program.group_size or program.group_size < 2:
        errors["group_size"] = "Group and peer-circle programs need a group size of at least 2."
    errors |= _date_errors(program)
    opens, closes = program.applications_open_at, program.applications_close_at
    if (opens is None) != (closes is None):
        errors["applications_close_at"] = "Set both when applications open and when they close, or neither."
    elif opens and closes and "applications_close_at" not in errors and closes <= opens:
        errors["applications_close_at"] = "Applications must close after they open."
    if program.structure != Structure.PEER_CIRCLE and not program.mentor_limit:
        errors["mentor_limit"] = "One-to-one and group programs need at least one mentor."
    if program.structure == Structure.PEER_CIRCLE:
        program.mentor_limit = 0  # a circle has peers only: no mentor places to count or fill
        if program.matching_mode == MatchingMode.HYBRID:
            errors["matching_mode"] = "Peer circles have no mentors to rank; choose manager-matched."
    if program.matching_mode not in MatchingMode.values:
        errors["matching_mode"] = "Choose manager-matched or hybrid."
    if errors:
        raise ValidationError(errors)
    if check_fields:
        program.full_clean(exclude=["organization", "created_by", "copied_from"])


def _date_errors(program: Program) -> dict[str, str]:
    """Every date of the design within its range (``programs/dates.py``): no year 1 or 9999."""
    errors: dict[str, str] = {}
    for name in ("start_date", "end_date"):
        value = getattr(program, name)
        if value and (problem := PROGRAM_DATES.date_problem(value, what="a date")):
            errors[name] = problem
    if errors or not (program.start_date and program.end_date):
        return errors
    if program.end_date <= program.start_date:
        return {"end_date": "The program must end after it starts."}
    if problem := program_end_range(program.start_date).date_problem(program.end_date, what="an end date"):
        return {"end_date": problem}
    if program.target_by and (problem := target_range(program).date_problem(program.target_by)):
        errors["target_by"] = problem
    window = applications_range(program)
    for name in ("applications_open_at", "applications_close_at"):
        moment = getattr(program, name)
        if moment and (problem := window.moment_problem(moment, organization=program.organization)):
            errors[name] = problem
    return errors


@transaction.atomic
def program_create(*, organization: Organization, actor, template: str = "", **design) -> Program:
    """Create a draft program with its phases and eligibility rules.

    ``design`` takes the fields in ``DESIGN_FIELDS``; an empty ``end_date`` becomes twelve
    months after ``start_date``. With a ``template`` key (``programs/templates_catalog.py``)
    the phases and rules are the template's and the program remembers it (its matching weights
    start from the template's); without one they are the defaults.
    """
    unknown = set(design) - set(DESIGN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown program fields: {sorted(unknown)}")
    catalog = program_template(template)
    if template and catalog is None:
        raise ValidationError({"template": f"There is no program template “{template}”."})
    if design.get("start_date") and not design.get("end_date"):
        design["end_date"] = default_end_date(design["start_date"])
    program = Program(
        organization=organization,
        created_by=actor,
        status=ProgramStatus.DRAFT,
        template=catalog.key if catalog else "",
        **design,
    )
    validate_program_design(program)
    program.save()
    if catalog is not None:
        phases = catalog.dated_phases(program.start_date, program.end_date)
        rules = catalog.rules(organization)
    else:
        phases = default_phases(program.start_date, program.end_date)
        rules = default_rules(organization)
    ProgramPhase.objects.bulk_create(
        ProgramPhase(organization=organization, program=program, name=name, date=date, order=order)
        for order, (name, date) in enumerate(phases)
    )
    EligibilityRule.objects.bulk_create(
        EligibilityRule(organization=organization, program=program, applies_to=role, kind=kind, value=value)
        for role, kind, value in rules_for_structure(rules, program.structure, organization)
    )
    return program


def rules_for_structure(rules, structure: str, organization: Organization) -> list[tuple[str, str, object]]:
    """``(applies_to, kind, value)`` rules fitted to ``structure``: a peer-circle program has one
    set, for peers (the mentees' rules, as people join a circle to grow); pairs and groups have
    the mentees' and the mentors' (the defaults' mentor rules when only peer rules are given)."""
    rules = list(rules)
    if structure == Structure.PEER_CIRCLE:
        if any(role == ApplicantRole.PEER for role, _, _ in rules):
            return [rule for rule in rules if rule[0] == ApplicantRole.PEER]
        return [
            (ApplicantRole.PEER, kind, value) for role, kind, value in rules if role == ApplicantRole.MENTEE
        ]
    fitted = [
        (ApplicantRole.MENTEE if role == ApplicantRole.PEER else role, kind, value)
        for role, kind, value in rules
    ]
    if not any(role == ApplicantRole.MENTOR for role, _, _ in fitted):
        fitted += [rule for rule in default_rules(organization) if rule[0] == ApplicantRole.MENTOR]
    return fitted


def _refit_rules(program: Program) -> None:
    """After a change of structure: the stored rules rewritten for the new one's roles."""
    stored = [(r.applies_to, r.kind, r.value) for r in program.eligibility_rules.all()]
    program.eligibility_rules.all().delete()
    EligibilityRule.objects.bulk_create(
        EligibilityRule(
            organization=program.organization, program=program, applies_to=role, kind=kind, value=value
        )
        for role, kind, value in rules_for_structure(stored, program.structure, program.organization)
    )


@transaction.atomic
def program_update(*, program: Program, actor, **design) -> Program:
    """Change a program's design. Completed programs are history and stay as they were.

    Phases still on their default dates move with new start and end dates; phases the
    manager dated by hand stay put.
    """
    if program.status == ProgramStatus.COMPLETED:
        raise ValidationError("This program is completed; copy it for next year to change its design.")
    unknown = set(design) - set(DESIGN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown program fields: {sorted(unknown)}")
    if "start_date" in design and not design.get("end_date"):
        design["end_date"] = default_end_date(design["start_date"])
    old_defaults = dict(default_phases(program.start_date, program.end_date))
    old_roles = program.roles
    for name, value in design.items():
        setattr(program, name, value)
    validate_program_design(program)
    if program.roles != old_roles:
        if Application.objects.filter(program=program).exists():
            raise ValidationError(
                {
                    "structure": "People have already applied as "
                    f"{' and '.join(ApplicantRole(r).label.lower() + 's' for r in old_roles)}; "
                    "the structure can no longer change between peer circles and mentoring."
                }
            )
        _refit_rules(program)
    program.save()
    new_defaults = dict(default_phases(program.start_date, program.end_date))
    for phase in program.phases.all():
        on_old_default = phase.name in old_defaults and phase.date == old_defaults[phase.name]
        if on_old_default and phase.date != new_defaults[phase.name]:
            phase.date = new_defaults[phase.name]
            phase.save(update_fields=["date"])
    return program


@dataclass(frozen=True)
class PhaseInput:
    name: str
    date: datetime.date
    id: int | None = None


@transaction.atomic
def program_phases_save(*, program: Program, actor, phases: list[PhaseInput]) -> list[ProgramPhase]:
    """Replace the program's phases with ``phases`` (rows with an id are kept and edited)."""
    if program.status == ProgramStatus.COMPLETED:
        raise ValidationError("This program is completed; its phases can no longer change.")
    errors = []
    for phase in phases:
        if not phase.name.strip():
            errors.append("Every phase needs a name.")
        elif not program.start_date <= phase.date <= program.end_date:
            errors.append(
                f"“{phase.name}” is on {phase.date:%d %b %Y}, outside the program "
                f"({program.start_date:%d %b %Y} – {program.end_date:%d %b %Y})."
            )
    if errors:
        raise ValidationError(errors)
    existing = {phase.pk: phase for phase in program.phases.all()}
    keep = []
    for order, data in enumerate(sorted(phases, key=lambda p: p.date)):
        phase = existing.get(data.id) or ProgramPhase(organization=program.organization, program=program)
        phase.name, phase.date, phase.order = data.name.strip(), data.date, order
        phase.save()
        keep.append(phase)
    program.phases.exclude(pk__in=[p.pk for p in keep]).delete()
    return keep


@transaction.atomic
def program_transition(
    *, program: Program, to_status: str, actor, now: datetime.datetime | None = None
) -> Program:
    """Move ``program`` to ``to_status`` if the lifecycle allows it and its preconditions hold.

    The allowed steps are ``programs.lifecycle.ALLOWED_TRANSITIONS``. Preconditions: opening
    applications needs a window that has not yet closed; going back to draft needs no
    applications; starting the program needs at least one accepted mentee; apps above programs
    add theirs. ``programs.lifecycle.transition_blocker`` decides, so the page and this agree.
    """
    now = now or timezone.now()
    # Lock the row and re-read its status, so two managers clicking at once can't both pass.
    program.status = Program.objects.select_for_update().values_list("status", flat=True).get(pk=program.pk)
    if to_status not in ProgramStatus.values:
        raise ValidationError(f"“{to_status}” is not a program status.")
    if reason := transition_blocker(program, to_status, now):
        raise ValidationError(reason)
    program.status = to_status
    program.status_changed_at = now
    program.save(update_fields=["status", "status_changed_at", "updated_at"])
    return program


def _next_year_name(name: str, start_year: int) -> str:
    """ "Rising Leaders 2026" → "Rising Leaders 2027"; a name without the year gets one."""
    if re.search(rf"\b{start_year}\b", name):
        return re.sub(rf"\b{start_year}\b", str(start_year + 1), name)
    return f"{name} ({start_year + 1})"


def _shift_moment(moment: datetime.datetime | None, tz: zoneinfo.ZoneInfo) -> datetime.datetime | None:
    """One year later on the organization's wall clock (so 09:00 stays 09:00 across DST)."""
    if moment is None:
        return None
    local = moment.astimezone(tz)
    shifted = datetime.datetime.combine(add_years(local.date(), 1), local.time().replace(tzinfo=None))
    return timezone.make_aware(shifted, tz)


@transaction.atomic
def program_copy_for_next_year(*, program: Program, actor) -> Program:
    """A new draft with the same design, phases and eligibility rules, every date a year later."""
    tz = organization_tz(program.organization)
    design = {name: getattr(program, name) for name in DESIGN_FIELDS}
    design.update(
        name=_next_year_name(program.name, program.start_date.year),
        start_date=add_years(program.start_date, 1),
        end_date=add_years(program.end_date, 1),
        target_by=add_years(program.target_by, 1) if program.target_by else None,
        applications_open_at=_shift_moment(program.applications_open_at, tz),
        applications_close_at=_shift_moment(program.applications_close_at, tz),
    )
    copy = Program(
        organization=program.organization,
        created_by=actor,
        status=ProgramStatus.DRAFT,
        copied_from=program,
        template=program.template,
        **design,
    )
    validate_program_design(copy)
    copy.save()
    ProgramPhase.objects.bulk_create(
        ProgramPhase(
            organization=program.organization,
            program=copy,
            name=phase.name,
            date=add_years(phase.date, 1),
            order=phase.order,
        )
        for phase in program.phases.all()
    )
    EligibilityRule.objects.bulk_create(
        EligibilityRule(
            organization=program.organization,
            program=copy,
            applies_to=rule.applies_to,
            kind=rule.kind,
            value=rule.value,
        )
        for rule in program.eligibility_rules.all()
    )
    return copy
