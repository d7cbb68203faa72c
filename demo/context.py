"""What every demo step is handed, and the steps in the order ``seed_demo`` runs them.

``seed_demo`` builds each demo organization's accounts, then loads its roster history file by
file. The *history steps* put events on a timeline before that (``demo/timeline.py``); the
command runs them between the roster files, so each sees the roster of its day. Then the
*demo steps* run for the demo organization, inside its scope. A step must be idempotent
(running seed_demo twice duplicates nothing) and returns a line for the command to print; a
history step's summary gives its line. ``demo`` sits above every app, so it simply imports
the steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from organizations.models import Organization, User

if TYPE_CHECKING:
    from demo.timeline import Timeline
    from demo.workforce import RosterHistory


@dataclass(frozen=True)
class DemoContext:
    organization: Organization
    accounts: dict[str, User]  # persona ("admin", "manager", "mentor", "mentee", …) -> user
    password: str
    persona_ids: frozenset[str] = frozenset()  # roster external ids behind the demo accounts


DemoStep = Callable[[DemoContext], str]
HistoryStep = Callable[[DemoContext, "RosterHistory", "Timeline"], None]


def history_steps() -> list[tuple[str, HistoryStep, Callable[[], str]]]:
    """Steps that play out alongside the roster history: (name, schedule, summary line)."""
    from demo.past_cohort import past_cohort_summary, schedule_past_cohort

    return [("Leadership Bridge 2025", schedule_past_cohort, past_cohort_summary)]


def demo_steps() -> list[tuple[str, DemoStep]]:
    """The steps after the roster, in order: each needs what the ones before it made."""
    from demo.current_cohort import seed_bridge_first_months
    from demo.matching import seed_match_settings
    from demo.profiles import seed_trust_profiles
    from demo.programs import seed_programs_and_cohort
    from demo.project_teams import seed_project_teams

    return [
        ("programs and cohorts", seed_programs_and_cohort),
        ("match settings", seed_match_settings),
        ("Leadership Bridge 2026's first months", seed_bridge_first_months),
        ("trust profiles", seed_trust_profiles),
        ("project teams, council and talent pool", seed_project_teams),
    ]
