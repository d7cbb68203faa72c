from django import template

register = template.Library()


@register.filter
def as_percent(fraction: float) -> int:
    """0.6 → 60: a profile's completion as a whole percentage."""
    return round(100 * (fraction or 0))
