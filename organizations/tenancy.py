"""How a request finds its organization, and how tenant queries are scoped.

The organization comes from the URL (``/o/<org_slug>/…``), never from the session. For every
such URL the middleware below resolves the organization and the signed-in person's membership
once, answers 404 to anyone who is not a member (the same answer as for a slug that does not
exist), and runs the view inside a django-scopes scope for that organization. Every
tenant-owned model has ``objects = ScopedManager(organization="organization")``, so a query
outside a scope raises instead of leaking rows; the few places that must look across
organizations say so with ``with_scopes_disabled()``.

The REST API (``/api/``) resolves its organization in the base view's ``initial()`` instead,
because DRF authenticates (API keys) inside the view.
"""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache, wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, get_resolver, get_urlconf
from django_scopes import scope

from organizations.membership_rows import memberships_of
from organizations.models import Membership, Organization
from organizations.roles import Permission, Role, declared_permission

ORG_URL_KWARG = "org_slug"
_ORGANIZATION_PREFIX = re.compile(r"^/o/(?P<slug>[-a-zA-Z0-9_]+)/")


@contextmanager
def organization_scope(organization: Organization) -> Iterator[None]:
    """Open the tenant scope; refuses an empty organization, which would filter nothing."""
    if organization is None or organization.pk is None:
        raise ValueError("organization_scope needs a saved organization")
    with scope(organization=organization):
        yield


def membership_for_slug(user, slug: str) -> Membership:
    """The user's membership in the organization with this slug, or 404 (missing or not yours)."""
    return memberships_for_slug(user, slug)[0]


def memberships_for_slug(user, slug: str) -> tuple[Membership, list[Membership]]:
    """The user's membership in the organization with this slug (or 404), and all of theirs by
    organization name, for the page's organization switcher: one query for both, with each
    organization's data version and single sign-on and the member's unread count
    (organizations/membership_rows.py)."""
    memberships = memberships_of(user)
    membership = next((m for m in memberships if m.organization.slug == slug), None)
    if membership is None:
        raise Http404("No such organization")
    return membership, memberships


class OrganizationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.organization = None
        request.membership = None
        request.memberships = None
        slug = self._org_slug(request)
        if slug is None:
            return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership, request.memberships = memberships_for_slug(request.user, slug)
        request.membership = membership
        request.organization = membership.organization
        if sso_session_needed(request, membership):
            return sso_sign_in_redirect(request, membership)
        if mfa_setup_needed(membership):
            return mfa_setup_redirect(request, membership)
        with organization_scope(membership.organization):
            return self.get_response(request)

    @staticmethod
    def _org_slug(request: HttpRequest) -> str | None:
        path = request.path_info
        if path.startswith("/api/"):
            return None
        if len(path) > _REMEMBERED_PATH_LENGTH:
            return _org_slug_of(get_resolver(get_urlconf()), path)
        return _remembered_org_slug_of(get_resolver(get_urlconf()), path)


# Resolving a path costs about a quarter of a millisecond, and Django resolves it again to call
# the view: the slugs of recent paths are remembered (per URLconf: a test that swaps it gets its
# own), short paths only.
_REMEMBERED_PATH_LENGTH = 300


def _org_slug_of(resolver, path: str) -> str | None:
    try:
        match = resolver.resolve(path)
    except Resolver404:
        # An address under /o/<slug>/ that names no page is still the organization's: its
        # members get the 404 page with the organization's navigation; everyone else gets
        # what any page of it gives them (sign in, or the same 404 as for a missing slug).
        prefix = _ORGANIZATION_PREFIX.match(path)
        return prefix["slug"] if prefix else None
    return match.kwargs.get(ORG_URL_KWARG)


_remembered_org_slug_of = lru_cache(maxsize=2048)(_org_slug_of)


def permission_required(permission: Permission):
    """Decorate an organization view: 403 unless the member's role grants ``permission``.

    Non-members never get here (the middleware answered 404), so a 403 only tells a member
    that the page exists but is not theirs to use. An undeclared permission fails at import.
    """
    permission = declared_permission(permission)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if membership is None:
                raise Http404("No such organization")
            if not membership.can(permission):
                raise PermissionDenied(f"Your role does not allow {permission}")
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorator


def sso_session_needed(request: HttpRequest, membership: Membership) -> bool:
    from organizations.sso.selectors import sso_session_needed as needed

    return needed(request, membership)


def sso_sign_in_redirect(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Someone of an organization that requires single sign-on, signed in another way."""
    from urllib.parse import urlencode

    from django.contrib import messages
    from django.shortcuts import redirect
    from django.urls import reverse

    name = membership.organization.name
    next_path = request.get_full_path() if request.method == "GET" else ""
    messages.warning(
        request,
        f"{name} asks everyone to sign in through its company sign-in: sign in with your {name} address.",
    )
    url = reverse("sso_login")
    return redirect(f"{url}?{urlencode({'next': next_path})}" if next_path else url)


# Roles an organization's two-factor requirement applies to (Organization.require_mfa).
MFA_ROLES = frozenset({Role.ADMIN, Role.HR_ANALYST})


def mfa_setup_needed(membership: Membership) -> bool:
    """Whether the organization requires two-factor authentication of this member's role and
    their account has none yet (one query, only when it is required)."""
    from organizations.reauth import uses_mfa

    return (
        membership.organization.require_mfa and membership.role in MFA_ROLES and not uses_mfa(membership.user)
    )


def mfa_setup_redirect(request: HttpRequest, membership: Membership) -> HttpResponse:
    from django.contrib import messages
    from django.shortcuts import redirect

    messages.warning(
        request,
        f"{membership.organization.name} asks its {membership.get_role_display().lower()}s to use "
        "two-factor authentication. Set up an authenticator app or a security key, then open "
        f"{membership.organization.name} again.",
    )
    return redirect("mfa_index")
