"""Demo match settings: learning fit first, then a different department and a real level gap.

Leadership Bridge 2026 gets them the day after it started (its first wave was matched with
them, and "Run matching" works at once for the rest); Leadership Bridge 2025 used the same.
Idempotent.
"""

import datetime

from demo.context import DemoContext
from demo.programs import BRIDGE
from demo.timeline import frozen_clock
from matching.models import MatchMode, MatchSettings
from matching.services.settings import match_settings_save
from organizations.clock import local_datetime
from programs.models import Program

DEMO_WEIGHTS = {
    "different_department": 1.5,
    "level_gap": 1.0,
    "reporting_line": 0.5,
    "learning_fit": 2.5,
    "values": 1.0,
    "passions": 1.0,
    "location": 0.5,
    "mentee_rank": 2.0,
}


def match_settings_for(program: Program, actor) -> MatchSettings:
    return match_settings_save(
        program=program,
        actor=actor,
        weights=DEMO_WEIGHTS,
        min_level_gap=2,
        level_gap_is_hard=False,
        mode=MatchMode.MANAGER,
        shortlist_size=5,
        ranking_deadline=None,
        allow_previous_pairs=False,
    )


def seed_match_settings(context: DemoContext) -> str:
    program = Program.objects.filter(name=BRIDGE).first()
    if program is None:
        return "Match settings: no Leadership Bridge program to set up."
    if MatchSettings.objects.filter(program=program).exists():
        return "Match settings: already seeded."
    day_after_start = program.start_date + datetime.timedelta(days=1)
    with frozen_clock(local_datetime(day_after_start, datetime.time(9, 30), context.organization)):
        match_settings_for(program, context.accounts["manager"])
    return f"Match settings: {BRIDGE} weighs learning fit first."
