"""Writes to a program's eligibility rules (data the one evaluator in programs/eligibility.py reads)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from programs.eligibility import normalize_rule_value
from programs.models import ApplicantRole, EligibilityRule, Program, ProgramStatus, RuleKind

# Rules stop changing once selection starts: people were evaluated against them.
RULES_EDITABLE_IN = {ProgramStatus.DRAFT, ProgramStatus.APPLICATIONS_OPEN}


def _check_editable(program: Program) -> None:
    if program.status not in RULES_EDITABLE_IN:
        raise ValidationError(
            f"Eligibility rules can only change while the program is a draft or taking applications; "
            f"this one is “{program.get_status_display()}”."
        )


@transaction.atomic
def eligibility_rule_create(
    *, program: Program, applies_to: str, kind: str, value: Any, actor
) -> EligibilityRule:
    """Add a rule for mentees or mentors; each kind of rule appears once per role."""
    _check_editable(program)
    if applies_to not in ApplicantRole.values:
        raise ValidationError({"applies_to": "Rules apply to mentees or to mentors."})
    if kind not in RuleKind.values:
        raise ValidationError({"kind": "Choose a kind of rule."})
    if program.eligibility_rules.filter(applies_to=applies_to, kind=kind).exists():
        who, what = ApplicantRole(applies_to).label, RuleKind(kind).label
        raise ValidationError({"kind": f"{who}s already have a “{what}” rule; edit that one instead."})
    return EligibilityRule.objects.create(
        organization=program.organization,
        program=program,
        applies_to=applies_to,
        kind=kind,
        value=normalize_rule_value(kind=kind, value=value, organization=program.organization),
    )


@transaction.atomic
def eligibility_rule_update(*, rule: EligibilityRule, value: Any, actor) -> EligibilityRule:
    _check_editable(rule.program)
    rule.value = normalize_rule_value(kind=rule.kind, value=value, organization=rule.organization)
    rule.save(update_fields=["value", "updated_at"])
    return rule


@transaction.atomic
def eligibility_rule_delete(*, rule: EligibilityRule, actor) -> None:
    _check_editable(rule.program)
    rule.delete()
