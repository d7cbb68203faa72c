from django import template

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.846 → "85%": how spread figures read on the page."""
    if value is None:
        return "—"
    return f"{round(100 * value)}%"
