"""What every analytics selector starts from: the last refresh, the selected cohorts and months."""

import datetime
from dataclasses import dataclass

from analytics.definitions import month_start, months_between
from analytics.models import COMPARISON_GROUPS, PARTICIPANT_GROUPS, FactsRefresh
from analytics.selectors.types import AnalyticsFilter, Group
from analytics.suppression import comparison_suppression, too_small
from organizations.models import Organization
from organizations.months import add_months
from programs.models import ApplicantRole


@dataclass(frozen=True)
class SelectedCohort:
    id: int
    program_id: int
    start: datetime.date


def facts_refresh_row(organization: Organization) -> FactsRefresh | None:
    """The organization's last refresh (one query), or None before the first."""
    return FactsRefresh.objects.filter(organization=organization).first()


def selected_cohorts(refresh: FactsRefresh | None, filters: AnalyticsFilter) -> list[SelectedCohort]:
    """The started cohorts the program/cohort filters and the period (by start date) keep."""
    if refresh is None:
        return []
    cohorts = [
        SelectedCohort(c["id"], c["program_id"], datetime.date.fromisoformat(c["start"]))
        for c in refresh.cohorts
    ]
    if filters.program_id is not None:
        cohorts = [c for c in cohorts if c.program_id == filters.program_id]
    if filters.cohort_id is not None:
        cohorts = [c for c in cohorts if c.id == filters.cohort_id]
    if filters.period_start is not None:
        cohorts = [c for c in cohorts if c.start >= month_start(filters.period_start)]
    if filters.period_end is not None:
        cohorts = [c for c in cohorts if c.start < add_months(month_start(filters.period_end), 1)]
    return cohorts


def roles(filters: AnalyticsFilter) -> tuple[str, ...]:
    if filters.role in (ApplicantRole.MENTEE, ApplicantRole.MENTOR):
        return (filters.role,)
    return (ApplicantRole.MENTEE, ApplicantRole.MENTOR)


def participant_groups(filters: AnalyticsFilter) -> list[str]:
    return [PARTICIPANT_GROUPS[r] for r in roles(filters)]


def comparison_groups(filters: AnalyticsFilter) -> list[str]:
    return [COMPARISON_GROUPS[r] for r in roles(filters)]


def period_months(
    refresh: FactsRefresh | None,
    filters: AnalyticsFilter,
    *,
    last: datetime.date | None,
    default_months: int | None,
) -> list[datetime.date]:
    """The months of the period, within [refresh.first_month, last]; by default the last
    ``default_months`` (all of them when None)."""
    if refresh is None or refresh.first_month is None or last is None:
        return []
    end = min(month_start(filters.period_end), last) if filters.period_end else last
    if filters.period_start:
        start = month_start(filters.period_start)
    elif default_months:
        start = add_months(end, -(default_months - 1))
    else:
        start = refresh.first_month
    return months_between(max(start, refresh.first_month), end)


def ratio(numerator, denominator) -> float | None:
    return None if not denominator else numerator / denominator


def hidden_groups(sizes: dict[str, int], min_size: int) -> dict[str, bool]:
    """Which of participants, comparison and non-participants are hidden, given each group's
    people: too few of its own, or linked to a hidden one (``comparison_suppression``)."""
    hidden = {group: too_small(sizes.get(group, 0), min_size) for group in Group.COMPARED}
    hidden[Group.PARTICIPANTS], hidden[Group.COMPARISON] = comparison_suppression(
        participants_hidden=hidden[Group.PARTICIPANTS],
        comparison_hidden=hidden[Group.COMPARISON],
        comparison_too_small=hidden[Group.COMPARISON],
    )
    return hidden
