"""Panels that apps above programs add to a program's manager page: a hook they fill in.

The program page (``programs:detail``) shows what the program is for — its purpose and target —
but what the target stands at is measured by the analytics app, which sits above programs in
the layers (docs/product.md) and cannot be imported here. Instead an app registers a panel at
start-up (``AnalyticsConfig.ready()``)::

    register_program_panel(ProgramPanel(
        name="purpose-progress",
        template="analytics/program_panel.html",
        context=purpose_panel_context,          # (request, program) -> dict, or None to skip
        permission=Permission.ANALYTICS_PROGRAMS,
        order=10,
    ))

The page renders every registered panel whose permission the member's role grants, in
``order``. A start-up check (``programs/checks.py``) fails when no panel is registered, so a
deployment that lost the analytics app does not silently drop the target's progress.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from organizations.roles import Permission, declared_permission
from programs.models import Program

PanelContext = Callable[[HttpRequest, Program], dict | None]


@dataclass(frozen=True)
class ProgramPanel:
    name: str
    template: str
    context: PanelContext
    permission: Permission
    order: int = 100

    def __post_init__(self) -> None:
        declared_permission(self.permission)


_panels: dict[str, ProgramPanel] = {}


def register_program_panel(panel: ProgramPanel) -> ProgramPanel | None:
    """Add (or replace, by ``name``) a panel; returns the one it replaced (tests restore it)."""
    previous = _panels.get(panel.name)
    _panels[panel.name] = panel
    return previous


def unregister_program_panel(name: str) -> ProgramPanel | None:
    return _panels.pop(name, None)


def program_panels_are_registered() -> bool:
    """Whether an app above programs has registered a panel (a start-up check asks)."""
    return bool(_panels)


def rendered_program_panels(*, request: HttpRequest, program: Program) -> list[SafeString]:
    """The panels the member may see, rendered in order (a panel whose context is None is left out)."""
    membership = getattr(request, "membership", None)
    rendered = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.name)):
        if membership is None or not membership.can(panel.permission):
            continue
        context = panel.context(request, program)
        if context is not None:
            context = {"program": program, **context}
            rendered.append(render_to_string(panel.template, context, request=request))
    return rendered
