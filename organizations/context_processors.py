from django.utils.functional import SimpleLazyObject

from organizations.navigation import nav_items_for
from organizations.notifications.selectors import unread_count
from organizations.selectors import memberships_of_user


def _unread(user, organization, membership) -> int:
    """The count the middleware read with the membership (organizations/tenancy.py), or a query."""
    if membership is None:
        return 0
    count = getattr(membership, "unread_notifications", None)
    return (
        count
        if count is not None
        else SimpleLazyObject(lambda: unread_count(user=user, organization=organization))
    )


def organization(request):
    """The current organization and membership, and (lazily) the user's others for the switcher."""
    user = getattr(request, "user", None)
    organization = getattr(request, "organization", None)
    membership = getattr(request, "membership", None)
    return {
        "organization": organization,
        "membership": membership,
        # Read only by the navigation's Messages link, and only when a member is on a page.
        "unread_notifications": _unread(user, organization, membership),
        "nav_items": SimpleLazyObject(lambda: nav_items_for(request)),
        "my_memberships": SimpleLazyObject(
            lambda: list(memberships_of_user(user)) if user and user.is_authenticated else []
        ),
    }
