"""The overview's rows built in Python (sessions/overview_rows.py) are the markup the template
rows were, character for character: the former template is kept here as the reference."""

from pathlib import Path

import pytest
from django.template import Context, Template

from organizations.models import Employee
from sessions.facts import cohort_pair_facts
from sessions.overview_rows import overview_rows_html
from sessions.views.overview import COLUMNS
from tests.sessions.test_stored_facts import _many_states

# templates/sessions/overview.html's rows before they were built in Python.
REFERENCE = (
    "{% load tz %}{% timezone zone %}"
    + (Path(__file__).parent / "overview_rows_reference.html").read_text()
    + "{% endtimezone %}"
)


@pytest.mark.parametrize("has_mentors", [True, False])
@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/Los_Angeles"])
def test_the_rows_are_the_former_template_rows(cohort, has_mentors, zone):
    _many_states(cohort)
    Employee.objects.filter(pk__in=Employee.objects.order_by("pk").values("pk")[:3]).update(
        name='Ann <b>"O\'Hara"</b> & co', department="R&D <i>"
    )
    facts = cohort_pair_facts(cohort=cohort, attention=True)
    facts[0].reported_unresponsive_on = facts[0].published_on  # no reporter here: the figure alone
    assert {"flagged", "reported", "reasons", "no milestones", "next", "not started"} <= _shown(facts)
    labels = (
        [label for _, label in COLUMNS]
        if has_mentors
        else ["Circle <&>", *[label for _, label in COLUMNS[2:]]]
    )
    headers = [{"label": label} for label in labels]
    expected = Template(REFERENCE).render(
        Context(
            {
                "zone": zone,
                "page": {"object_list": facts},
                "words": {"has_mentors": has_mentors},
                "headers": headers,
                "metric_headers": headers[-6:],
            }
        )
    )
    built = overview_rows_html(facts, has_mentors=has_mentors, labels=labels, timezone_name=zone)
    assert "&lt;b&gt;" in built and "R&amp;D" in built
    assert "        " + built == expected


def _shown(facts) -> set[str]:
    """Which of the rows' variants these facts cover."""
    shown = set()
    for fact in facts:
        shown |= {"flagged"} if fact.flagged_silent_since else set()
        shown |= {"reported"} if fact.reported_unresponsive_on else set()
        shown |= {"reasons"} if fact.health.reasons else set()
        shown |= {"no milestones"} if fact.goals.milestones_percent is None else set()
        shown |= {"next"} if fact.next_meeting_at else set()
        shown |= {"not started"} if not fact.meetings_expected else set()
    return shown
