import datetime

from django import template

from organizations.text import join_names
from programs.vocabulary import words_for
from programs.window import WindowState, application_window

register = template.Library()

_APPLICATION_BADGES = {
    "accepted": "badge-ok",
    "submitted": "",
    "waitlisted": "badge-warn",
    "ineligible": "badge-bad",
    "declined": "badge-bad",
    "withdrawn": "",
}
_PROGRAM_BADGES = {
    "draft": "",
    "applications_open": "badge-ok",
    "selecting": "badge-warn",
    "active": "badge-ok",
    "completed": "",
}


@register.inclusion_tag("programs/includes/status_badge.html")
def application_badge(application):
    return {"css": _APPLICATION_BADGES.get(application.status, ""), "label": application.get_status_display()}


_WINDOW_BADGES = {WindowState.SCHEDULED: "", WindowState.ENDED: "badge-warn"}


@register.inclusion_tag("programs/includes/status_badge.html")
def program_badge(program):
    """The status a manager reads; an open program whose window has not opened yet says
    "Scheduled · opens 3 Dec" (``programs/window.py`` decides, for members too)."""
    window = application_window(program)
    css = _WINDOW_BADGES.get(window.state, _PROGRAM_BADGES.get(program.status, ""))
    return {"css": css, "label": window.manager_label}


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def rule_value(value) -> str:
    """A value of an eligibility failure in words: a list as "Sales or Legal", a date as
    "1 Mar 2026", a gap as "not in the HR roster"."""
    if value is None or value == "":
        return "not in the HR roster"
    if isinstance(value, list | tuple):
        return join_names(value, conjunction="or")
    if isinstance(value, str):
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            return value
        return f"last day {day.day} {day:%b %Y}"
    return str(value)


@register.filter
def words(subject):
    """The structure's words (``programs/vocabulary.py``) of a program, a cohort, a run, or a
    structure value: ``{% with w=program|words %}{{ w.units }}{% endwith %}``."""
    for attribute in ("structure", "program"):
        subject = getattr(subject, attribute, subject)
        if isinstance(subject, str):
            break
    return words_for(subject if isinstance(subject, str) else getattr(subject, "structure", ""))
