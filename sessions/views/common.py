"""Small helpers the mentoring views share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseNotAllowed

MANAGE = "programs.manage"
READ = "mentoring.oversee"
PARTICIPATE = "mentoring.participate"


def post_only(request: HttpRequest) -> HttpResponseNotAllowed | None:
    """405 for anything but POST. Views call it *after* looking the object up, so someone
    else's object answers 404 whatever the method."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def message_errors(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)
