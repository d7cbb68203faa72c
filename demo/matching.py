"""Demo match settings for "Leadership Bridge 2026": ready to run, not run.

The demo class is matched by the person trying the demo (or the browser test): this step only
gives the program sensible weights — learning fit first, then a different department and a
real level gap — so "Run matching" works at once. Idempotent.
"""

from demo.context import DemoContext
from matching.models import MatchMode, MatchSettings
from matching.services.settings import match_settings_save
from programs.models import Program

BRIDGE = "Leadership Bridge 2026"

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


def seed_match_settings(context: DemoContext) -> str:
    program = Program.objects.filter(name=BRIDGE).first()
    if program is None:
        return "Match settings: no Leadership Bridge program to set up."
    if MatchSettings.objects.filter(program=program).exists():
        return "Match settings: already seeded."
    match_settings_save(
        program=program,
        actor=context.accounts["manager"],
        weights=DEMO_WEIGHTS,
        min_level_gap=2,
        level_gap_is_hard=False,
        mode=MatchMode.MANAGER,
        shortlist_size=5,
        ranking_deadline=None,
        allow_previous_pairs=False,
    )
    return f"Match settings: {BRIDGE} weighs learning fit first; open its class and run matching."
