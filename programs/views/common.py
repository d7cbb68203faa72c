"""Small helpers the program views share."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseNotAllowed


def post_only(request: HttpRequest) -> HttpResponseNotAllowed | None:
    """405 for anything but POST. Views call it *after* looking the object up, so someone
    else's object answers 404 whatever the method."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its fields when they exist, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def message_errors(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)
