"""The navigation and the overview's cards, filled in by the apps that own the pages.

``organizations`` sits at the bottom of the layers and names no higher app, so it cannot list
their pages itself. Each app registers its entries from its ``AppConfig.ready()`` (by
convention in its own ``navigation.py``)::

    register_nav_item(NavItem(label="Goals", url_name="goals:home", permission=..., order=60))
    register_dashboard_card(DashboardCard(title="Goals", url_name="goals:home", ...))

The context processor resolves them per request: only entries whose permission the member's
role grants (and whose ``only_if`` holds) are shown, in ``order``. Templates just loop.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import ResolverMatch, get_script_prefix, get_urlconf, reverse

from organizations.roles import Permission, declared_permission

RequestTest = Callable[[HttpRequest], bool]


@dataclass(frozen=True)
class NavItem:
    """A link in the main navigation.

    ``current`` decides whether the page being shown belongs to this item (it gets
    ``aria-current``); by default, any page in the URL namespace of ``url_name``.
    """

    label: str
    url_name: str
    permission: Permission
    order: int
    current: Callable[[ResolverMatch], bool] | None = None
    only_if: RequestTest | None = None

    def __post_init__(self) -> None:
        declared_permission(self.permission)

    def is_current(self, match: ResolverMatch | None) -> bool:
        if match is None:
            return False
        if self.current is not None:
            return self.current(match)
        namespace = self.url_name.rpartition(":")[0]
        return bool(namespace) and match.namespace == namespace


@dataclass(frozen=True)
class CardLink:
    label: str
    url_name: str
    permission: Permission


@dataclass(frozen=True)
class DashboardCard:
    """A card on the organization's overview: where to go, and why."""

    title: str
    url_name: str
    description: str
    permission: Permission
    order: int
    links: tuple[CardLink, ...] = field(default_factory=tuple)
    only_if: RequestTest | None = None

    def __post_init__(self) -> None:
        declared_permission(self.permission)


_nav_items: dict[str, NavItem] = {}
_cards: dict[str, DashboardCard] = {}


def register_nav_item(item: NavItem) -> None:
    """Add (or replace, by ``url_name``) a navigation entry."""
    _nav_items[item.url_name] = item


def register_dashboard_card(card: DashboardCard) -> None:
    """Add (or replace, by ``url_name``) an overview card."""
    _cards[card.url_name] = card


def registered_nav_items() -> list[NavItem]:
    return sorted(_nav_items.values(), key=lambda item: item.order)


@dataclass(frozen=True)
class ResolvedLink:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class ResolvedCard:
    title: str
    url: str
    description: str
    links: tuple[ResolvedLink, ...]


def _shown(request: HttpRequest, permission: Permission, only_if: RequestTest | None) -> bool:
    membership = getattr(request, "membership", None)
    if membership is None or not membership.can(permission):
        return False
    return only_if is None or only_if(request)


@lru_cache(maxsize=4096)
def _reverse(url_name: str, args: tuple, kwargs: tuple, prefix: str, urlconf, root_urlconf: str) -> str:
    return reverse(url_name, urlconf=urlconf, args=args, kwargs=dict(kwargs))


def cached_reverse(url_name: str, *args, **kwargs) -> str:
    """``reverse``, remembered per process: the layout's and the navigation's links are the same
    on every page of an organization (about twenty-five ``reverse`` calls a page otherwise). The
    URL configuration in use and the script prefix are part of the key."""
    return _reverse(
        url_name,
        args,
        tuple(sorted(kwargs.items())),
        get_script_prefix(),
        get_urlconf(),
        settings.ROOT_URLCONF,
    )


def nav_items_for(request: HttpRequest) -> list[ResolvedLink]:
    """The navigation the signed-in member sees in the organization the URL names."""
    organization = getattr(request, "organization", None)
    if organization is None:
        return []
    slug = organization.slug
    match = getattr(request, "resolver_match", None)
    return [
        ResolvedLink(item.label, cached_reverse(item.url_name, org_slug=slug), item.is_current(match))
        for item in registered_nav_items()
        if _shown(request, item.permission, item.only_if)
    ]


def dashboard_cards_for(request: HttpRequest) -> list[ResolvedCard]:
    """The overview's cards for the signed-in member, in order."""
    organization = getattr(request, "organization", None)
    if organization is None:
        return []
    slug = {"org_slug": organization.slug}
    return [
        ResolvedCard(
            title=card.title,
            url=reverse(card.url_name, kwargs=slug),
            description=card.description,
            links=tuple(
                ResolvedLink(link.label, reverse(link.url_name, kwargs=slug))
                for link in card.links
                if _shown(request, link.permission, None)
            ),
        )
        for card in sorted(_cards.values(), key=lambda card: card.order)
        if _shown(request, card.permission, card.only_if)
    ]
