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
