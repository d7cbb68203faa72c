"""The matching panel on each program's page (registered into ``programs/panels.py``).

Programs cannot import matching, so the program page shows how its pairs will be chosen, and
links to the weights, through the hook: the weights in force (saved, or the program
template's until saved) and the way to change them.
"""

from django.http import HttpRequest

from matching.inputs import settings_for
from matching.models import MatchMode
from matching.selectors.labels import COMPONENT_LABELS
from organizations.roles import Permission
from programs.models import Program
from programs.panels import ProgramPanel, register_program_panel
from programs.templates_catalog import program_template


def match_weights_panel_context(request: HttpRequest, program: Program) -> dict:
    settings = settings_for(program, with_author=True)
    weights = {name: float(value) for name, value in settings.weights.items() if name in COMPONENT_LABELS}
    if settings.mode != MatchMode.HYBRID:
        weights.pop("mentee_rank", None)
    top = max(weights.values(), default=0) or 1
    rows = [
        {"label": COMPONENT_LABELS[name], "weight": value, "percent": round(100 * value / top)}
        for name, value in sorted(weights.items(), key=lambda item: (-item[1], COMPONENT_LABELS[item[0]]))
        if value > 0
    ]
    template = program_template(program.template)
    return {
        "weights": rows,
        "ignored": [COMPONENT_LABELS[name] for name, value in weights.items() if value == 0],
        "saved": settings.pk is not None,
        "template": template,
        "match_settings": settings,
    }


def register() -> None:
    register_program_panel(
        ProgramPanel(
            name="match-weights",
            template="matching/program_panel.html",
            context=match_weights_panel_context,
            permission=Permission.PROGRAMS_MANAGE,
            order=20,
        )
    )
