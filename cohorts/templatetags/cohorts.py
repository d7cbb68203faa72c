from django import template

from cohorts.selectors import SELECTABLE_PROGRAM_STATUSES, cohort_for_program

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.846 → "85%": how spread figures read on the page."""
    if value is None:
        return "—"
    return f"{round(100 * value)}%"


@register.inclusion_tag("cohorts/includes/program_class_link.html", takes_context=True)
def program_class_link(context, program) -> dict:
    """The way from a program's page to its class: "Open the class" once it exists, "Choose the
    class" while one can be started, nothing for a draft.

    Programs sit below cohorts (STYLE.md), so the program page asks cohorts through this tag
    instead of importing them.
    """
    has_class = cohort_for_program(program) is not None
    return {
        "organization": context["organization"],
        "program": program,
        "has_class": has_class,
        "can_start": not has_class and program.status in SELECTABLE_PROGRAM_STATUSES,
    }
