"""The pair space's goals section as HTML, built in Python (issue 17).

The same markup ``templates/goals/_pair_goals.html`` gave when it was a template of loops,
includes and filters, character for character (``tests/goals/test_section_html.py`` renders the
former template and compares): every owner's word escaped, completion moments on the active
clock as the template's ``date`` filter showed them, numbers localized as the template printed
them. It reads only what ``goals.selectors.pair_goals`` loaded: no query.
"""

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from goals.models import GoalStatus
from goals.selectors.plans import PairGoals, PlanView
from matching.models import MemberRole

_BADGE_CLASS = {
    GoalStatus.ON_TRACK: " badge-ok",
    GoalStatus.AT_RISK: " badge-warn",
    GoalStatus.DONE: " badge-done",
}
_NO_PLANS = (
    '\n    <p class="muted">Goal plans are read only by the pair and their accountability partners.</p>\n  '
)
_OWN_EMPTY = {
    MemberRole.MENTOR: " Mentors keep a plan too.",
    MemberRole.PEER: " Everyone in a circle keeps a plan.",
}


def _day_month(value) -> str:
    return date_filter(template_localtime(value), "j M")


def _wins(pair_goals: PairGoals) -> str:
    viewer_pk = pair_goals.viewer_member.pk if pair_goals.viewer_member is not None else None
    rows = []
    for win in pair_goals.wins:
        who = "you" if win.member.pk == viewer_pk else escape(win.owner_name)
        rows.append(
            '\n        <li><span class="win-star" aria-hidden="true">&#9733;</span><span><strong>'
            f"{escape(win.milestone.title)}</strong> <small>— {who}, "
            f"{_day_month(win.milestone.completed_at)}, towards “{escape(win.goal.title)}”"
            "</small></span></li>\n      "
        )
    return (
        '\n    <h3 class="subsection-title">Recent wins</h3>\n    <ul class="wins">\n      '
        + "".join(rows)
        + "\n    </ul>\n  "
    )


def _goals(view: PlanView) -> str:
    rows = "".join(
        f"\n                <li><span>{escape(goal.title)}</span>\n"
        f'<span class="badge{_BADGE_CLASS.get(goal.status, "")}">{escape(goal.get_status_display())}</span>\n'
        "</li>\n              "
        for goal in view.goals
    )
    progress = view.progress
    if progress.milestones_total:
        done, total = localize(progress.milestones_completed), localize(progress.milestones_total)
        milestones = f"{done} of {total} milestones done"
    else:
        milestones = "No milestones yet"
    last = _day_month(progress.last_check_in) if progress.last_check_in else "none yet"
    return (
        "\n            <ul>\n              "
        + rows
        + "\n            </ul>\n"
        + f'            <p class="muted"><small>{milestones} · last check-in {last}</small></p>\n          '
    )


def _card(view: PlanView, org_slug: str) -> str:
    member = view.member
    head = "Your goals" if view.is_own else f"{escape(view.owner_name)}'s goals"
    if view.goals:
        body = _goals(view)
    elif view.is_own:
        told = _OWN_EMPTY.get(member.role, "")
        body = f'\n            <p class="muted">You have no goals yet.{told}</p>\n          '
    else:
        body = '\n            <p class="muted">No goals yet.</p>\n          '
    url = escape(reverse("goals:plan", kwargs={"org_slug": org_slug, "member_pk": member.pk}))
    label = ("Open my plan" if view.goals else "Write my first goal") if view.is_own else "Read plan"
    role = escape(member.get_role_display())
    return (
        '\n        <article class="card">\n'
        f'          <h3>{head} <span class="badge">{role}</span></h3>\n          '
        + body
        + f'\n          <a href="{url}" role="button" class="{"" if view.is_own else "outline"}">'
        f"{label}</a>\n"
        "        </article>\n      "
    )


def pair_goals_html(pair_goals: PairGoals, *, org_slug: str) -> SafeString:
    """The ``<section>`` of the pair space's goals (see ``templates/goals/_pair_goals.html``)."""
    out = [
        '<section class="pair-goals" id="goals" aria-labelledby="pair-goals-title">\n'
        '  <h2 id="pair-goals-title" class="section-title">Goals</h2>\n  '
    ]
    if pair_goals.wins:
        out.append(_wins(pair_goals))
    out.append("\n  ")
    if pair_goals.plans:
        out.append('\n    <div class="cards">\n      ')
        out.extend(_card(view, org_slug) for view in pair_goals.plans)
        out.append("\n    </div>\n  ")
    else:
        out.append(_NO_PLANS)
    out.append("\n</section>")
    return mark_safe("".join(out))
