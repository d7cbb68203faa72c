"""The pair space's goals section built in Python (goals/section_html.py) is the markup the
template's loops were, character for character: the former template is the reference."""

import datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone

from goals import selectors
from goals.section_html import pair_goals_html
from matching.models import MemberRole, PairKind
from sessions.access import pair_members_for_member_or_404
from tests.factories import MembershipFactory, UserFactory
from tests.goals.factories import (
    GoalCheckInFactory,
    GoalFactory,
    GoalPlanFactory,
    MilestoneFactory,
    active_cohort,
    add_member,
    in_days,
)
from tests.matching.factories import PairFactory

# templates/goals/_pair_goals.html's markup (after its comment) before it was built in Python.
REFERENCE = Template("\n" + (Path(__file__).parent / "pair_goals_reference.html").read_text())


def _expected(pair_goals, org) -> str:
    return REFERENCE.render(Context({"pair_goals": pair_goals, "organization": org}))


def _done(milestone, moment):
    milestone.completed_at = moment
    milestone.save()


def _busy_plan(member, late_utc):
    plan = GoalPlanFactory(member=member)
    words = 'Lead <b>pricing</b> & "more"'
    goals = [
        GoalFactory(plan=plan, title=f"{words} {status}", status=status)
        for status in ("not_started", "on_track", "at_risk", "done")
    ]
    _done(MilestoneFactory(goal=goals[1], title="Draft <plan> & ‘share’"), late_utc)
    _done(MilestoneFactory(goal=goals[2], title="Second win"), late_utc - datetime.timedelta(days=3))
    MilestoneFactory(goal=goals[2], due_date=in_days(-4))
    MilestoneFactory(goal=goals[3], due_date=in_days(9))
    GoalCheckInFactory(goal=goals[1], date=in_days(-12))
    GoalCheckInFactory(goal=goals[2], date=in_days(-2))
    return plan


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/Los_Angeles"])
def test_the_section_is_the_former_template_for_every_viewer(org, pair, mentee, mentor, manager, zone):
    late_utc = timezone.now().replace(hour=23, minute=40) - datetime.timedelta(days=2)
    mentee_member = pair.members.get(role=MemberRole.MENTEE)
    mentor_member = pair.members.get(role=MemberRole.MENTOR)
    mentee_member.participant.employee.name = "Mia <O'Brien> & co"
    mentee_member.participant.employee.save()
    _busy_plan(mentee_member, late_utc)
    GoalPlanFactory(member=mentor_member)  # a plan row, no goal yet
    second = add_member(pair, UserFactory(), name="Sam Second")
    GoalFactory(plan=GoalPlanFactory(member=second), title="Only milestones-free goal")
    seen = set()
    with timezone.override(zone):
        for viewer in (mentee, mentor, manager, second.participant.employee.user):
            full = selectors.pair_goals(pair, viewer)
            built = pair_goals_html(full, org_slug=org.slug)
            assert "\n" + built + "\n" == _expected(full, org)
            assert render_to_string("goals/_pair_goals.html", {"pair_goals": full, "organization": org}) == (
                _expected(full, org)
            )
            if viewer != manager:
                _, _, members = pair_members_for_member_or_404(user=viewer, pk=pair.pk)
                light = selectors.pair_goals(pair, viewer, pair_members=members)
                assert pair_goals_html(light, org_slug=org.slug) == built
            seen.add(built)
    text = "".join(seen)
    for shown in (
        "&lt;b&gt;pricing&lt;/b&gt;",
        "Mia &lt;O&#x27;Brien&gt;",
        "you,",
        "Mentors keep a plan too.",
        "No goals yet.",
        "No milestones yet",
        "none yet",
        "Read plan",
        "Open my plan",
        "Write my first goal",
        "badge-warn",
        "badge-done",
        "badge-ok",
        "read only by the pair",
    ):
        assert shown in text, shown


def test_a_peer_without_goals_is_told_everyone_in_a_circle_keeps_a_plan(org):
    users = [MembershipFactory(organization=org, user=UserFactory()).user for _ in range(2)]
    pair = PairFactory(cohort=active_cohort(org), kind=PairKind.PEER_CIRCLE)
    for user in users:
        add_member(pair, user, role=MemberRole.PEER)
    result = selectors.pair_goals(pair, users[0])
    built = pair_goals_html(result, org_slug=org.slug)
    assert "Everyone in a circle keeps a plan." in built
    assert "\n" + built + "\n" == _expected(result, org)
