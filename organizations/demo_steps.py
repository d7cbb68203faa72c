"""Demo data that higher apps add to ``seed_demo``.

``organizations`` imports no domain app, so programs, cohorts, matching and the mentoring
year cannot be seeded from here directly. Each of those apps registers a step from its
``AppConfig.ready()``; ``seed_demo`` runs them in order for the demo organization, inside its
scope. A step must be idempotent (running seed_demo twice duplicates nothing) and returns a
line for the command to print.
"""

from collections.abc import Callable
from dataclasses import dataclass

from organizations.models import Organization, User


@dataclass(frozen=True)
class DemoContext:
    organization: Organization
    accounts: dict[str, User]  # persona ("admin", "manager", "mentor", "mentee", …) -> user
    password: str


DemoStep = Callable[[DemoContext], str]

_steps: dict[str, tuple[int, DemoStep]] = {}


def register_demo_step(name: str, step: DemoStep, *, order: int) -> None:
    _steps[name] = (order, step)


def demo_steps() -> list[tuple[str, DemoStep]]:
    return [(name, step) for name, (order, step) in sorted(_steps.items(), key=lambda item: item[1][0])]
