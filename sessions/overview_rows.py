"""The cohort overview's table rows as HTML, built in Python (issue 17).

A page is 50 rows of eight cells, each cell a handful of template tags, filters and an include:
in Django's template engine that was most of the page's time. This builds the same markup,
character for character (``tests/sessions/test_overview.py`` renders both and compares), from
the page's facts: every value escaped, dates on the organization's clock as the template's
``{% timezone %}`` showed them, numbers localized as the template printed them.
"""

import html
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from organizations.date_text import formatted_date
from sessions.facts import PairFacts


def escape(value) -> str:
    """``django.utils.html.escape``'s text (the standard library's ``html.escape`` of ``str``),
    without its lazy-string wrapper and ``SafeString``: a page calls it about 500 times, and the
    rows are marked safe once, whole."""
    return html.escape(str(value))


_FLAGGED = (
    '<span class="badge badge-bad" title="Warned, then still without a meeting: flagged for the '
    'program team">Flagged: silent since {}</span>'
)
_REPORTED = '<span class="badge badge-warn">Partner reported unresponsive {}</span>'


def _people(members, *, empty: str) -> str:
    if not members:
        return empty
    return "".join(
        f'{escape(m.participant.employee.name)}<span class="person-sub">'
        f"{escape(m.participant.employee.department)}</span>"
        for m in members
    )


def number(value) -> str:
    """A count or percentage as the template printed it (``localize``: no thousands separator
    unless the settings ask for one)."""
    return localize(value) if settings.USE_THOUSAND_SEPARATOR else str(value)


def _row(fact: PairFacts, *, has_mentors: bool, labels: list[str], tz) -> str:
    out = ["\n          <tr>\n            "]
    if has_mentors:
        out.append(
            f'\n            <td data-label="{labels[0]}">{_people(fact.mentors, empty="—")}</td>'
            f'\n            <td data-label="{labels[1]}">{_people(fact.mentees, empty="—")}</td>'
            "\n            "
        )
    else:
        out.append(
            f'\n            <td data-label="{labels[0]}">{_people(fact.members, empty="")}</td>\n            '
        )
    metric = labels[-6:]
    last = formatted_date(fact.last_meeting_on, "j M Y") or "never"
    if fact.next_meeting_at:
        nxt = formatted_date(timezone.localtime(fact.next_meeting_at, tz).date(), "j M")
        last += f'<span class="person-sub">next {nxt}</span>'
    out.append(f'\n            <td data-label="{metric[0]}">{last}</td>')
    if fact.meetings_expected:
        meetings = f"{number(fact.meetings_held)} / {number(fact.meetings_expected)}"
    else:
        due = formatted_date(fact.first_meeting_due_on, "j M")
        meetings = f'{number(fact.meetings_held)}<span class="person-sub">first due by {due}</span>'
    out.append(f'\n            <td data-label="{metric[1]}" class="num">{meetings}</td>')
    goals = fact.goals
    if goals.milestones_percent is not None:
        milestones = f"{number(goals.milestones_percent)}%"
        if goals.overdue_milestones:
            milestones += (
                f'<span class="person-sub overdue">{number(goals.overdue_milestones)} overdue</span>'
            )
    else:
        milestones = '<span class="muted">no milestones</span>'
    out.append(f'\n            <td data-label="{metric[2]}" class="num">{milestones}</td>')
    attendance = fact.attendance_percent
    sessions = f"{number(attendance)}%" if attendance is not None else '<span class="muted">—</span>'
    out.append(f'\n            <td data-label="{metric[3]}" class="num">{sessions}</td>')
    average = fact.checkin_average
    checkins = f"{localize(average)} / 5" if average is not None else '<span class="muted">no answers</span>'
    out.append(f'\n            <td data-label="{metric[4]}" class="num">{checkins}</td>')
    health = fact.health
    reasons = [escape(reason) for reason in health.reasons]
    out.append(
        f'\n            <td data-label="{metric[5]}">\n'
        f'<span class="badge {escape(health.badge_class)}" title="{" ".join(reasons)}">'
        f"{escape(health.label)}</span>\n"
        "\n              "
    )
    if fact.flagged_silent_since:
        out.append(_FLAGGED.format(formatted_date(fact.flagged_silent_since, "j M")))
    out.append("\n              ")
    if fact.reported_unresponsive_on:
        out.append(_REPORTED.format(formatted_date(fact.reported_unresponsive_on, "j M")))
    out.append("\n              ")
    if reasons:
        out.append('<ul class="reasons">' + "".join(f"<li>{r}</li>" for r in reasons) + "</ul>")
    out.append("</td>\n          </tr>\n        ")
    return "".join(out)


def overview_rows_html(facts, *, has_mentors: bool, labels: list[str], timezone_name: str) -> SafeString:
    """The ``<tbody>``'s rows for a page of facts; ``labels`` are the column headers' labels."""
    tz = zoneinfo.ZoneInfo(timezone_name)
    labels = [escape(label) for label in labels]
    return mark_safe("".join(_row(fact, has_mentors=has_mentors, labels=labels, tz=tz) for fact in facts))
