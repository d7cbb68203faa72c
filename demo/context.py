"""What every demo step is handed, and the steps in the order ``seed_demo`` runs them.

``seed_demo`` first builds each demo organization's roster history and accounts (the tenancy
floor), then runs these steps for the demo organization, inside its scope. A step must be
idempotent (running seed_demo twice duplicates nothing) and returns a line for the command to
print. ``demo`` sits above every app, so it simply imports the steps.
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


def demo_steps() -> list[tuple[str, DemoStep]]:
    """The steps after the roster, in order: each needs what the ones before it made."""
    from demo.matching import seed_match_settings
    from demo.programs import seed_programs_and_cohort, seed_trust_profiles

    return [
        ("programs and cohorts", seed_programs_and_cohort),
        ("trust profiles", seed_trust_profiles),
        ("match settings", seed_match_settings),
    ]
