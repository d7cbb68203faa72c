"""The purpose panel on each program's page (registered into ``programs/panels.py``).

Programs cannot import analytics, so the program page asks through the hook; this module
answers with the program's purpose target next to what the facts measure.
"""

from django.http import HttpRequest

from analytics import charts, selectors
from analytics.sections import MEASURE_NAMES, purpose_note
from organizations.roles import Permission
from programs.models import Program
from programs.panels import ProgramPanel, register_program_panel


def purpose_panel_context(request: HttpRequest, program: Program) -> dict:
    progress = selectors.purpose_progress(program=program)
    chart = charts.bullet_chart(
        title=f"{program.name}: target against the measured figure",
        description=(
            "The participants' measured figure as a bar, with the program's baseline, its target and the "
            "comparison group's figure marked on the same scale."
        ),
        rows=[
            (
                "Participants",
                {
                    "baseline": progress.baseline,
                    "target": progress.target,
                    "actual": progress.actual,
                    "comparison": progress.comparison,
                },
                purpose_note(progress),
            )
        ],
    )
    return {
        "progress": progress,
        "measure_name": MEASURE_NAMES.get(progress.measure, progress.measure),
        "chart": chart,
        "may_open_analytics": request.membership.can(Permission.ANALYTICS_PROGRAMS),
    }


def register() -> None:
    register_program_panel(
        ProgramPanel(
            name="purpose-progress",
            template="analytics/program_panel.html",
            context=purpose_panel_context,
            permission=Permission.ANALYTICS_PROGRAMS,
            order=10,
        )
    )
