"""Reads of programs and applications. Tenant reads assume the organization's scope is open."""

import datetime

from django.db.models import Count, Q, QuerySet

from organizations.models import Employee
from programs.models import (
    ApplicantRole,
    Application,
    ApplicationStatus,
    EligibilityRule,
    Program,
    ProgramStatus,
)


def program_list(*, status: str = "") -> QuerySet[Program]:
    """Every program of the organization with its application counts, in one query."""
    programs = Program.objects.annotate(
        application_count=Count("applications", filter=~Q(applications__status=ApplicationStatus.WITHDRAWN)),
        submitted_count=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)),
        accepted_count=Count("applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED)),
    )
    if status:
        programs = programs.filter(status=status)
    return programs.order_by("-start_date", "name")


def programs_open_for_applications(*, now: datetime.datetime) -> QuerySet[Program]:
    """Programs a member can apply to at ``now``: open status and inside the window."""
    return Program.objects.filter(
        status=ProgramStatus.APPLICATIONS_OPEN,
        applications_open_at__lte=now,
        applications_close_at__gt=now,
    ).order_by("applications_close_at", "name")


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
    rules: dict[str, list[EligibilityRule]] = {role: [] for role in ApplicantRole.values}
    for rule in program.eligibility_rules.order_by("id"):
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


def roster_values(field_name: str) -> list[str]:
    """Distinct non-empty departments or locations in the roster, for help texts."""
    if field_name not in {"department", "location"}:
        raise ValueError(field_name)
    return list(
        Employee.objects.exclude(**{field_name: ""})
        .order_by(field_name)
        .values_list(field_name, flat=True)
        .distinct()
    )
