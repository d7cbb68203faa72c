"""Goals' entry in the navigation (organizations/navigation.py)."""

from organizations.navigation import NavItem, register_nav_item
from organizations.next_steps import register_next_steps
from organizations.roles import Permission


def register() -> None:
    register_nav_item(
        NavItem(label="Goals", url_name="goals:home", permission=Permission.GOALS_KEEP, order=60)
    )
    from goals.next_steps import goal_steps

    register_next_steps(goal_steps, permission=Permission.GOALS_KEEP)
    from django.urls import reverse

    from cohorts.links import CohortLink, register_cohort_link
    from cohorts.models import CohortStatus

    register_cohort_link(
        CohortLink(
            "Goal progress",
            "goals:cohort_progress",
            Permission.PROGRAMS_MANAGE,
            order=50,
            url=lambda cohort: reverse(
                "goals:cohort_progress", kwargs={"org_slug": cohort.organization.slug, "cohort_pk": cohort.pk}
            ),
            only_if=lambda cohort: cohort.status != CohortStatus.SELECTING,
        )
    )
