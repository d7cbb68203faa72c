"""The template engine: Django's, reading what a view hands over before the template starts.

Templates only render (issue 17: tests/test_page_budget.py fails on any query made while a
template renders). A view that passes a queryset, or a page of one, has it read here, in one
query, before the first node renders — never row by row from inside a loop or an ``{% if %}``.
A form handed over has the choices of its model choice fields read the same way (Django's
``ModelChoiceIterator`` would query while the widget renders). Related rows a template follows
are still the view's or the selector's to read (``select_related``, ``prefetch_related``, or
plain values).
"""

from django.core.paginator import Page
from django.db.models import QuerySet
from django.forms import BaseForm, BaseFormSet, ModelChoiceField
from django.template import TemplateDoesNotExist
from django.template.backends.django import DjangoTemplates, reraise
from django.template.backends.django import Template as DjangoTemplate


def read_form_choices(form: BaseForm) -> None:
    """Read the choices of the form's model choice fields into lists, once, now."""
    for field in form.fields.values():
        if isinstance(field, ModelChoiceField) and not hasattr(field, "_choices"):
            # iter(): list() of the iterator itself would first ask its length (a COUNT query).
            field.choices = list(iter(field.choices))


def read_before_rendering(context: dict | None) -> dict | None:
    """The context with its querysets read into lists, its pages' rows read, and its forms'
    model choices read."""
    if not context:
        return context
    read = dict(context)
    for key, value in context.items():
        if isinstance(value, QuerySet):
            read[key] = list(value)
        elif isinstance(value, Page) and isinstance(value.object_list, QuerySet):
            value.object_list = list(value.object_list)
        elif isinstance(value, BaseForm):
            read_form_choices(value)
        elif isinstance(value, BaseFormSet):
            for form in value.forms:
                read_form_choices(form)
    return read


class Template(DjangoTemplate):
    def render(self, context=None, request=None):
        return super().render(read_before_rendering(context), request)


class ReadingDjangoTemplates(DjangoTemplates):
    def get_template(self, template_name):
        try:
            return Template(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            reraise(exc, self)

    def from_string(self, template_code):
        return Template(self.engine.from_string(template_code), self)
