"""How well each cohort's comparison groups match its participants."""

from django.db.models import Count

from analytics.models import ComparisonGroup
from analytics.selectors.types import BalanceRow, ComparisonBalance, RoleBalance
from analytics.suppression import Suppressed, comparison_suppression, shown, too_small
from organizations.models import Organization


def comparison_balance(*, organization: Organization, cohort_id: int) -> ComparisonBalance:
    """The draw settings, match counts and per-variable balance (SMD) of a cohort's comparison
    groups, mentees first. One query. Figures of a role with fewer participants than the minimum
    group size are suppressed: its proportions would describe those few people, and its
    comparison's size (about k times theirs) would count them. A comparison group below the
    minimum hides its own figures (its size, its proportions, the SMDs and the fully matched,
    which bound its size) while the participants' stay."""
    min_size = organization.min_group_size
    groups = (
        ComparisonGroup.objects.filter(organization=organization, cohort_id=cohort_id)
        .annotate(drawn=Count("members"))
        .order_by("role")  # "mentee" before "mentor"
    )
    roles = []
    for group in groups:
        hidden, comparison_hidden = comparison_suppression(
            participants_hidden=too_small(group.participants, min_size),
            comparison_hidden=too_small(group.drawn, min_size),
            comparison_too_small=too_small(group.drawn, min_size),
        )

        def comparison_figure(value, hidden=comparison_hidden):
            return shown(value, hidden=hidden, min_group_size=min_size)

        variables = (
            Suppressed(min_size)
            if hidden
            else tuple(
                BalanceRow(
                    r["variable"],
                    r["participants"],
                    comparison_figure(r["comparison"]),
                    comparison_figure(r["smd"]),
                )
                for r in group.balance
            )
        )
        roles.append(
            RoleBalance(
                role=group.role,
                seed=group.seed,
                k=group.k,
                tenure_band_months=group.tenure_band_months,
                participants=shown(group.participants, hidden=hidden, min_group_size=min_size),
                # Every fully matched participant brought k people: k × this is a floor under the
                # comparison's size, so it goes wherever the comparison goes.
                fully_matched=comparison_figure(group.participants_fully_matched),
                comparison=comparison_figure(group.drawn),
                variables=variables,
            )
        )
    return ComparisonBalance(cohort_id=cohort_id, min_group_size=min_size, roles=tuple(roles))
