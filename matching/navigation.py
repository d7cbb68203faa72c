"""Matching's entries in the navigation and on the overview (organizations/navigation.py)."""

from django.urls import ResolverMatch

from cohorts.navigation import is_selected_participant
from organizations.navigation import DashboardCard, NavItem, register_dashboard_card, register_nav_item
from organizations.next_steps import register_next_steps
from organizations.roles import Permission

# Pages of the matching namespace that belong to a participant, not to the managers' Matching.
PARTICIPANT_PAGES = ("shortlist", "rematch_ask")


def _managers_page(match: ResolverMatch) -> bool:
    return (
        match.namespace == "matching"
        and not match.url_name.startswith("mine")
        and match.url_name not in PARTICIPANT_PAGES
    )


def register() -> None:
    register_nav_item(
        NavItem(
            label="Matching",
            url_name="matching:home",
            permission=Permission.PROGRAMS_MANAGE,
            order=40,
            current=_managers_page,
        )
    )
    register_dashboard_card(
        DashboardCard(
            title="Matching",
            url_name="matching:home",
            description="Propose the best mentor for every mentee of a class, see why each pair fits, "
            "adjust, and publish.",
            permission=Permission.PROGRAMS_MANAGE,
            order=40,
        )
    )
    register_dashboard_card(
        DashboardCard(
            title="My matches",
            url_name="matching:mine",
            description="Who you are matched with and their trust profile once your program team "
            "publishes the pairs; in some programs, your shortlist of mentors to rank first.",
            permission=Permission.MATCHING_PARTICIPATE,
            order=45,
            only_if=is_selected_participant,
        )
    )
    from matching.next_steps import matching_manager_steps, participant_steps, register_figures

    register_figures()

    register_next_steps(matching_manager_steps, permission=Permission.PROGRAMS_MANAGE)
    register_next_steps(participant_steps, permission=Permission.MATCHING_PARTICIPATE)
    from cohorts.links import CohortLink, register_cohort_link

    register_cohort_link(CohortLink("Matching", "matching:cohort", Permission.PROGRAMS_MANAGE, order=20))
