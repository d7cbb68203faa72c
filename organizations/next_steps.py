"""The overview's to-do list: counts and next steps from the live data, each a link.

``organizations`` names no higher app, so each app registers a *provider* from its
``navigation.py`` (called in ``AppConfig.ready()``)::

    register_next_steps(applications_to_review, permission=Permission.PROGRAMS_MANAGE)

A provider is ``provider(request) -> Iterable[NextStep]``: it reads what is waiting for the
signed-in member (applications to review, a draft match run, their own unfinished trust
profile…) with a few queries whatever the organization's size, and says where it is done.
The overview shows the steps of every provider the member's role may use, most urgent first;
an empty list means the member is up to date.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpRequest

from organizations.roles import Permission, declared_permission


class Tone:
    """How a step is shown: something to fix now, something to do, or what comes next."""

    ATTENTION = "attention"
    TODO = "todo"
    NEXT = "next"


_TONE_ORDER = {Tone.ATTENTION: 0, Tone.TODO: 1, Tone.NEXT: 2}


@dataclass(frozen=True)
class NextStep:
    title: str
    url: str
    action: str
    detail: str = ""
    tone: str = Tone.TODO
    order: int = 100


Provider = Callable[[HttpRequest], Iterable[NextStep]]


@dataclass(frozen=True)
class _Registered:
    provider: Provider
    permission: Permission


_providers: dict[str, _Registered] = {}


def register_next_steps(provider: Provider, *, permission: Permission) -> None:
    """Add (or replace, by qualified name) a provider shown to roles with ``permission``."""
    _providers[f"{provider.__module__}.{provider.__qualname__}"] = _Registered(
        provider, declared_permission(permission)
    )


def request_memo(request: HttpRequest, key: str, compute: Callable[[], object]):
    """What ``compute`` returns, once per request: for providers that read the same rows (the
    member's own pair memberships…), so the overview does not ask the database twice."""
    memo = request.__dict__.setdefault("_next_steps_memo", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def next_steps_for(request: HttpRequest) -> list[NextStep]:
    """The signed-in member's next steps in the URL's organization, most urgent first."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return []
    steps: list[NextStep] = []
    for registered in _providers.values():
        if membership.can(registered.permission):
            steps.extend(registered.provider(request))
    return sorted(steps, key=lambda step: (_TONE_ORDER.get(step.tone, 9), step.order, step.title))
