import dataclasses
import datetime

from django.utils import timezone

from goals import selectors
from goals.access import PlanAccess, are_partners
from matching.models import MemberRole, PairKind
from tests.factories import MembershipFactory, UserFactory
from tests.goals.factories import (
    GoalCheckInFactory,
    GoalFactory,
    GoalPlanFactory,
    MilestoneFactory,
    active_cohort,
    add_member,
    in_days,
    linked_pair,
    member_partner,
)
from tests.matching.factories import PairFactory

TODAY = timezone.localdate


def _done(milestone, days_ago: int = 1):
    milestone.completed_at = timezone.now() - datetime.timedelta(days=days_ago)
    milestone.save()
    return milestone


def _plan_with_numbers(member):
    """Two goals (one done, one at risk), three milestones (one done, one overdue), two check-ins."""
    plan = GoalPlanFactory(member=member)
    first = GoalFactory(plan=plan, status="done")
    second = GoalFactory(plan=plan, status="at_risk")
    _done(MilestoneFactory(goal=first))
    MilestoneFactory(goal=second, due_date=in_days(-3))
    MilestoneFactory(goal=second, due_date=in_days(20))
    GoalCheckInFactory(goal=first, date=in_days(-10))
    GoalCheckInFactory(goal=second, date=in_days(-2))
    return plan


# Numbers (metadata)


def test_goal_progress_summary_counts_both_plans_of_the_pair(pair, mentee_member, mentor_member):
    _plan_with_numbers(mentee_member)
    GoalFactory(plan=GoalPlanFactory(member=mentor_member), status="not_started")
    summary = selectors.goal_progress_summary(pair)
    assert dataclasses.asdict(summary) == {
        "plans": 2,
        "goals_total": 3,
        "goals_not_started": 1,
        "goals_on_track": 0,
        "goals_at_risk": 1,
        "goals_done": 1,
        "milestones_total": 3,
        "milestones_completed": 1,
        "overdue_milestones": 1,
        "last_check_in": in_days(-2),
    }
    assert summary.milestones_percent == 33


def test_goal_progress_summary_has_no_text(pair, mentee_member):
    plan = _plan_with_numbers(mentee_member)
    values = dataclasses.asdict(selectors.goal_progress_summary(pair)).values()
    titles = set(plan.goals.values_list("title", flat=True))
    assert all(isinstance(value, int | datetime.date | type(None)) for value in values)
    assert not titles & {str(value) for value in values}


def test_a_pair_without_plans_has_empty_progress(pair):
    summary = selectors.goal_progress_summary(pair)
    assert (summary.goals_total, summary.milestones_percent, summary.last_check_in) == (0, None, None)


def test_overdue_milestones_count_depends_on_the_day_asked(pair, mentee_member):
    _plan_with_numbers(mentee_member)
    assert selectors.overdue_milestones_count(pair, TODAY()) == 1
    assert selectors.overdue_milestones_count(pair, in_days(-5)) == 0
    assert selectors.overdue_milestones_count(pair, in_days(30)) == 2


def test_people_who_left_the_pair_do_not_count(pair, mentee_member):
    _plan_with_numbers(mentee_member)
    mentee_member.left_at = timezone.now()
    mentee_member.save()
    assert selectors.goal_progress_summary(pair).goals_total == 0
    assert selectors.overdue_milestones_count(pair, TODAY()) == 0


def test_progress_for_many_pairs_takes_a_fixed_number_of_queries(
    org, pair, mentee_member, django_assert_num_queries
):
    _plan_with_numbers(mentee_member)
    pairs = [pair]
    for n in range(4):
        other = linked_pair(
            org, cohort=pair.cohort, mentor=UserFactory(), mentee=UserFactory(), mentee_name=f"Mentee {n}"
        )
        _plan_with_numbers(other.members.get(role=MemberRole.MENTEE))
        pairs.append(other)
    pairs.append(PairFactory(cohort=pair.cohort))
    with django_assert_num_queries(4):
        progress = selectors.goal_progress_for_pairs(pairs, as_of=TODAY())
    assert [p.goals_total for p in progress.values()] == [2, 2, 2, 2, 2, 0]


def test_cohort_aggregates_are_suppressed_below_the_minimum_group_size(
    org, pair, mentee_member, mentor_member
):
    _plan_with_numbers(mentee_member)
    GoalPlanFactory(member=mentor_member)
    [row] = selectors.cohort_goal_aggregates(org)
    assert (row.cohort_id, row.suppressed, row.people, row.progress) == (pair.cohort_id, True, None, None)
    org.min_group_size = 2
    [row] = selectors.cohort_goal_aggregates(org)
    assert (row.suppressed, row.people, row.progress.goals_total) == (False, 2, 2)


def test_cohort_member_progress_lists_each_current_member_with_numbers(pair, mentee_member, mentor_member):
    _plan_with_numbers(mentee_member)
    rows = selectors.cohort_member_progress(pair.cohort)
    assert {(row.name, row.progress.goals_total) for row in rows} == {("Mia Mentee", 2), ("Marco Mentor", 0)}


# Who reads what


def test_partners_by_role():
    assert are_partners(MemberRole.MENTOR, MemberRole.MENTEE)
    assert are_partners(MemberRole.MENTEE, MemberRole.MENTOR)
    assert are_partners(MemberRole.PEER, MemberRole.PEER)
    assert not are_partners(MemberRole.MENTEE, MemberRole.MENTEE)
    assert not are_partners(MemberRole.MENTOR, MemberRole.MENTOR)


def test_pair_goals_shows_the_viewers_own_plan_first_then_their_partners(
    pair, mentor, mentee_member, mentor_member
):
    _plan_with_numbers(mentee_member)
    GoalFactory(plan=GoalPlanFactory(member=mentor_member), title="Learn how Finance plans")
    result = selectors.pair_goals(pair, mentor)
    assert [(view.member, view.access) for view in result.plans] == [
        (mentor_member, PlanAccess.OWNER),
        (mentee_member, PlanAccess.PARTNER),
    ]
    assert result.viewer_member == mentor_member
    assert [view.can_edit for view in result.plans] == [True, False]
    assert result.plans[1].progress.goals_total == 2


def test_pair_goals_is_empty_for_a_manager_and_another_pair(org, pair, manager, mentee_member):
    _plan_with_numbers(mentee_member)
    other_mentee = UserFactory()
    MembershipFactory(organization=org, user=other_mentee)
    linked_pair(org, cohort=pair.cohort, mentor=UserFactory(), mentee=other_mentee, mentee_name="Other")
    for viewer in (manager, other_mentee):
        result = selectors.pair_goals(pair, viewer)
        assert (result.plans, result.wins) == ([], [])
        assert selectors.goal_plans_for_pair(pair, viewer) == []
        assert selectors.pair_wins(pair, viewer) == []


def test_a_member_accountability_partner_reads_only_that_plan(org, pair, mentee_member, mentor_member):
    ally = MembershipFactory(organization=org, user=UserFactory()).user
    plan = _plan_with_numbers(mentee_member)
    GoalPlanFactory(member=mentor_member)
    member_partner(plan, ally)
    assert [view.member for view in selectors.goal_plans_for_pair(pair, ally)] == [mentee_member]
    assert selectors.goal_plan_view(mentor_member, ally) is None
    assert selectors.goal_plan_view(mentee_member, ally).access is PlanAccess.ACCOUNTABILITY_PARTNER


def test_a_partner_who_left_no_longer_reads_the_plan(pair, mentor, mentee_member, mentor_member):
    _plan_with_numbers(mentee_member)
    mentor_member.left_at = timezone.now()
    mentor_member.save()
    assert selectors.goal_plan_view(mentee_member, mentor) is None


def test_wins_are_the_latest_completed_milestones_of_readable_plans(
    pair, mentee, mentee_member, mentor_member
):
    goal = GoalFactory(plan=GoalPlanFactory(member=mentee_member))
    older = _done(MilestoneFactory(goal=goal, title="Older win"), days_ago=5)
    newer = _done(MilestoneFactory(goal=goal, title="Newer win"), days_ago=1)
    MilestoneFactory(goal=goal, title="Not done yet")
    mentor_goal = GoalFactory(plan=GoalPlanFactory(member=mentor_member))
    mentors = _done(MilestoneFactory(goal=mentor_goal, title="Mentor's win"), days_ago=3)
    wins = selectors.pair_wins(pair, mentee)
    assert [win.milestone for win in wins] == [newer, mentors, older]
    assert [win.owner_name for win in wins] == ["Mia Mentee", "Marco Mentor", "Mia Mentee"]
    assert [win.milestone for win in selectors.pair_wins(pair, mentee, limit=1)] == [newer]


def test_in_a_group_mentees_do_not_read_each_others_plans(org):
    mentor, first, second = (MembershipFactory(organization=org, user=UserFactory()).user for _ in range(3))
    pair = linked_pair(org, mentor=mentor, mentee=first)
    pair.kind = PairKind.GROUP
    pair.save()
    second_member = add_member(pair, second)
    first_member = pair.members.get(role=MemberRole.MENTEE, participant__employee__user=first)
    mentor_member = pair.members.get(role=MemberRole.MENTOR)
    for member in (first_member, second_member, mentor_member):
        _plan_with_numbers(member)
    assert [view.member for view in selectors.pair_goals(pair, first).plans] == [first_member, mentor_member]
    assert selectors.goal_plan_view(second_member, first) is None
    assert [view.member for view in selectors.pair_goals(pair, mentor).plans][0] == mentor_member
    assert {view.member for view in selectors.pair_goals(pair, mentor).plans} == {
        mentor_member,
        first_member,
        second_member,
    }
    pair_members = list(pair.members.all())
    assert selectors.default_accountability_partners(first_member, pair_members) == [mentor_member]
    assert set(selectors.default_accountability_partners(mentor_member, pair_members)) == {
        first_member,
        second_member,
    }


def test_in_a_circle_every_peer_reads_and_each_has_the_next_peer_as_default_partner(org):
    users = [MembershipFactory(organization=org, user=UserFactory()).user for _ in range(3)]
    pair = PairFactory(cohort=active_cohort(org), kind=PairKind.PEER_CIRCLE)
    members = [add_member(pair, user, role=MemberRole.PEER) for user in users]
    for member in members:
        _plan_with_numbers(member)
    assert len(selectors.pair_goals(pair, users[0]).plans) == 3
    defaults = [selectors.default_accountability_partners(m, members) for m in members]
    assert defaults == [[members[1]], [members[2]], [members[0]]]


def test_the_pair_goals_section_takes_few_queries_however_many_goals(
    pair, mentee, mentee_member, mentor_member, django_assert_max_num_queries
):
    for member in (mentee_member, mentor_member):
        plan = _plan_with_numbers(member)
        for _ in range(5):
            goal = GoalFactory(plan=plan)
            MilestoneFactory.create_batch(3, goal=goal)
            GoalCheckInFactory.create_batch(2, goal=goal)
    with django_assert_max_num_queries(8):
        result = selectors.pair_goals(pair, mentee, as_of=TODAY())
        assert sum(len(goal.milestone_list) for view in result.plans for goal in view.goals) == 36
        assert [view.partner for view in result.plans] == [None, None]


def test_the_pair_spaces_lighter_read_gives_the_same_plans_numbers_and_wins(
    pair, mentee, mentor, mentee_member, mentor_member, django_assert_max_num_queries
):
    """The pair space passes its members (with their plan rows) and gets only what the section
    shows, in three queries: the same plans, numbers (last check-in included) and wins."""
    from sessions.access import pair_members_for_member_or_404

    for member in (mentee_member, mentor_member):
        plan = _plan_with_numbers(member)
        goal = GoalFactory(plan=plan, status="on_track")
        _done(MilestoneFactory(goal=goal, title=f"Win of {member.pk}"), days_ago=2)
        GoalCheckInFactory(goal=goal, date=in_days(-1))
        GoalCheckInFactory(goal=goal, date=in_days(-6))
    GoalFactory(plan=GoalPlanFactory(member=add_member(pair, UserFactory())))  # another mentee's plan
    for viewer in (mentee, mentor):
        full = selectors.pair_goals(pair, viewer, as_of=TODAY())
        _, _, members = pair_members_for_member_or_404(user=viewer, pk=pair.pk)
        with django_assert_max_num_queries(3):
            light = selectors.pair_goals(pair, viewer, as_of=TODAY(), pair_members=members)
            assert [(v.member.pk, v.access, v.can_edit) for v in light.plans] == [
                (v.member.pk, v.access, v.can_edit) for v in full.plans
            ]
            assert [v.progress for v in light.plans] == [v.progress for v in full.plans]
            assert [[(g.pk, g.title, g.status) for g in v.goals] for v in light.plans] == [
                [(g.pk, g.title, g.status) for g in v.goals] for v in full.plans
            ]

            def wins(result):
                return [
                    (w.milestone.pk, w.milestone.title, w.milestone.completed_at, w.goal.title)
                    for w in result.wins
                ]

            assert wins(light) == wins(full)
        assert light.plans[0].progress.last_check_in == in_days(-1)
        assert light.viewer_member.pk == full.viewer_member.pk


def test_my_plans_lists_own_partners_and_accountable_plans(
    org, pair, mentee, mentor, mentee_member, mentor_member
):
    other_pair = linked_pair(
        org, cohort=pair.cohort, mentor=UserFactory(), mentee=UserFactory(), mentee_name="Ola"
    )
    other_mentee = other_pair.members.get(role=MemberRole.MENTEE)
    member_partner(GoalPlanFactory(member=other_mentee), mentee)
    _plan_with_numbers(mentee_member)
    mine = selectors.goal_plans_of_user(mentee)
    assert [row.member for row in mine.own] == [mentee_member]
    assert [row.member for row in mine.partners] == [mentor_member]
    assert [row.member for row in mine.accountable_for] == [other_mentee]
    assert mine.own[0].progress.goals_total == 2
    assert selectors.goal_plans_of_user(mentor).accountable_for == []


def test_the_managers_goal_page_lists_each_person_once_and_the_unpaired_too(org):
    from matching.models import MemberRole
    from programs.models import ApplicantRole
    from tests.goals.factories import GoalFactory, GoalPlanFactory
    from tests.matching.factories import PairFactory, PairMemberFactory, active_matching_cohort, member

    cohort = active_matching_cohort(org)
    mentor = member(cohort, ApplicantRole.MENTOR, name="Grace Mentor")
    waiting = member(cohort, ApplicantRole.MENTOR, name="Linus Waiting")
    for name in ("Ada Mentee", "Alan Mentee"):
        pair = PairFactory(cohort=cohort)
        mentor_member = PairMemberFactory(pair=pair, participant=mentor, role=MemberRole.MENTOR)
        PairMemberFactory(
            pair=pair, participant=member(cohort, ApplicantRole.MENTEE, name=name), role=MemberRole.MENTEE
        )
        GoalFactory(plan=GoalPlanFactory(member=mentor_member))
    rows = {row.name: row for row in selectors.cohort_people_progress(cohort)}
    assert sorted(rows) == ["Ada Mentee", "Alan Mentee", "Grace Mentor", "Linus Waiting"]
    assert rows["Grace Mentor"].progress.goals_total == 2
    assert rows["Grace Mentor"].partner_names == ["Ada Mentee", "Alan Mentee"]
    assert rows["Linus Waiting"].paired is False
    assert waiting.pk == rows["Linus Waiting"].participant.pk
