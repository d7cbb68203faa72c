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

from cohorts.models import Cohort
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


def analytics_cohorts(*, reach: AnalyticsReach) -> QuerySet[Cohort]:
    """The cohorts of those programs (one per program), newest program first."""
    return (
        Cohort.objects.filter(program__in=analytics_programs(reach=reach))
        .select_related("program")
        .order_by("-program__start_date", "name", "pk")
    )
