"""The run page's repeated parts drawn in Python: a proposed pair's row with its breakdown and
buttons, and the lists of people (issue 17).

Drawn by Django's templates, a page of 25 pairs cost more than everything else the page does
(an ``{% include %}`` per person, a ``{% with %}`` per row, a filter per figure: about 40 ms of
a 2,000-pair run's 73 ms in-process). These functions give the same HTML from the rows the
selector prepared (``matching.selectors.runs.ProposalRow``), escaped by ``format_html``:
tests/matching/test_rows.py holds every kind of row to the template that drew it before, and
the lists to ``_who.html``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from organizations.notifications.links import link_by_id

_QUANTUM = {places: Decimal(1).scaleb(-places) for places in range(0, 4)}


def fixed(value, places: int, separator: str | None = None) -> str:
    """``value|floatformat:places`` for a number and ``places`` of 1 to 3: rounded half up from
    the number's shortest repr, no grouping (the template filter's answer, at a third of its
    cost; a fifth when the caller passes the active language's decimal ``separator``)."""
    if value is None or value == "":
        return ""
    number = Decimal(repr(float(value)))
    if not number.is_finite():
        return str(float(value))
    rounded = number.quantize(_QUANTUM[places], rounding=ROUND_HALF_UP)
    if not rounded:
        rounded = abs(rounded)  # never "-0.0"
    text = f"{rounded:f}"
    if separator is None:
        separator = get_format("DECIMAL_SEPARATOR")
    return text if separator == "." else text.replace(".", separator)


def who(employee_name: str, department: str, level) -> SafeString:
    """``matching/_who.html``: a person's name, department and level."""
    return format_html(
        '<span class="who"><strong>{}</strong><small>{} · level {}</small></span>',
        employee_name,
        department,
        level,
    )


def who_of(person) -> SafeString:
    """``who`` of a participant (their roster row read with them)."""
    employee = person.employee
    return who(employee.name, employee.department, employee.level)


def breakdown(bars, separator: str | None = None) -> SafeString:
    """``matching/_breakdown.html``: a pair's score broken into its weighted components, each
    track as long as the component's weight, the fill what the pair got, all on one scale."""
    if separator is None:
        separator = get_format("DECIMAL_SEPARATOR")
    parts = ['<dl class="breakdown" aria-label="Score breakdown">']
    for bar in bars:
        label = conditional_escape(bar.label)
        value = bar.value
        parts.append(
            f'<dt title="{label}">{label}</dt><dd><span class="track" style="width: {bar.track_percent}%" '
            f'title="{label}: {fixed(value, 2, separator)} of {fixed(bar.weight, 1, separator)}">'
            f'<span class="fill{"" if value else " zero"}" style="width: {bar.fill_percent}%"></span>'
            "</span></dd>"
            f'<dd class="num">{fixed(value, 1, separator)}</dd>'
        )
    parts.append("</dl>")
    return mark_safe("".join(parts))


def _flags(row) -> str:
    """``matching/_row_flags.html``: the mentee's rank of the mentor (hybrid), pinned, ruled
    out, swapped."""
    proposal = row.proposal
    flags = []
    if row.rank:
        first = " flag-first" if row.rank == 1 else ""
        flags.append(f'<br><span class="flag flag-rank{first}">Their #{int(row.rank)}</span>')
    elif row.ranked:
        flags.append('<br><span class="flag flag-unranked">Not on their ranking</span>')
    if proposal.pinned:
        flags.append('<br><span class="flag flag-pin">Pinned</span>')
    if row.is_forbidden:
        flags.append('<br><span class="flag flag-forbid">Ruled out — run again to replace</span>')
    if proposal.swapped:
        flags.append('<br><span class="flag flag-swap">Swapped by hand</span>')
    return "".join(flags)


@dataclass
class RowDrawer:
    """What every row of one run's page shares: the run, its links (one ``reverse()`` each for
    the page, not one per row) and the form's CSRF field."""

    run_pk: int
    is_draft: bool
    is_group: bool
    best_possible: str
    separator: str
    csrf_field: str
    pin_url: Callable[[int], str]
    forbid_url: Callable[[int], str]
    unpin_url: Callable[[int], str]
    unforbid_url: Callable[[int], str]

    @classmethod
    def for_run(cls, run, *, org_slug: str, csrf_token) -> RowDrawer:
        token = str(csrf_token) if csrf_token else ""
        csrf_field = (
            format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
            if token and token != "NOTPROVIDED"
            else ""
        )
        separator = get_format("DECIMAL_SEPARATOR")
        return cls(
            run_pk=run.pk,
            is_draft=run.is_draft,
            is_group=run.structure == "group",
            best_possible=fixed(run.best_possible_score, 1, separator),
            separator=separator,
            csrf_field=csrf_field,
            pin_url=link_by_id("matching:pin", id_kwarg="proposal_pk", org_slug=org_slug, pk=run.pk),
            forbid_url=link_by_id("matching:forbid", id_kwarg="proposal_pk", org_slug=org_slug, pk=run.pk),
            unpin_url=link_by_id("matching:unpin", org_slug=org_slug),
            unforbid_url=link_by_id("matching:unforbid", org_slug=org_slug),
        )

    def row(self, row) -> SafeString:
        """``matching/_proposal_row.html``: one proposed pair, its breakdown and the manager's
        buttons."""
        proposal = row.proposal
        mentee, mentor = proposal.mentee.employee, proposal.mentor.employee
        state = "is-pinned" if proposal.pinned else "is-forbidden" if row.is_forbidden else ""
        flags = _flags(row)
        if self.is_group:
            people = format_html(
                '<td data-label="Mentee">{}{}</td>',
                who(mentee.name, mentee.department, mentee.level),
                mark_safe(flags),
            )
        else:
            people = format_html(
                '<td data-label="Mentee">{}</td><td data-label="Mentor">{}{}</td>',
                who(mentee.name, mentee.department, mentee.level),
                who(mentor.name, mentor.department, mentor.level),
                mark_safe(flags),
            )
        return format_html(
            '<tr id="pair-{}" class="{}">{}<td data-label="Score" class="score"><strong>{}</strong><br>'
            '<small class="muted">of {}</small></td><td data-label="Why this score">{}</td>'
            '<td data-label="In words" class="why">{}</td>{}</tr>',
            proposal.pk,
            state,
            people,
            fixed(proposal.score, 2, self.separator),
            self.best_possible,
            breakdown(row.bars, self.separator),
            proposal.why,
            self._actions(row, mentee.name, mentor.name) if self.is_draft else "",
        )

    def _form(self, action: str, proposal_pk: int, hidden: str, button) -> SafeString:
        return format_html(
            '<form method="post" action="{}" hx-post="{}" hx-target="#pair-{}" hx-swap="outerHTML">'
            "{}{}{}</form>",
            action,
            action,
            proposal_pk,
            mark_safe(self.csrf_field),
            mark_safe(hidden),
            button,
        )

    def _actions(self, row, mentee_name: str, mentor_name: str) -> SafeString:
        proposal = row.proposal
        pk = proposal.pk
        back = format_html(
            '<input type="hidden" name="run" value="{}"><input type="hidden" name="proposal" value="{}">',
            self.run_pk,
            pk,
        )
        swap = format_html('<a href="?first={}#swap">Swap…</a>', pk)
        if row.pin_id:
            parts = [
                self._form(
                    self.unpin_url(row.pin_id),
                    pk,
                    back,
                    format_html(
                        '<button type="submit" class="secondary outline" title="Let the next run pair {} '
                        'freely">Unpin</button>',
                        mentee_name,
                    ),
                ),
                swap if proposal.swapped else "",
            ]
        elif row.is_forbidden:
            parts = [
                self._form(
                    self.unforbid_url(row.forbid_id),
                    pk,
                    back,
                    format_html(
                        '<button type="submit" class="secondary outline" title="Let later runs propose {} '
                        'with {} again">Allow again</button>',
                        mentee_name,
                        mentor_name,
                    ),
                )
            ]
        else:
            parts = [
                self._form(
                    self.pin_url(pk),
                    pk,
                    "",
                    format_html(
                        '<button type="submit" class="outline" title="Keep this pair in every run" '
                        'data-confirm="Pin {} to {}? Every later run keeps this pair until you unpin it.">'
                        "Pin</button>",
                        mentee_name,
                        mentor_name,
                    ),
                ),
                self._form(
                    self.forbid_url(pk),
                    pk,
                    "",
                    format_html(
                        '<button type="submit" class="secondary outline" title="Never propose this pair '
                        'again" data-confirm="Never pair {} with {}? Later runs will not propose them '
                        'together (you can allow it again); this run keeps the pair until you run again.">'
                        "Never pair</button>",
                        mentee_name,
                        mentor_name,
                    ),
                ),
                swap,
            ]
        cell = mark_safe("\n".join(str(part) for part in parts))
        return format_html('<td data-label="Actions" class="row-actions">{}</td>', cell)

    def rows(self, rows: Iterable) -> SafeString:
        return mark_safe("\n".join(self.row(row) for row in rows))


def people_items(people: Iterable) -> SafeString:
    """``<li>`` per participant, each drawn as ``who``."""
    return mark_safe("".join(f"<li>{who_of(person)}</li>" for person in people))


def places_items(entries: Iterable) -> SafeString:
    """``<li>`` per mentor with places left (``MentorPlaces``): who, and how many places are free."""
    return mark_safe(
        "".join(
            f"<li>{who_of(entry.mentor)} — {entry.left} of {entry.places} "
            f"place{'' if entry.places == 1 else 's'} free</li>"
            for entry in entries
        )
    )
