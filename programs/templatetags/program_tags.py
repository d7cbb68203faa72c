from django import template

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


@register.inclusion_tag("programs/includes/status_badge.html")
def program_badge(program):
    return {"css": _PROGRAM_BADGES.get(program.status, ""), "label": program.get_status_display()}


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
