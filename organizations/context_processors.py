"""What every page's layout reads: the organization, the membership, the navigation and the
organization switcher, all read here, before the template renders (templates never query:
tests/test_page_budget.py)."""

from organizations.navigation import nav_items_for
from organizations.notifications.selectors import unread_count
from organizations.selectors import memberships_of_user


def _unread(user, organization, membership) -> int:
    """The count the middleware read with the membership (organizations/tenancy.py), or a query."""
    if membership is None:
        return 0
    count = getattr(membership, "unread_notifications", None)
    return count if count is not None else unread_count(user=user, organization=organization)


def organization(request):
    """The current organization and membership, the navigation, and the user's organizations
    for the switcher (read with the membership by the middleware). Outside an organization the
    layout shows none of these, and nothing is read."""
    user = getattr(request, "user", None)
    organization = getattr(request, "organization", None)
    membership = getattr(request, "membership", None)
    if organization is None or membership is None:
        return {
            "organization": organization,
            "membership": membership,
            "unread_notifications": 0,
            "nav_items": [],
            "my_memberships": [],
        }
    memberships = getattr(request, "memberships", None)
    return {
        "organization": organization,
        "membership": membership,
        "unread_notifications": _unread(user, organization, membership),
        "nav_items": nav_items_for(request),
        "my_memberships": memberships if memberships is not None else list(memberships_of_user(user)),
    }
