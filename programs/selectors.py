"""Reads of programs and applications. Tenant reads assume the organization's scope is open."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from organizations.models import Employee
from organizations.roster.selectors import current_employees, current_roster_values, employee_for_user
from programs.eligibility import RULES, RuleFailure, eligibility_context, evaluate_eligibility
from programs.models import (
    ApplicantRole,
    Application,
    ApplicationStatus,
    EligibilityRule,
    Program,
    ProgramStatus,
)
from programs.window import ApplicationWindow, WindowState, application_window


def program_list(*, status: str = "") -> QuerySet[Program]:
    """Every program of the organization with its application counts, in one query."""
    programs = Program.objects.select_related("organization").annotate(
        application_count=Count("applications", filter=~Q(applications__status=ApplicationStatus.WITHDRAWN)),
        submitted_count=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)),
        accepted_count=Count("applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED)),
    )
    if status:
        programs = programs.filter(status=status)
    return programs.order_by("-start_date", "name")


def programs_taking_applications(*, now: datetime.datetime) -> dict[str, list[ApplicationWindow]]:
    """What members see on their Programs page at ``now``: the windows that are open ("open")
    and those that open later ("scheduled"), as ``programs.window.application_window`` decides."""
    candidates = Program.objects.filter(
        status=ProgramStatus.APPLICATIONS_OPEN, applications_close_at__gt=now
    ).select_related("organization")
    return windows_by_state(candidates, now)


def windows_by_state(programs, now: datetime.datetime) -> dict[str, list[ApplicationWindow]]:
    """The open and the scheduled application windows among ``programs`` at ``now`` (any
    programs: those not taking applications are left out), each list in the order members
    see it."""
    found: dict[str, list[ApplicationWindow]] = {WindowState.OPEN: [], WindowState.SCHEDULED: []}
    for program in programs:
        if program.status != ProgramStatus.APPLICATIONS_OPEN:
            continue
        window = application_window(program, now)
        if window.state in found:
            found[window.state].append(window)
    found[WindowState.OPEN].sort(key=lambda w: (w.program.applications_close_at, w.program.name))
    found[WindowState.SCHEDULED].sort(key=lambda w: (w.program.applications_open_at, w.program.name))
    return found


def program_visible_to_members(program: Program) -> bool:
    """Drafts are the manager's work in progress; members see a program once it opens."""
    return program.status != ProgramStatus.DRAFT


def applications_of_user(*, user) -> QuerySet[Application]:
    return (
        Application.objects.filter(Q(user=user) | Q(employee__user=user))
        .select_related("program")
        .order_by("-created_at")
    )


def application_of_user_for_program(*, user, program: Program) -> Application | None:
    return applications_of_user(user=user).filter(program=program).first()


def eligibility_rules_by_role(*, program: Program) -> dict[str, list[EligibilityRule]]:
    """The program's rules for each role it has (peers only, in peer circles)."""
    rules: dict[str, list[EligibilityRule]] = {role: [] for role in program.roles}
    for rule in program.eligibility_rules.order_by("id"):
        if rule.applies_to in rules:
            rules[rule.applies_to].append(rule)
    return rules


def application_review_list(
    *,
    program: Program,
    role: str = "",
    status: str = "",
    department: str = "",
    level: int | None = None,
    eligible: bool | None = None,
) -> QuerySet[Application]:
    """A program's applications for review, filtered; the roster row comes in the same query."""
    applications = program.applications.select_related("employee", "overridden_by")
    if role:
        applications = applications.filter(role=role)
    if status:
        applications = applications.filter(status=status)
    if department:
        applications = applications.filter(employee__department=department)
    if level is not None:
        applications = applications.filter(employee__level=level)
    if eligible is not None:
        applications = applications.filter(eligible=eligible)
    return applications.order_by("role", "employee__name", "pk")


def application_status_counts(*, program: Program) -> dict[str, int]:
    """How many applications of each status, every status present (zeros included)."""
    counts = dict.fromkeys(ApplicationStatus.values, 0)
    rows = program.applications.values_list("status").annotate(n=Count("pk")).order_by()
    counts.update(dict(rows))
    return counts


def applicant_departments(*, program: Program) -> list[str]:
    return list(
        program.applications.order_by("employee__department")
        .values_list("employee__department", flat=True)
        .distinct()
    )


def applicant_levels(*, program: Program) -> list[int]:
    return list(
        program.applications.order_by("employee__level").values_list("employee__level", flat=True).distinct()
    )


@dataclass(frozen=True)
class RosterValue:
    """One value a rule may name: on today's roster, or only in the rule as stored (flagged)."""

    value: str | int
    on_roster: bool

    @property
    def label(self) -> str:
        return f"Level {self.value}" if isinstance(self.value, int) else str(self.value)


def rule_value_choices(*, kind: str, as_of: datetime.date, stored: Any = None) -> list[RosterValue]:
    """The departments, levels or locations a rule of ``kind`` can name: those of the people in
    the headcount on ``as_of``, then any value ``stored`` in the rule that the roster no longer
    has (so the editor shows it flagged instead of silently dropping it). Empty for rules that
    name no roster value."""
    field_name = RULES[kind].roster_field
    if field_name is None:
        return []
    known = current_roster_values(field_name, as_of=as_of)
    choices = [RosterValue(value, True) for value in known]
    folded = {str(value).casefold() for value in known}
    kept = stored if isinstance(stored, list) else ([] if stored in (None, "") else [stored])
    for value in kept:
        if str(value).casefold() not in folded:
            choices.append(RosterValue(value, False))
            folded.add(str(value).casefold())
    return choices


def stale_rule_values(rule: EligibilityRule, *, as_of: datetime.date) -> list[str]:
    """The values ``rule`` names that nobody in today's headcount has, in words ("Enginering")."""
    return [
        choice.label
        for choice in rule_value_choices(kind=rule.kind, as_of=as_of, stored=rule.value)
        if not choice.on_roster
    ]


@dataclass(frozen=True)
class RoleReach:
    """How many people in the headcount meet one role's rules."""

    role: str
    eligible: int
    headcount: int

    @property
    def label(self) -> str:
        return ApplicantRole(self.role).label


def rules_as_edited(*, program: Program, applies_to: str, kind: str, value: Any) -> dict[str, list]:
    """The program's rules by role, with the ``applies_to`` rule of ``kind`` set to ``value``
    (added when the program has none): what the rules would be if the editor saved now."""
    rules = eligibility_rules_by_role(program=program)
    draft = EligibilityRule(
        organization=program.organization, program=program, applies_to=applies_to, kind=kind, value=value
    )
    others = [rule for rule in rules[applies_to] if rule.kind != kind]
    rules[applies_to] = [*others, draft]
    return rules


def roster_reach(*, organization, rules_by_role: dict[str, list], as_of: datetime.date) -> list[RoleReach]:
    """For each role, how many people in the headcount on ``as_of`` meet its rules, evaluated by
    the same ``evaluate_eligibility`` an application is (no second implementation)."""
    employees = list(current_employees(as_of=as_of))
    context = eligibility_context(organization, employees)
    reach = []
    for role, rules in rules_by_role.items():
        eligible = sum(
            1
            for employee in employees
            if not evaluate_eligibility(rules=rules, employee=employee, as_of=as_of, context=context)
        )
        reach.append(RoleReach(role=role, eligible=eligible, headcount=len(employees)))
    return reach


@dataclass(frozen=True)
class Standing:
    """Where a member stands with a program before applying: their roster row (None when they
    have none) and, for each role, every rule they do not meet today."""

    employee: Employee | None
    failures: dict[str, list[RuleFailure]]

    @property
    def eligible_roles(self) -> list[str]:
        return [role for role, failures in self.failures.items() if not failures]

    @property
    def eligible_for_none(self) -> bool:
        return self.employee is not None and not self.eligible_roles


def member_standing(*, program: Program, user, as_of: datetime.date) -> Standing:
    """``user``'s eligibility for ``program`` in each role on ``as_of``, evaluated as an
    application would be (``programs.services.applications.application_submit``)."""
    employee = employee_for_user(user=user)
    if employee is None:
        return Standing(employee=None, failures={role: [] for role in program.roles})
    context = eligibility_context(program.organization, [employee])
    return Standing(
        employee=employee,
        failures={
            role: evaluate_eligibility(rules=rules, employee=employee, as_of=as_of, context=context)
            for role, rules in eligibility_rules_by_role(program=program).items()
        },
    )
