"""Chores every app's views share: one way each, so no view writes its own.

- ``post_only``: an action view looks its object up first (someone else's object is 404
  whatever the method), then calls ``post_only`` and returns its 405 when it gives one.
- ``add_form_errors``: a service's ``ValidationError`` shown on the form that was submitted.
- ``message_errors``: the same error as flash messages, for views without a form.
- ``parse_id``: an id from a query string or a form, or ``None``.
- ``IdConverter``: an id in a page's path, ``<id:pk>`` (registered by the organizations app).
- ``IdsChoiceField``: several ids chosen in a form (a ``ModelMultipleChoiceField`` that reads
  them as ``parse_id`` does).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseNotAllowed

MAX_ID_DIGITS = 18


def post_only(request: HttpRequest) -> HttpResponseNotAllowed | None:
    """405 for anything but POST; ``None`` for a POST. Call it *after* the object lookup."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def add_form_errors(
    form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Put a service's ValidationError on the form: on its fields when they exist, else on top.

    ``field_map`` renames a service's field to the form's (``{"starts_at": "date"}``).
    """
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            field = field_map.get(name, name)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def message_errors(request: HttpRequest, error: ValidationError) -> None:
    """Each message of a service's ValidationError as an error flash message."""
    for text in error.messages:
        messages.error(request, text)


def parse_id(text: str | None) -> int | None:
    """``text`` as an id (ASCII digits, at most 18, above 0); ``None`` for anything else.

    ``str.isdigit`` is not enough: ``"²".isdigit()`` is true and ``int("²")`` raises, as does
    ``int()`` of a 10,000-digit string.
    """
    if not text or len(text) > MAX_ID_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text) or None


class IdConverter:
    """``<id:pk>`` in a page's URL: an id as ``parse_id`` reads one, at most 18 digits.

    Django's ``<int:pk>`` takes any number of digits, and a 30-digit id reached the database:
    SQLite cannot even be asked about it (OverflowError, a 500). Here a longer number is a 404
    from the resolver, like an id that names nothing — as the API's ``LOOKUP_ID`` does.
    """

    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id. A value that is not an id (``parse_id``) is refused as not one
    of the choices before the query: Django passes a 30-digit number on to ``id IN (…)``, which
    SQLite cannot even be asked about (OverflowError, a 500)."""

    def _check_values(self, value):
        for given in value:
            if parse_id(str(given)) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "…"}
                )
        return super()._check_values(value)
