from django import template

from cohorts.models import Participant, ParticipantStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def in_a_cohort(context) -> bool:
    """``{% in_a_cohort as is_participant %}``: whether the signed-in person is selected in a
    cohort of the open organization, so "My profile" is offered only to them. Asked once per
    request (the navigation and the dashboard share the answer)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    organization = getattr(request, "organization", None)
    if user is None or not user.is_authenticated or organization is None:
        return False
    if not hasattr(request, "_in_a_cohort"):
        request._in_a_cohort = Participant.objects.filter(
            organization=organization, employee__user=user, status=ParticipantStatus.SELECTED
        ).exists()
    return request._in_a_cohort


@register.filter
def as_percent(fraction: float) -> int:
    """0.6 → 60: a profile's completion as a whole percentage."""
    return round(100 * (fraction or 0))
