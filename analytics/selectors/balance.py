"""How well each cohort's comparison groups match its participants."""

from django.db.models import Count

from analytics.models import ComparisonGroup
from analytics.selectors.types import BalanceRow, ComparisonBalance, RoleBalance
from analytics.suppression import Suppressed, shown, too_small
from organizations.models import Organization


def comparison_balance(*, organization: Organization, cohort_id: int) -> ComparisonBalance:
    """The draw settings, match counts and per-variable balance (SMD) of a cohort's comparison
    groups, mentees first. One query. Figures of a role with fewer participants than the minimum
    group size are suppressed: its proportions would describe those few people."""
    min_size = organization.min_group_size
    groups = (
        ComparisonGroup.objects.filter(organization=organization, cohort_id=cohort_id)
        .annotate(drawn=Count("members"))
        .order_by("role")  # "mentee" before "mentor"
    )
    roles = []
    for group in groups:
        hidden = too_small(group.participants, min_size)
        variables = (
            Suppressed(min_size)
            if hidden
            else tuple(
                BalanceRow(r["variable"], r["participants"], r["comparison"], r["smd"]) for r in group.balance
            )
        )
        roles.append(
            RoleBalance(
                role=group.role,
                seed=group.seed,
                k=group.k,
                tenure_band_months=group.tenure_band_months,
                participants=shown(group.participants, hidden=hidden, min_group_size=min_size),
                fully_matched=shown(group.participants_fully_matched, hidden=hidden, min_group_size=min_size),
                comparison=shown(group.drawn, hidden=hidden, min_group_size=min_size),
                variables=variables,
            )
        )
    return ComparisonBalance(cohort_id=cohort_id, min_group_size=min_size, roles=tuple(roles))
