"""Cohorts' entries in the navigation and on the overview (organizations/navigation.py)."""

from django.http import HttpRequest
from django.urls import ResolverMatch

from cohorts.models import Participant, ParticipantStatus
from organizations.navigation import (
    CardLink,
    DashboardCard,
    NavItem,
    register_dashboard_card,
    register_nav_item,
)
from organizations.next_steps import register_next_steps
from organizations.roles import Permission


def is_selected_participant(request: HttpRequest) -> bool:
    """Whether the signed-in person is selected in a cohort of the open organization, so their
    own matching and profile cards are offered only to them. Asked once per request."""
    user = getattr(request, "user", None)
    organization = getattr(request, "organization", None)
    if user is None or not user.is_authenticated or organization is None:
        return False
    if not hasattr(request, "_in_a_cohort"):
        request._in_a_cohort = Participant.objects.filter(
            organization=organization, employee__user=user, status=ParticipantStatus.SELECTED
        ).exists()
    return request._in_a_cohort


def selection_known(request: HttpRequest, *, selected: bool) -> None:
    """A reader of every place the signed-in person holds (``cohorts.next_steps.own_participations``)
    tells the navigation whether one is a selected place, so it does not ask again."""
    request._in_a_cohort = selected


def selected_participant_known(request: HttpRequest, participant: Participant) -> None:
    """A page that has read the signed-in person's participation tells the navigation, which
    then does not ask again (``is_selected_participant``) when it is a selected one."""
    if participant.status == ParticipantStatus.SELECTED:
        request._in_a_cohort = True


def _own_profile_page(match: ResolverMatch) -> bool:
    return match.namespace == "cohorts" and match.url_name.startswith("my_")


def register() -> None:
    register_nav_item(
        NavItem(
            label="Cohorts",
            url_name="cohorts:list",
            permission=Permission.PROGRAMS_MANAGE,
            order=30,
            current=lambda match: match.namespace == "cohorts" and not _own_profile_page(match),
        )
    )
    register_nav_item(
        NavItem(
            label="My profile",
            url_name="cohorts:my_profiles",
            permission=Permission.PROFILES_FILL,
            order=50,
            current=_own_profile_page,
        )
    )
    register_dashboard_card(
        DashboardCard(
            title="Cohorts",
            url_name="cohorts:list",
            description="Choose each program's class from the accepted applicants, spread across "
            "departments and levels, and start the cohort.",
            permission=Permission.PROGRAMS_MANAGE,
            order=30,
            links=(
                CardLink(
                    "Trust profiles: passions, values and skills",
                    "cohorts:profile_framework",
                    Permission.PROGRAMS_MANAGE,
                ),
            ),
        )
    )
    register_dashboard_card(
        DashboardCard(
            title="My trust profile",
            url_name="cohorts:my_profiles",
            description="Your values, passions, purpose, strengths and what you want to learn: shared "
            "with your partner at the start to build trust quickly.",
            permission=Permission.PROFILES_FILL,
            order=50,
            only_if=is_selected_participant,
        )
    )
    from cohorts.next_steps import cohort_manager_steps, participant_steps, register_figures

    register_figures()
    register_next_steps(cohort_manager_steps, permission=Permission.PROGRAMS_MANAGE)
    register_next_steps(participant_steps, permission=Permission.PROFILES_FILL)
    from cohorts.links import CohortLink, register_cohort_link

    register_cohort_link(
        CohortLink("Trust profiles", "cohorts:profiles", Permission.PROGRAMS_MANAGE, order=10)
    )
