"""Analytics' entries in the navigation and on the overview (organizations/navigation.py)."""

from organizations.navigation import DashboardCard, NavItem, register_dashboard_card, register_nav_item
from organizations.roles import Permission


def register() -> None:
    register_nav_item(
        NavItem(
            label="Analytics",
            url_name="analytics:dashboard",
            permission=Permission.ANALYTICS_PROGRAMS,
            order=75,
        )
    )
    register_dashboard_card(
        DashboardCard(
            title="Retention analytics",
            url_name="analytics:dashboard",
            description="Do participants stay longer than comparable colleagues? Attrition, 12-month "
            "retention, retention curves, engagement and each program's target against its figure.",
            permission=Permission.ANALYTICS_PROGRAMS,
            order=75,
        )
    )
    from django.urls import reverse

    from cohorts.links import CohortLink, register_cohort_link

    register_cohort_link(
        CohortLink(
            "Analytics",
            "analytics:dashboard",
            Permission.ANALYTICS_PROGRAMS,
            order=70,
            url=lambda cohort: (
                reverse("analytics:dashboard", kwargs={"org_slug": cohort.organization.slug})
                + f"?program={cohort.program_id}&cohort={cohort.pk}"
            ),
        )
    )
