"""Project teams' entries in the navigation and on the overview (organizations/navigation.py)."""

from django.db.models import Exists, OuterRef
from django.http import HttpRequest

from cohorts.navigation import is_selected_participant
from organizations.navigation import DashboardCard, NavItem, register_dashboard_card, register_nav_item
from organizations.roles import Permission


def _takes_part(request: HttpRequest) -> bool:
    """Leaders and managers always; other members once they are in a cohort's class."""
    membership = request.membership
    return membership.can(Permission.CHALLENGES_SUBMIT) or is_selected_participant(request)


def _on_a_council(request: HttpRequest) -> bool:
    """Whether the person sits on the council of a cohort being chosen or active: read with the
    running cohorts the overview reads anyway (``teams_my_seat``), not in a query of its own."""
    from cohorts.next_steps import running_cohorts

    return any(cohort.teams_my_seat for cohort in running_cohorts(request))


def _my_seat(request: HttpRequest, now) -> Exists:
    from cohorts.teams.models import CouncilSeat

    return Exists(CouncilSeat.objects.filter(cohort=OuterRef("pk"), user=request.user))


def register() -> None:
    from cohorts.next_steps import register_cohort_figures

    register_cohort_figures(teams_my_seat=_my_seat)
    register_nav_item(
        NavItem(
            label="Project teams",
            url_name="teams:home",
            permission=Permission.TEAMS_PARTICIPATE,
            order=35,
            only_if=_takes_part,
            current=lambda match: match.namespace == "teams" and not match.url_name.startswith("talent_pool"),
        )
    )
    register_nav_item(
        NavItem(
            label="Talent pool", url_name="teams:talent_pool", permission=Permission.TALENT_VIEW, order=36
        )
    )
    register_dashboard_card(
        DashboardCard(
            title="Talent pool",
            url_name="teams:talent_pool",
            description="Mentees the council and program managers flagged, with readiness and notes; "
            "filter and export them.",
            permission=Permission.TALENT_VIEW,
            order=36,
        )
    )
    register_dashboard_card(
        DashboardCard(
            title="Your council duties",
            url_name="teams:leader_overview",
            description="Presentations to score, the council's results and talent to flag, next to "
            "the challenges you sponsor and their teams.",
            permission=Permission.CHALLENGES_SUBMIT,
            order=34,
            only_if=_on_a_council,
        )
    )
    register_dashboard_card(
        DashboardCard(
            title="Project teams",
            url_name="teams:home",
            description="Business challenges from senior leaders, worked on by mentees from different "
            "departments and presented to the council.",
            permission=Permission.TEAMS_PARTICIPATE,
            order=35,
            only_if=_takes_part,
        )
    )
    from cohorts.links import CohortLink, register_cohort_link
    from cohorts.models import CohortStatus

    register_cohort_link(
        CohortLink(
            "Project teams",
            "teams:challenges",
            Permission.CHALLENGES_SUBMIT,
            order=60,
            only_if=lambda cohort: cohort.status != CohortStatus.SELECTING,
        )
    )
