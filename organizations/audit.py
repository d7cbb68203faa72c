"""Recording the audit log (``organizations.models.audit``).

Services call ``audit_record(organization, action, ...)`` inside their own transaction, as
Zulip's actions write their ``RealmAuditLog``: the entry commits or rolls back with the
action. Who acted and from where come from the request being served, which
``AuditContextMiddleware`` keeps in a context variable: the signed-in person, or the API key
of an API call (DRF sets ``request.auth`` on the underlying request), and the client's
address as django-allauth reads it (the same address the sign-in limits use). In a task or a
management command there is no request: the actor is whoever the service was told, or nobody.
"""

import contextvars
import datetime
from collections.abc import Iterable

from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from organizations.models import APIKey, AuditAction, AuditEntry, Organization

_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "lodestar_audit_request", default=None
)

SYSTEM = "Lodestar (automatic)"


class AuditContextMiddleware:
    """Keeps the request in reach of the services for the audit log (after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def current_request() -> HttpRequest | None:
    return _request.get()


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from allauth.core.internal.httpkit import get_client_ip

    try:
        return get_client_ip(request)
    except Exception:  # noqa: BLE001 - a malformed forwarding header must not fail the action
        return None


def _actor_of(actor, request: HttpRequest | None):
    """(user, api key) of whoever acts: the given actor, else the request's key or person."""
    if isinstance(actor, APIKey):
        return None, actor
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor, None
    if request is None:
        return None, None
    auth = getattr(request, "auth", None)
    if isinstance(auth, APIKey):
        return None, auth
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user, None
    return None, None


def audit_record(
    organization: Organization,
    action: AuditAction,
    *,
    target: models.Model | None = None,
    label: str = "",
    changes: Iterable[str] = (),
    actor=None,
    at: datetime.datetime | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one entry. ``target`` is the object acted on, ``label`` how the log names it (a
    person's name, a program's title: never text people wrote about themselves), ``changes``
    the names of the fields that changed or a word of outcome. ``actor`` (a user or an API key)
    defaults to the request's; ``at``, the moment the service acted (its ``now``), to now;
    ``ip_address``, to the request's (a background task passes the one its request came from)."""
    request = current_request()
    user, api_key = _actor_of(actor, request)
    if user is not None:
        actor_label = user.email
    elif api_key is not None:
        actor_label = api_key.actor_label
    else:
        actor_label = SYSTEM
    entry = AuditEntry(
        organization=organization,
        created_at=at or timezone.now(),
        action=action,
        actor=user,
        api_key=api_key,
        actor_label=actor_label[:200],
        ip_address=ip_address or client_ip(request),
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_label=" ".join(label.split())[:200],
        changes=[str(change)[:80] for change in changes],
    )
    entry.save()  # through the base manager: a service may run outside any scope (a task)
    return entry


def audit_export(request: HttpRequest, filename: str) -> AuditEntry:
    """A file of the organization's data downloaded (by the request's person or key)."""
    return audit_record(request.organization, AuditAction.DATA_EXPORT, label=filename, changes=[request.path])


def audit_sign_in_refused(request: HttpRequest | None, login: str, action: AuditAction) -> int:
    """A failed sign-in or a lockout of an existing account, in the log of each organization
    the account belongs to (an address nobody has is only in the security log). How many
    entries were written."""
    from django_scopes import scopes_disabled

    from organizations.models import Membership, User

    user = User.objects.filter(email__iexact=(login or "").strip()).first()
    if user is None:
        return 0
    with scopes_disabled():
        organizations = [
            m.organization for m in Membership.objects.filter(user=user).select_related("organization")
        ]
    ip = client_ip(request)
    for organization in organizations:
        AuditEntry(
            organization=organization,
            action=action,
            actor_label=SYSTEM if action == AuditAction.SIGNIN_LOCKOUT else "Someone signing in",
            ip_address=ip,
            object_type=user._meta.label_lower,
            object_id=str(user.pk),
            object_label=user.email,
        ).save()
    return len(organizations)


def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    login = credentials.get("email") or credentials.get("username") or ""
    audit_sign_in_refused(request, login, AuditAction.SIGNIN_FAILED)


def connect_signals() -> None:
    from django.contrib.auth.signals import user_login_failed

    user_login_failed.connect(_sign_in_failed, dispatch_uid="lodestar-audit-sign-in-failed")
