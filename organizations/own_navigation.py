"""The organization's own pages in the navigation and on the overview."""

from organizations.navigation import DashboardCard, NavItem, register_dashboard_card, register_nav_item
from organizations.roles import Permission


def register() -> None:
    register_nav_item(
        NavItem(
            label="Overview",
            url_name="dashboard",
            permission=Permission.ORGANIZATION_VIEW,
            order=10,
            current=lambda match: not match.namespace and match.url_name == "dashboard",
        )
    )
    register_nav_item(
        NavItem(
            label="Members",
            url_name="members",
            permission=Permission.MEMBERS_MANAGE,
            order=80,
            current=lambda match: match.url_name == "members",
        )
    )
    register_nav_item(
        NavItem(
            label="Roster",
            url_name="roster",
            permission=Permission.ROSTER_VIEW,
            order=90,
            current=lambda match: not match.namespace and (match.url_name or "").startswith("roster"),
        )
    )
    register_nav_item(
        NavItem(
            label="Settings",
            url_name="organization_settings",
            permission=Permission.ORGANIZATION_MANAGE,
            order=100,
            current=lambda match: match.url_name == "organization_settings",
        )
    )
    register_dashboard_card(
        DashboardCard(
            title="Members",
            url_name="members",
            description="Invite colleagues by email, set their roles, and see who has not answered yet.",
            permission=Permission.MEMBERS_MANAGE,
            order=80,
        )
    )
    register_dashboard_card(
        DashboardCard(
            title="API keys",
            url_name="api_keys",
            description="Let your HR system load and read the roster through the REST API.",
            permission=Permission.APIKEYS_MANAGE,
            order=85,
        )
    )
    register_dashboard_card(
        DashboardCard(
            title="HR roster",
            url_name="roster",
            description="Load your HR system's employee file, check every change before it is saved, "
            "and see each person's dated history.",
            permission=Permission.ROSTER_VIEW,
            order=90,
        )
    )
