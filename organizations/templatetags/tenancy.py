from django import template

from organizations.navigation import cached_reverse

register = template.Library()


@register.filter
def can(membership, permission: str) -> bool:
    """``{% if membership|can:Permission.ROSTER_VIEW %}``: the template face of organizations.roles."""
    return bool(membership) and membership.can(permission)


@register.simple_tag
def cached_url(url_name: str, *args, **kwargs) -> str:
    """``{% url %}`` for the layout's links, which every page repeats: remembered per process
    (``organizations.navigation.cached_reverse``)."""
    return cached_reverse(url_name, *args, **kwargs)
