"""Who reads which analytics: the one place the dashboard, its CSV files and the API ask.

- ``analytics.view`` (admins, HR analysts): the whole organization — every program, or all of
  them pooled, and the organization-wide lines (non-participants, everyone).
- ``analytics.programs`` alone (program managers): one program at a time, among the programs
  they manage. The figures are the same aggregates, suppressed the same way; a manager simply
  cannot ask for "all programs".

A program manager manages every program of the organization (docs/roles.md), so
``analytics_programs`` returns them all today; per-program assignment would change only it.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from organizations.roles import Permission, role_has_permission
from programs.models import Program


@dataclass(frozen=True)
class AnalyticsReach:
    """What one caller (a member's role, or an API key's) may ask the analytics for."""

    whole_organization: bool
    may_refresh: bool

    @property
    def needs_a_program(self) -> bool:
        return not self.whole_organization


def analytics_reach(role: str) -> AnalyticsReach:
    return AnalyticsReach(
        whole_organization=role_has_permission(role, Permission.ANALYTICS_VIEW),
        may_refresh=role_has_permission(role, Permission.ANALYTICS_REFRESH),
    )


def analytics_programs(*, reach: AnalyticsReach) -> QuerySet[Program]:
    """The programs whose figures the caller may read, newest first (inside the tenant scope)."""
    return Program.objects.order_by("-start_date", "name", "pk")


@dataclass(frozen=True)
class FilterChoices:
    """The programs and cohorts a caller may filter by, newest program first."""

    programs: list[tuple[int, str]]  # (id, name)
    cohorts: list[tuple[int, str]]  # (id, "Program — Cohort")
    program_of_cohort: dict[int, int]


def analytics_filter_choices(*, reach: AnalyticsReach) -> FilterChoices:
    """The programs the caller may read and their cohorts, in one query: the filters validate
    against these, so naming a program or a cohort costs no query of its own."""
    rows = analytics_programs(reach=reach).values_list("pk", "name", "cohorts__pk", "cohorts__name")
    programs, cohorts, program_of_cohort = {}, [], {}
    for program_id, program_name, cohort_id, cohort_name in rows.order_by(
        "-start_date", "name", "pk", "cohorts__name", "cohorts__pk"
    ):
        programs.setdefault(program_id, program_name)
        if cohort_id is not None:
            cohorts.append((cohort_id, f"{program_name} — {cohort_name}"))
            program_of_cohort[cohort_id] = program_id
    return FilterChoices(list(programs.items()), cohorts, program_of_cohort)
