from django.utils.functional import SimpleLazyObject

from organizations.navigation import nav_items_for
from organizations.notifications.selectors import unread_count
from organizations.selectors import memberships_of_user


def organization(request):
    """The current organization and membership, and (lazily) the user's others for the switcher."""
    user = getattr(request, "user", None)
    organization = getattr(request, "organization", None)
    membership = getattr(request, "membership", None)
    return {
        "organization": organization,
        "membership": membership,
        # Read only by the navigation's Messages link, and only when a member is on a page.
        "unread_notifications": SimpleLazyObject(
            lambda: unread_count(user=user, organization=organization) if membership is not None else 0
        ),
        "nav_items": SimpleLazyObject(lambda: nav_items_for(request)),
        "my_memberships": SimpleLazyObject(
            lambda: list(memberships_of_user(user)) if user and user.is_authenticated else []
        ),
    }
