from django import template
from django.utils.html import format_html

from analytics.selectors import Suppressed
from analytics.tables import NOT_DEFINED, Kind, display

register = template.Library()


@register.filter
def figure(value, kind: str = "count"):
    """A figure as the page shows it: ``{{ rate|figure:"rate" }}`` → "5.2 %", a suppressed one
    "fewer than 5", an undefined one a dash that says so to screen readers."""
    if isinstance(value, Suppressed):
        return format_html('<span class="suppressed">{}</span>', str(value))
    if value is None:
        return format_html('<span class="undefined" title="not defined">{}</span>', NOT_DEFINED)
    return display(value, Kind(kind))
