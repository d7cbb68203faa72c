"""The swap form's lists are drawn in Python (``PlainSelect``) as Django's select template draws
them: the same HTML, unbound with a first pair chosen, bound with an error, with optgroups."""

from django import forms

from matching.forms import PlainSelect, SwapForm
from matching.selectors import run_page
from matching.services.runs import match_run_create
from tests.matching.factories import small_class


def _as_django(bound) -> str:
    widget = forms.Select(attrs=bound.field.widget.attrs, choices=bound.field.widget.choices)
    return bound.as_widget(widget=widget)


def test_the_swap_forms_lists_are_djangos(org, manager):
    cohort, mentees, _ = small_class(org, mentees=4, mentors=4)
    odd = mentees[0].employee
    odd.name = "O'Brien & <b>Sons</b>"
    odd.save(update_fields=["name"])
    run = match_run_create(cohort=cohort, actor=manager)
    rows = run_page(run).rows
    first = rows[1].proposal.pk
    forms_drawn = [
        SwapForm(run=run, initial={"first": first}, proposals=[row.proposal for row in rows]),
        SwapForm({"first": first, "second": "nonsense"}, run=run),
    ]
    forms_drawn[1].is_valid()
    assert forms_drawn[1].errors
    for form in forms_drawn:
        for name in ("first", "second"):
            bound = form[name]
            assert isinstance(bound.field.widget, PlainSelect)
            drawn = str(bound)
            assert drawn.strip() == _as_django(bound).strip()
    assert "&lt;b&gt;Sons&lt;/b&gt;" in str(forms_drawn[0]["first"])
    assert f'<option value="{first}" selected>' in str(forms_drawn[0]["first"])


def test_optgroups_are_djangos():
    class Form(forms.Form):
        pick = forms.ChoiceField(
            choices=[("", "None"), ("Group <1>", [("a", "A & B"), ("b", 'say "b"')]), ("c", "C")],
            widget=PlainSelect(attrs={"class": "x", "data-on": True}),
        )

    bound = Form({"pick": "b"})["pick"]
    assert str(bound).strip() == _as_django(bound).strip()
    assert '<optgroup label="Group &lt;1&gt;">' in str(bound)
