from django.utils.functional import SimpleLazyObject

from organizations.navigation import nav_items_for
from organizations.selectors import memberships_of_user


def organization(request):
    """The current organization and membership, and (lazily) the user's others for the switcher."""
    user = getattr(request, "user", None)
    return {
        "organization": getattr(request, "organization", None),
        "membership": getattr(request, "membership", None),
        "nav_items": SimpleLazyObject(lambda: nav_items_for(request)),
        "my_memberships": SimpleLazyObject(
            lambda: list(memberships_of_user(user)) if user and user.is_authenticated else []
        ),
    }
