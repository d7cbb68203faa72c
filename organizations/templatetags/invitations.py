from django import template

from organizations.adapters import invitation_remembered

register = template.Library()


@register.simple_tag(takes_context=True)
def invitation_in_session(context):
    """``{% invitation_in_session as invitation %}``: the open invitation this browser came from."""
    request = context.get("request")
    return invitation_remembered(request) if request is not None else None
