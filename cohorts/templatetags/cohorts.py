from dataclasses import dataclass

from django import template
from django.urls import reverse

from cohorts.selectors import SELECTABLE_PROGRAM_STATUSES, cohort_for_program
from programs.models import Program

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.846 → "85%": how spread figures read on the page."""
    if value is None:
        return "—"
    return f"{round(100 * value)}%"


@dataclass(frozen=True)
class ProgramClass:
    url: str
    exists: bool


@register.simple_tag(takes_context=True)
def program_class(context, program: Program) -> ProgramClass | None:
    """``{% program_class program as the_class %}``: where a program page leads to its class.

    The class once it exists; the page to start one while the program takes or weighs
    applications; None for a draft or a program that ended without a class. Programs sit
    below cohorts (STYLE.md), so their pages ask through this tag instead of importing cohorts.
    """
    exists = cohort_for_program(program) is not None
    if not exists and program.status not in SELECTABLE_PROGRAM_STATUSES:
        return None
    org_slug = context["organization"].slug
    url = reverse("cohorts:for_program", kwargs={"org_slug": org_slug, "program_pk": program.pk})
    return ProgramClass(url=url, exists=exists)
