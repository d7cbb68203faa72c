from django import template

register = template.Library()


@register.filter
def can(membership, permission: str) -> bool:
    """``{% if membership|can:Permission.ROSTER_VIEW %}``: the template face of organizations.roles."""
    return bool(membership) and membership.can(permission)
