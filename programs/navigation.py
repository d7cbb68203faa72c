"""Programs' entries in the navigation and on the overview (organizations/navigation.py)."""

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
        NavItem(label="Programs", url_name="programs:home", permission=Permission.PROGRAMS_APPLY, order=20)
    )
    register_dashboard_card(
        DashboardCard(
            title="Mentoring programs",
            url_name="programs:home",
            description="See which programs are taking applications, apply as a mentee or a mentor, "
            "and follow your applications.",
            permission=Permission.PROGRAMS_APPLY,
            order=20,
            links=(CardLink("Design and run programs", "programs:manage", Permission.PROGRAMS_MANAGE),),
        )
    )
    from programs.next_steps import member_steps, program_manager_steps

    register_next_steps(program_manager_steps, permission=Permission.PROGRAMS_MANAGE)
    register_next_steps(member_steps, permission=Permission.PROGRAMS_APPLY)
