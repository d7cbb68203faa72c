"""The mentoring year's entries in the navigation and on the overview (organizations/navigation.py)."""

from organizations.navigation import (
    CardLink,
    DashboardCard,
    NavItem,
    register_dashboard_card,
    register_nav_item,
)
from organizations.next_steps import register_next_steps
from organizations.roles import Permission


def register() -> None:
    register_nav_item(
        NavItem(
            label="Mentoring",
            url_name="mentoring:my_mentoring",
            permission=Permission.MENTORING_PARTICIPATE,
            order=70,
        )
    )
    register_dashboard_card(
        DashboardCard(
            title="My mentoring",
            url_name="mentoring:my_mentoring",
            description="Your pair's shared space: meetings and notes, action items, goal plans and "
            "the learning sessions of your cohort.",
            permission=Permission.MENTORING_PARTICIPATE,
            order=70,
            links=(CardLink("How every pair is doing", "mentoring:cohorts", Permission.MENTORING_HEALTH),),
        )
    )
    from sessions.next_steps import mentoring_manager_steps, participant_steps, register_figures

    register_figures()

    register_next_steps(mentoring_manager_steps, permission=Permission.MENTORING_HEALTH)
    register_next_steps(participant_steps, permission=Permission.MENTORING_PARTICIPATE)
    from cohorts.links import CohortLink, register_cohort_link
    from cohorts.models import CohortStatus

    def started(cohort) -> bool:
        return cohort.status != CohortStatus.SELECTING

    register_cohort_link(
        CohortLink(
            "Pair overview", "mentoring:overview", Permission.MENTORING_HEALTH, order=30, only_if=started
        )
    )
    register_cohort_link(
        CohortLink(
            "Learning sessions", "mentoring:sessions", Permission.PROGRAMS_MANAGE, order=40, only_if=started
        )
    )
    register_cohort_link(
        CohortLink(
            "Check-in answers",
            "mentoring:checkin_answers",
            Permission.PROGRAMS_MANAGE,
            order=45,
            only_if=started,
        )
    )
