"""Eligibility: rules are data, and one function evaluates them against the roster.

Each ``RuleKind`` has a ``RuleSpec`` below: what kind of value it takes, how to say it in plain
words, and a small checker that compares one employee with the rule on an explicit date. The
checker returns a ``RuleFailure`` (the person's value, the required value and a sentence the
applicant can read) or ``None``. ``evaluate_eligibility`` runs every rule and returns every
failure, never stopping at the first, so an applicant learns everything at once.

Roster data that a rule needs but the roster lacks (no rating, no department…) fails that rule
with a message saying what is missing, rather than passing silently or crashing.

Tenure counts whole calendar months (see ``organizations/months.py``): hired 2025-03-15, evaluated
2026-03-15 → 12 months; evaluated 2026-03-14 → 11.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from organizations.models import Employee, Organization
from organizations.months import whole_months_between
from organizations.roster.parsing import LEVEL_MAX
from organizations.text import join_names
from programs.models import ApplicantRole, RuleKind
from programs.participation import employees_in_active_cohorts

MENTOR_DEFAULT_MIN_TENURE_MONTHS = 12
MENTEE_DEFAULT_MIN_TENURE_MONTHS = 12


@dataclass(frozen=True)
class RuleFailure:
    rule: str
    label: str
    person_value: Any
    required_value: Any
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class EligibilityContext:
    """What evaluation needs beyond the employee row, gathered once for many employees."""

    organization: Organization
    active_cohort_employee_ids: frozenset[int] = field(default_factory=frozenset)

    def rating_label(self, position: int | None) -> str:
        return self.organization.rating_label(position) or (f"rating {position}" if position else "")


def eligibility_context(organization: Organization, employees: Iterable[Employee]) -> EligibilityContext:
    """One call to the participation source for all ``employees``, not one per person."""
    ids = [employee.pk for employee in employees]
    return EligibilityContext(
        organization=organization,
        active_cohort_employee_ids=frozenset(employees_in_active_cohorts(organization, ids)),
    )


class RuleInput:
    """Which kind of value a rule takes; forms and validation follow it."""

    MONTHS = "months"
    RATING = "rating"
    LEVEL = "level"
    NAMES = "names"
    NONE = "none"


Checker = Callable[[Any, Employee, datetime.date, EligibilityContext], RuleFailure | None]


@dataclass(frozen=True)
class RuleSpec:
    kind: str
    input: str
    checker: Checker
    describe: Callable[[Any, EligibilityContext], str]
    # The roster column whose values the rule names (its editor offers only those), if any.
    roster_field: str | None = None

    @property
    def label(self) -> str:
        return RuleKind(self.kind).label


def _names(values: list[str]) -> str:
    return join_names(values, conjunction="or")


def _folded(values: Iterable[str]) -> set[str]:
    return {v.strip().casefold() for v in values}


def _fail(kind: str, person_value: Any, required_value: Any, message: str) -> RuleFailure:
    return RuleFailure(
        rule=kind,
        label=RuleKind(kind).label,
        person_value=person_value,
        required_value=required_value,
        message=message,
    )


def _months(n: int) -> str:
    return f"{n} month" if n == 1 else f"{n} months"


def _tenure(n: int) -> str:
    """ "1 month's tenure", "11 months' tenure"."""
    return f"{n} month's tenure" if n == 1 else f"{n} months' tenure"


def _check_min_tenure(value, employee, as_of, context):
    if employee.hire_date is None:
        return _fail(
            RuleKind.MIN_TENURE_MONTHS,
            None,
            value,
            f"Your hire date is missing from the HR roster, so your tenure can't be checked; this "
            f"program asks for at least {_months(value)}. Ask HR to add it.",
        )
    tenure = whole_months_between(employee.hire_date, as_of)
    if tenure >= value:
        return None
    return _fail(
        RuleKind.MIN_TENURE_MONTHS,
        tenure,
        value,
        f"You have {_tenure(tenure)}; this program asks for at least {value}.",
    )


def _check_min_rating(value, employee, as_of, context):
    required = context.rating_label(value)
    if employee.performance_rating is None:
        return _fail(
            RuleKind.MIN_RATING,
            None,
            required,
            f"Your performance rating is missing from the HR roster; this program asks for "
            f"“{required}” or better. Ask HR to add it.",
        )
    if employee.performance_rating >= value:
        return None
    return _fail(
        RuleKind.MIN_RATING,
        context.rating_label(employee.performance_rating),
        required,
        f"Your latest performance rating is “{context.rating_label(employee.performance_rating)}”; "
        f"this program asks for “{required}” or better.",
    )


def _check_names(kind: str, attribute: str, noun: str, allowed: bool):
    """Departments and locations: the same check with different words."""

    def check(value, employee, as_of, context):
        mine = (getattr(employee, attribute) or "").strip()
        listed = _names(value)
        if not mine:
            return _fail(
                kind,
                None,
                value,
                f"Your {noun} is missing from the HR roster, so this rule can't be checked "
                f"({RuleKind(kind).label.lower()}: {listed}). Ask HR to add it.",
            )
        inside = mine.casefold() in _folded(value)
        if inside == allowed:
            return None
        where = "work in" if noun == "department" else "are based in"
        people = "people in" if noun == "department" else "people based in"
        if allowed:
            message = f"You {where} {mine}; this program is open to {people} {listed} only."
        else:
            message = f"You {where} {mine}; this program is not open to {people} {mine}."
        return _fail(kind, mine, value, message)

    return check


def _check_level(minimum: bool):
    kind = RuleKind.MIN_LEVEL if minimum else RuleKind.MAX_LEVEL

    def check(value, employee, as_of, context):
        bound = f"level {value} or {'above' if minimum else 'below'}"
        if employee.level is None:
            return _fail(
                kind,
                None,
                value,
                f"Your level is missing from the HR roster; this program is for {bound}. Ask HR to add it.",
            )
        if (employee.level >= value) if minimum else (employee.level <= value):
            return None
        return _fail(
            kind, employee.level, value, f"You are at level {employee.level}; this program is for {bound}."
        )

    return check


def _check_not_in_active_cohort(value, employee, as_of, context):
    if employee.pk not in context.active_cohort_employee_ids:
        return None
    return _fail(
        RuleKind.NOT_IN_ACTIVE_COHORT,
        "in an active cohort",
        "not in an active cohort",
        "You are already taking part in an active cohort; this program is for people who are not.",
    )


def _check_not_terminated(value, employee, as_of, context):
    left = employee.termination_date
    if left is None:
        return None
    if left <= as_of:
        message = f"The HR roster shows you left on {left:%d %B %Y}; this program is for current employees."
    else:
        message = (
            f"The HR roster shows you are leaving on {left:%d %B %Y}; this program is for people "
            "who stay for the whole year."
        )
    return _fail(RuleKind.NOT_TERMINATED, left.isoformat(), "no termination date", message)


RULES: dict[str, RuleSpec] = {
    spec.kind: spec
    for spec in [
        RuleSpec(
            RuleKind.MIN_TENURE_MONTHS,
            RuleInput.MONTHS,
            _check_min_tenure,
            lambda v, c: f"At least {_tenure(v)}",
        ),
        RuleSpec(
            RuleKind.MIN_RATING,
            RuleInput.RATING,
            _check_min_rating,
            lambda v, c: f"Performance rating “{c.rating_label(v)}” or better",
        ),
        RuleSpec(
            RuleKind.DEPARTMENTS_ALLOWED,
            RuleInput.NAMES,
            _check_names(RuleKind.DEPARTMENTS_ALLOWED, "department", "department", allowed=True),
            lambda v, c: f"Works in {_names(v)}",
            "department",
        ),
        RuleSpec(
            RuleKind.DEPARTMENTS_EXCLUDED,
            RuleInput.NAMES,
            _check_names(RuleKind.DEPARTMENTS_EXCLUDED, "department", "department", allowed=False),
            lambda v, c: f"Does not work in {_names(v)}",
            "department",
        ),
        RuleSpec(
            RuleKind.MIN_LEVEL,
            RuleInput.LEVEL,
            _check_level(True),
            lambda v, c: f"Level {v} or above",
            "level",
        ),
        RuleSpec(
            RuleKind.MAX_LEVEL,
            RuleInput.LEVEL,
            _check_level(False),
            lambda v, c: f"Level {v} or below",
            "level",
        ),
        RuleSpec(
            RuleKind.LOCATIONS_ALLOWED,
            RuleInput.NAMES,
            _check_names(RuleKind.LOCATIONS_ALLOWED, "location", "location", allowed=True),
            lambda v, c: f"Based in {_names(v)}",
            "location",
        ),
        RuleSpec(
            RuleKind.LOCATIONS_EXCLUDED,
            RuleInput.NAMES,
            _check_names(RuleKind.LOCATIONS_EXCLUDED, "location", "location", allowed=False),
            lambda v, c: f"Not based in {_names(v)}",
            "location",
        ),
        RuleSpec(
            RuleKind.NOT_IN_ACTIVE_COHORT,
            RuleInput.NONE,
            _check_not_in_active_cohort,
            lambda v, c: "Not already in an active cohort",
        ),
        RuleSpec(
            RuleKind.NOT_TERMINATED,
            RuleInput.NONE,
            _check_not_terminated,
            lambda v, c: "Still employed (no leaving date in the roster)",
        ),
    ]
}


def evaluate_eligibility(
    *, rules: Iterable, employee: Employee, as_of: datetime.date, context: EligibilityContext
) -> list[RuleFailure]:
    """Every rule ``employee`` fails on ``as_of``; an empty list means eligible.

    ``rules`` are ``EligibilityRule`` rows (or anything with ``kind`` and ``value``) for one role.
    """
    failures = []
    for rule in rules:
        failure = RULES[rule.kind].checker(rule.value, employee, as_of, context)
        if failure is not None:
            failures.append(failure)
    return failures


def describe_rule(rule, context: EligibilityContext) -> str:
    """The rule in plain words: "At least 12 months' tenure"."""
    return RULES[rule.kind].describe(rule.value, context)


def normalize_rule_value(*, kind: str, value: Any, organization: Organization) -> Any:
    """The value to store for a rule of ``kind``, or ValidationError saying what is wrong."""
    if kind not in RULES:
        raise ValidationError({"kind": f"Unknown rule {kind!r}."})
    spec = RULES[kind]
    if spec.input == RuleInput.NONE:
        return None
    if spec.input == RuleInput.NAMES:
        if isinstance(value, str):
            value = value.split(",")
        names: list[str] = []
        for name in value or []:
            name = str(name).strip()
            if name and name.casefold() not in _folded(names):
                names.append(name)
        if not names:
            raise ValidationError({"value": "Give at least one name (separate several with commas)."})
        return names
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"value": "Give a whole number."}) from None
    if spec.input == RuleInput.MONTHS and not 0 <= number <= 600:
        raise ValidationError({"value": "Tenure is counted in months: give a number from 0 to 600."})
    if spec.input == RuleInput.LEVEL and not 0 <= number <= LEVEL_MAX:
        raise ValidationError({"value": f"Levels go from 0 to {LEVEL_MAX}, as in the HR roster."})
    if spec.input == RuleInput.RATING and not 1 <= number <= len(organization.rating_scale):
        raise ValidationError({"value": "Choose a rating from the organization's rating scale."})
    return number


def meets_expectations_position(rating_scale: list[str]) -> int | None:
    """The 1-based position of "Meets expectations" on the scale (any case), else its middle.

    "Partially meets expectations" is not a match: only a label that is, or starts with,
    "meets expectations" counts.
    """
    if not rating_scale:
        return None
    folded = [str(label).strip().casefold() for label in rating_scale]
    for wanted in (lambda s: s == "meets expectations", lambda s: s.startswith("meets expectation")):
        for position, label in enumerate(folded, start=1):
            if wanted(label):
                return position
    return len(rating_scale) // 2 + 1


def default_rules(organization: Organization) -> list[tuple[str, str, Any]]:
    """``(applies_to, kind, value)`` for a new program: the issue's defaults, as data."""
    rules: list[tuple[str, str, Any]] = [
        (ApplicantRole.MENTEE, RuleKind.MIN_TENURE_MONTHS, MENTEE_DEFAULT_MIN_TENURE_MONTHS),
    ]
    rating = meets_expectations_position(organization.rating_scale)
    if rating is not None:
        rules.append((ApplicantRole.MENTEE, RuleKind.MIN_RATING, rating))
    rules += [
        (ApplicantRole.MENTEE, RuleKind.NOT_IN_ACTIVE_COHORT, None),
        (ApplicantRole.MENTEE, RuleKind.NOT_TERMINATED, None),
        (ApplicantRole.MENTOR, RuleKind.MIN_TENURE_MONTHS, MENTOR_DEFAULT_MIN_TENURE_MONTHS),
        (ApplicantRole.MENTOR, RuleKind.NOT_IN_ACTIVE_COHORT, None),
        (ApplicantRole.MENTOR, RuleKind.NOT_TERMINATED, None),
    ]
    return rules
