"""The run page's rows drawn in Python (matching/rows.py) are what the templates drew: the same
HTML for every kind of row (pinned, ruled out, swapped, ranked, a group's), names escaped, and
numbers formatted as ``floatformat`` formats them."""

import random
import re

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat

from matching.rows import RowDrawer, fixed, people_items, places_items
from matching.selectors import run_page
from matching.selectors.runs import MentorPlaces
from matching.services.edits import pair_forbid, pair_pin, proposal_swap
from matching.services.runs import match_run_create
from programs.models import ApplicantRole, Structure
from tests.matching.factories import active_matching_cohort, member, small_class
from tests.matching.test_run_page import hybrid_class

# The row as the templates drew it before matching/rows.py (_proposal_row.html with
# _row_flags.html and _breakdown.html inlined): the reference the Python drawing is held to.
FLAGS = (
    '{% if row.rank %}<br><span class="flag flag-rank{% if row.rank == 1 %} flag-first{% endif %}">Their '
    '#{{ row.rank }}</span>{% elif row.ranked %}<br><span class="flag flag-unranked">Not on their '
    "ranking</span>{% endif %}"
    '{% if row.proposal.pinned %}<br><span class="flag flag-pin">Pinned</span>{% endif %}'
    '{% if row.is_forbidden %}<br><span class="flag flag-forbid">Ruled out — run again to replace</span>'
    "{% endif %}"
    '{% if row.proposal.swapped %}<br><span class="flag flag-swap">Swapped by hand</span>{% endif %}'
)
BREAKDOWN = (
    '<dl class="breakdown" aria-label="Score breakdown">{% for bar in row.bars %}'
    '<dt title="{{ bar.label }}">{{ bar.label }}</dt><dd><span class="track" style="width: '
    "{{ bar.track_percent|stringformat:'s' }}%\" title=\"{{ bar.label }}: {{ bar.value|floatformat:2 }} of "
    '{{ bar.weight|floatformat:1 }}"><span class="fill{% if not bar.value %} zero{% endif %}" style="width: '
    '{{ bar.fill_percent|stringformat:\'s\' }}%"></span></span></dd><dd class="num">'
    "{{ bar.value|floatformat:1 }}</dd>{% endfor %}</dl>"
)
ROW = (
    "{% with proposal=row.proposal mentee_name=row.proposal.mentee.employee.name "
    "mentor_name=row.proposal.mentor.employee.name %}"
    '<tr id="pair-{{ proposal.pk }}" class="{% if proposal.pinned %}is-pinned{% elif row.is_forbidden %}'
    'is-forbidden{% endif %}">'
    '{% if run.structure == "group" %}<td data-label="Mentee">{% include "matching/_who.html" with '
    "person=proposal.mentee %}" + FLAGS + "</td>"
    '{% else %}<td data-label="Mentee">{% include "matching/_who.html" with person=proposal.mentee %}</td>'
    '<td data-label="Mentor">{% include "matching/_who.html" with person=proposal.mentor %}' + FLAGS + "</td>"
    "{% endif %}"
    '<td data-label="Score" class="score"><strong>{{ proposal.score|floatformat:2 }}</strong><br><small '
    'class="muted">of {{ run.best_possible_score|floatformat:1 }}</small></td>'
    '<td data-label="Why this score">' + BREAKDOWN + "</td>"
    '<td data-label="In words" class="why">{{ proposal.why }}</td>'
    "{% if run.is_draft %}"
    '<td data-label="Actions" class="row-actions">'
    "{% if row.pin_id %}"
    '<form method="post" action="{% url \'matching:unpin\' org_slug=organization.slug pk=row.pin_id %}" '
    "hx-post=\"{% url 'matching:unpin' org_slug=organization.slug pk=row.pin_id %}\" "
    'hx-target="#pair-{{ proposal.pk }}" hx-swap="outerHTML">{% csrf_token %}<input type="hidden" '
    'name="run" value="{{ run.pk }}"><input type="hidden" name="proposal" value="{{ proposal.pk }}">'
    '<button type="submit" class="secondary outline" title="Let the next run pair {{ mentee_name }} '
    'freely">Unpin</button></form>'
    '{% if proposal.swapped %}<a href="?first={{ proposal.pk }}#swap">Swap…</a>{% endif %}'
    "{% elif row.is_forbidden %}"
    '<form method="post" action="{% url \'matching:unforbid\' org_slug=organization.slug '
    'pk=row.forbid_id %}" '
    "hx-post=\"{% url 'matching:unforbid' org_slug=organization.slug pk=row.forbid_id %}\" "
    'hx-target="#pair-{{ proposal.pk }}" hx-swap="outerHTML">{% csrf_token %}<input type="hidden" '
    'name="run" value="{{ run.pk }}"><input type="hidden" name="proposal" value="{{ proposal.pk }}">'
    '<button type="submit" class="secondary outline" title="Let later runs propose {{ mentee_name }} with '
    '{{ mentor_name }} again">Allow again</button></form>'
    "{% else %}"
    '<form method="post" action="{% url \'matching:pin\' org_slug=organization.slug pk=run.pk '
    "proposal_pk=proposal.pk %}\" hx-post=\"{% url 'matching:pin' org_slug=organization.slug pk=run.pk "
    'proposal_pk=proposal.pk %}" hx-target="#pair-{{ proposal.pk }}" hx-swap="outerHTML">{% csrf_token %}'
    '<button type="submit" class="outline" title="Keep this pair in every run" data-confirm="Pin '
    '{{ mentee_name }} to {{ mentor_name }}? Every later run keeps this pair until you unpin it.">'
    "Pin</button></form>"
    '<form method="post" action="{% url \'matching:forbid\' org_slug=organization.slug pk=run.pk '
    "proposal_pk=proposal.pk %}\" hx-post=\"{% url 'matching:forbid' org_slug=organization.slug pk=run.pk "
    'proposal_pk=proposal.pk %}" hx-target="#pair-{{ proposal.pk }}" hx-swap="outerHTML">{% csrf_token %}'
    '<button type="submit" class="secondary outline" title="Never propose this pair again" '
    'data-confirm="Never pair {{ mentee_name }} with {{ mentor_name }}? Later runs will not propose them '
    'together (you can allow it again); this run keeps the pair until you run again.">Never pair</button>'
    "</form>"
    '<a href="?first={{ proposal.pk }}#swap">Swap…</a>'
    "{% endif %}</td>{% endif %}</tr>{% endwith %}"
)


def _normal(html: str) -> str:
    """Whitespace between tags and at the ends of text is not part of what a row shows."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()


def _assert_drawn_as_the_template_drew(run, org, rows):
    token = "t0k3n" * 8
    drawer = RowDrawer.for_run(run, org_slug=org.slug, csrf_token=token)
    template = Template(ROW)
    assert rows
    for row in rows:
        context = {"row": row, "run": run, "organization": org, "csrf_token": token}
        expected = template.render(Context(context))
        assert _normal(drawer.row(row)) == _normal(expected)


def test_every_kind_of_row_is_drawn_as_the_template_drew_it(org, manager):
    cohort, mentees, _ = small_class(org, mentees=6, mentors=7)
    odd = mentees[0].employee
    odd.name, odd.department = 'O\'Brien & <b>Sons</b> "Q"', "R&D <i>"
    odd.save(update_fields=["name", "department"])
    run = match_run_create(cohort=cohort, actor=manager)
    proposals = list(run.proposed_pairs.order_by("id"))
    proposal_swap(run=run, first=proposals[0], second=proposals[1], actor=manager)
    pair_pin(cohort=cohort, mentee=proposals[2].mentee, mentor=proposals[2].mentor, actor=manager)
    pair_forbid(cohort=cohort, mentee=proposals[3].mentee, mentor=proposals[3].mentor, actor=manager)
    run.refresh_from_db()
    page = run_page(run)
    flags = {(row.pin_id is not None, row.is_forbidden, row.proposal.swapped) for row in page.rows}
    assert {(True, False, True), (True, False, False), (False, True, False), (False, False, False)} <= flags
    _assert_drawn_as_the_template_drew(run, org, page.rows)
    html = RowDrawer.for_run(run, org_slug=org.slug, csrf_token="x").rows(page.rows)
    assert "<b>Sons</b>" not in html and "O&#x27;Brien &amp; &lt;b&gt;Sons&lt;/b&gt; &quot;Q&quot;" in html
    assert "R&amp;D &lt;i&gt;" in html


def test_ranked_rows_and_a_published_runs_rows_are_drawn_as_the_template_drew_them(org, manager):
    from matching.services.publish import match_run_publish

    cohort, _, _ = hybrid_class(org)
    run = match_run_create(cohort=cohort, actor=manager)
    rows = run_page(run).rows
    assert {row.rank for row in rows} == {1}
    # The other flags a ranked run draws: a second choice, and a mentor not on the ranking.
    rows[0].rank = 2
    rows[1].rank, rows[1].ranked = None, True
    _assert_drawn_as_the_template_drew(run, org, rows)
    match_run_publish(run=run, actor=manager)
    run.refresh_from_db()
    _assert_drawn_as_the_template_drew(run, org, run_page(run).rows)  # no buttons


def test_a_groups_rows_are_drawn_as_the_template_drew_them(org, manager):
    cohort = active_matching_cohort(org, structure=Structure.GROUP, group_size=3)
    member(cohort, ApplicantRole.MENTOR, level=5, department="Sales", name="Tia Three", capacity=3)
    for n in range(3):
        member(cohort, ApplicantRole.MENTEE, department="Legal", level=1, name=f"Mentee {n}")
    run = match_run_create(cohort=cohort, actor=manager)
    _assert_drawn_as_the_template_drew(run, org, run_page(run).rows)


def test_lists_of_people_are_drawn_as_who_draws_them(org):
    cohort = active_matching_cohort(org)
    mentor = member(cohort, ApplicantRole.MENTOR, name="Ada <Lovelace>", department="R&D", level=7)
    include = Template('{% include "matching/_who.html" with person=mentor %}')
    who = include.render(Context({"mentor": mentor}))
    assert _normal(people_items([mentor, mentor])) == _normal(f"<li>{who}</li><li>{who}</li>")
    assert _normal(places_items([MentorPlaces(mentor, 3, 1), MentorPlaces(mentor, 1, 0)])) == _normal(
        f"<li>{who} — 2 of 3 places free</li><li>{who} — 1 of 1 place free</li>"
    )


@pytest.mark.parametrize("places", [1, 2])
def test_fixed_is_floatformat(places):
    rng = random.Random(17)
    values = [0, 0.0, -0.0, 1, 0.05, 0.15, 0.25, 0.125, 2.675, 1.005, -0.004, -0.05, -1.25, 1e-12, 9.995]
    values += [123456.789, 2000.0, 3.14159, 0.5 / 3, -2.5e-7]
    values += [rng.uniform(-10, 10) for _ in range(500)] + [round(rng.uniform(0, 5), 3) for _ in range(500)]
    for value in values:
        assert fixed(value, places) == floatformat(value, places), value
        assert fixed(value, places, ".") == floatformat(value, places), value
