"""The roster filters' inputs, remembered per choices and submitted values
(``RosterFilterForm.rendered_fields``): the same HTML the form renders itself, whatever is typed."""

import pytest
from django.http import QueryDict

from organizations.roster.forms import RosterFilterForm

CHOICES = {"departments": ["Engineering", "R&D"], "levels": [1, 2, 3]}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=ada&department=R%26D&level=2&status=left",
        'q="><script>&level=seven&department=Nowhere&status=gone',
        "q=a&q=b&level=3&level=1",
    ],
)
def test_the_remembered_inputs_are_the_forms_own(query):
    form = RosterFilterForm(QueryDict(query), choices=CHOICES)
    form.filters()
    expected = {name: str(RosterFilterForm(QueryDict(query), choices=CHOICES)[name]) for name in form.fields}

    assert form.rendered_fields() == expected
    assert RosterFilterForm(QueryDict(query), choices=CHOICES).rendered_fields() == expected


def test_other_choices_give_other_inputs():
    before = RosterFilterForm(QueryDict(""), choices=CHOICES).rendered_fields()
    after = RosterFilterForm(QueryDict(""), choices={**CHOICES, "departments": ["Sales"]}).rendered_fields()
    assert "R&amp;D" in before["department"] and "R&amp;D" not in after["department"]
    assert "Sales" in after["department"]
    assert after["level"] == before["level"]
