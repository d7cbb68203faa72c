"""Writes to a program's eligibility rules (data the one evaluator in programs/eligibility.py reads)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from organizations.clock import organization_today
from organizations.text import join_names
from programs.eligibility import RULES, RuleInput, normalize_rule_value
from programs.models import ApplicantRole, EligibilityRule, Program, ProgramStatus, RuleKind
from programs.selectors import rule_value_choices

# Rules stop changing once selection starts: people were evaluated against them.
RULES_EDITABLE_IN = {ProgramStatus.DRAFT, ProgramStatus.APPLICATIONS_OPEN}


def _check_editable(program: Program) -> None:
    if program.status not in RULES_EDITABLE_IN:
        raise ValidationError(
            f"Eligibility rules can only change while the program is a draft or taking applications; "
            f"this one is “{program.get_status_display()}”."
        )


def _on_roster(*, program: Program, kind: str, value: Any, stored: Any = None) -> Any:
    """``value`` with each department, level or location spelled as on the roster, or a
    ValidationError naming what the roster does not have. Values already ``stored`` in the rule
    may stay (the editor shows them flagged); a new one must be on today's roster, so a typo
    such as "Enginering" cannot save a rule nobody can meet."""
    spec = RULES[kind]
    if spec.roster_field is None:
        return value
    today = organization_today(program.organization)
    choices = rule_value_choices(kind=kind, as_of=today, stored=stored)
    spelled = {str(choice.value).casefold(): choice.value for choice in choices}
    given = value if isinstance(value, list) else [value]
    missing = [str(item) for item in given if str(item).casefold() not in spelled]
    if missing:
        noun = spec.roster_field
        if noun == "level":
            missing = [f"level {item}" for item in missing]
        else:
            missing = [f"“{item}”" for item in missing]
        one = len(missing) == 1
        raise ValidationError(
            {
                "value": f"{join_names(missing)} {'is' if one else 'are'} not on today's roster of "
                f"{program.organization.name} (no current employee has {'that' if one else 'those'} "
                f"{noun}{'' if one else 's'}); choose from the list."
            }
        )
    if spec.input == RuleInput.NAMES:
        return [spelled[str(item).casefold()] for item in given]
    return value


@transaction.atomic
def eligibility_rule_create(
    *, program: Program, applies_to: str, kind: str, value: Any, actor
) -> EligibilityRule:
    """Add a rule for mentees or mentors (peers, in peer circles); each kind of rule appears once
    per role, and the departments, levels or locations it names must be on today's roster."""
    _check_editable(program)
    if applies_to not in program.roles:
        raise ValidationError(
            {
                "applies_to": "A peer-circle program has one set of rules, for peers."
                if program.is_peer_circles
                else "Rules apply to mentees or to mentors."
            }
        )
    if kind not in RuleKind.values:
        raise ValidationError({"kind": "Choose a kind of rule."})
    if program.eligibility_rules.filter(applies_to=applies_to, kind=kind).exists():
        who, what = ApplicantRole(applies_to).label, RuleKind(kind).label
        raise ValidationError({"kind": f"{who}s already have a “{what}” rule; edit that one instead."})
    value = normalize_rule_value(kind=kind, value=value, organization=program.organization)
    return EligibilityRule.objects.create(
        organization=program.organization,
        program=program,
        applies_to=applies_to,
        kind=kind,
        value=_on_roster(program=program, kind=kind, value=value),
    )


@transaction.atomic
def eligibility_rule_update(*, rule: EligibilityRule, value: Any, actor) -> EligibilityRule:
    """Change a rule's value; departments, levels and locations must be on today's roster
    (or already in the rule)."""
    _check_editable(rule.program)
    value = normalize_rule_value(kind=rule.kind, value=value, organization=rule.organization)
    rule.value = _on_roster(program=rule.program, kind=rule.kind, value=value, stored=rule.value)
    rule.save(update_fields=["value", "updated_at"])
    return rule


@transaction.atomic
def eligibility_rule_delete(*, rule: EligibilityRule, actor) -> None:
    _check_editable(rule.program)
    rule.delete()
