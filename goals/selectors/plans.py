"""A plan's words, always for one viewer: only the plans that person may read are loaded.

There is no variant without a viewer (``goals/access.py`` decides who reads what). The outside
accountability partner's page is the one read by link rather than by person.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Max, Prefetch, Q, QuerySet, prefetch_related_objects

from goals.access import PlanAccess, ViewerRelations, can_edit, member_user_id, viewer_relations
from goals.models import AccountabilityPartner, Goal, GoalCheckIn, GoalPlan, Milestone, PartnerKind
from goals.selectors.progress import GoalProgress, MemberProgress, goal_progress_for_members
from matching.models import MemberRole, Pair, PairMember, PairStatus
from organizations.clock import organization_today

WINS_SHOWN = 5


def default_accountability_partners(
    member: PairMember, pair_members: Iterable[PairMember]
) -> list[PairMember]:
    """Who "my pair partner" means as accountability partner, among the pair's current members.

    A mentee: their mentor(s). A mentor: their mentee (in a group, all of their mentees — the
    group holds the mentor to account together). A peer in a circle: the next peer in the
    circle (by when they joined, wrapping round), so every peer has one named buddy and each
    is somebody's.
    """
    current = [m for m in pair_members if m.left_at is None and m.pk != member.pk]
    if member.role == MemberRole.MENTEE:
        return [m for m in current if m.role == MemberRole.MENTOR]
    if member.role == MemberRole.MENTOR:
        return [m for m in current if m.role == MemberRole.MENTEE]
    peers = sorted(
        [m for m in pair_members if m.left_at is None and m.role == MemberRole.PEER],
        key=lambda m: (m.joined_at, m.pk),
    )
    if member not in peers or len(peers) < 2:
        return []
    return [peers[(peers.index(member) + 1) % len(peers)]]


@dataclass
class PlanView:
    """One person's plan as one viewer may see it (only built when the viewer reads its text).

    ``goals`` carry their milestones (``goal.milestone_list``) and check-ins
    (``goal.check_in_list``, newest first) already loaded. ``plan`` is None until the owner
    writes a first goal.
    """

    member: PairMember
    plan: GoalPlan | None
    access: PlanAccess
    can_edit: bool
    goals: list[Goal] = field(default_factory=list)
    partner: AccountabilityPartner | None = None
    default_partners: list[PairMember] = field(default_factory=list)
    as_of: datetime.date | None = None

    @property
    def owner_name(self) -> str:
        return self.member.participant.employee.name

    @property
    def is_own(self) -> bool:
        return self.access is PlanAccess.OWNER

    @property
    def partner_kind(self) -> str:
        return self.partner.kind if self.partner else PartnerKind.PAIR_PARTNER

    @cached_property
    def progress(self) -> GoalProgress:
        """The plan's numbers (goals by status, milestones done and overdue, last check-in)."""
        return GoalProgress.of_goals(self.goals, self.as_of)


@dataclass
class Win:
    """A completed milestone, celebrated in the pair space."""

    milestone: Milestone
    goal: Goal
    member: PairMember

    @property
    def owner_name(self) -> str:
        return self.member.participant.employee.name


def goals_prefetch() -> Prefetch:
    """Goals with their milestones (by due date) and check-ins (newest first), built per call
    so the querysets are made inside the organization's scope."""
    return Prefetch(
        "goals",
        queryset=Goal.objects.order_by("order", "id").prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.select_related("completed_by").order_by("due_date", "id"),
                to_attr="milestone_list",
            ),
            Prefetch(
                "check_ins",
                queryset=GoalCheckIn.objects.select_related("author").order_by("-date", "-id"),
                to_attr="check_in_list",
            ),
        ),
        to_attr="goal_list",
    )


def section_goals_prefetch() -> Prefetch:
    """What the pair space's goals section reads of a plan's goals, in two queries: each goal's
    title, status and its latest check-in date (``goal.last_check_in``, no check-in rows), and
    its milestones' titles and dates (``goal.milestone_list``, by due date), nothing else.

    Enough for ``GoalProgress.of_goals`` and the wins; the full plan page uses
    ``goals_prefetch()``.
    """
    return Prefetch(
        "goals",
        queryset=Goal.objects.only("id", "plan_id", "title", "status", "order")
        .annotate(last_check_in=Max("check_ins__date"))
        .order_by("order", "id")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.only(
                    "id", "goal_id", "title", "due_date", "completed_at"
                ).order_by("due_date", "id"),
                to_attr="milestone_list",
            ),
        ),
        to_attr="goal_list",
    )


def _plans_by_member(member_ids: list[int]) -> dict[int, GoalPlan]:
    plans = GoalPlan.objects.filter(member_id__in=member_ids).prefetch_related(
        goals_prefetch(),
        Prefetch(
            "accountability_partners",
            queryset=AccountabilityPartner.objects.filter(ended_at__isnull=True).select_related("user"),
            to_attr="current_partners",
        ),
    )
    return {plan.member_id: plan for plan in plans}


def _plan_views(
    members: list[PairMember],
    pair_members: list[PairMember],
    relations: ViewerRelations,
    as_of: datetime.date,
) -> list[PlanView]:
    """Plan views of the ``members`` whose plans the viewer may read: three to five queries.

    Plans the viewer may not read are never loaded.
    """
    readable = [(member, relations.access(member)) for member in members]
    readable = [(member, access) for member, access in readable if access.reads_text]
    plans = _plans_by_member([member.pk for member, _ in readable]) if readable else {}
    views = []
    for member, access in readable:
        plan = plans.get(member.pk)
        views.append(_plan_view(member, plan, access, pair_members, as_of))
    return views


def _plan_view(member: PairMember, plan, access, pair_members: list[PairMember], as_of) -> PlanView:
    """One member's plan as the pages show it (``plan.goal_list`` and ``current_partners`` read)."""
    return PlanView(
        member=member,
        plan=plan,
        access=access,
        can_edit=can_edit(member, access),
        goals=plan.goal_list if plan else [],
        partner=plan.current_partners[0] if plan and plan.current_partners else None,
        default_partners=default_accountability_partners(member, pair_members),
        as_of=as_of,
    )


def _plan_views_in_pair(
    pair: Pair, pair_members: list[PairMember], viewer, as_of: datetime.date
) -> list[PlanView]:
    """``_plan_views`` of a pair whose current members were read with their plan rows
    (``select_related("goal_plan")``, as the pair space reads them): three queries.

    The viewer's relations to these people are all that decide access here: their own places
    in this pair, and the accountability partners of this pair's plans (read in one query, which
    also gives each plan its current partner). Only the readable plans' goals, milestones and
    check-ins are read, and only what the section shows (``section_goals_prefetch()``: the
    goals carry ``last_check_in`` rather than their check-ins).
    """
    user_id = getattr(viewer, "pk", None) if getattr(viewer, "is_authenticated", False) else None
    current = [m for m in pair_members if m.left_at is None]
    partners_by_plan: dict[int, list[AccountabilityPartner]] = {}
    accountable_for = set()
    plans = {m.pk: plan for m in current if (plan := _loaded_plan(m)) is not None}
    if plans and user_id is not None:
        for partner in (
            AccountabilityPartner.objects.filter(
                plan_id__in=[plan.pk for plan in plans.values()], ended_at__isnull=True
            )
            .select_related("user")
            .order_by("pk")
        ):
            partners_by_plan.setdefault(partner.plan_id, []).append(partner)
            if partner.kind == PartnerKind.MEMBER and partner.user_id == user_id:
                accountable_for.add(next(m for m, plan in plans.items() if plan.pk == partner.plan_id))
    relations = ViewerRelations(
        user_id=user_id,
        memberships={pair.pk: {m.role for m in current if member_user_id(m) == user_id}} if user_id else {},
        accountable_for=frozenset(accountable_for),
    )
    current.sort(key=lambda m: (relations.access(m) is not PlanAccess.OWNER, m.role != MemberRole.MENTOR))
    readable = [(member, access) for member in current if (access := relations.access(member)).reads_text]
    readable_plans = [plans[m.pk] for m, _ in readable if m.pk in plans]
    prefetch_related_objects(readable_plans, section_goals_prefetch())
    views = []
    for member, access in readable:
        plan = plans.get(member.pk)
        if plan is not None:
            plan.current_partners = partners_by_plan.get(plan.pk, [])
        views.append(_plan_view(member, plan, access, pair_members, as_of))
    return views


def _loaded_plan(member: PairMember) -> GoalPlan | None:
    try:
        return member.goal_plan
    except GoalPlan.DoesNotExist:
        return None


def _pair_members(pair: Pair) -> list[PairMember]:
    return list(
        PairMember.objects.filter(pair=pair)
        .select_related("participant__employee", "pair__organization")
        .order_by("role", "joined_at", "id")
    )


def goal_plan_view(
    member: PairMember,
    viewer,
    as_of: datetime.date | None = None,
    *,
    relations: ViewerRelations | None = None,
) -> PlanView | None:
    """``member``'s plan as ``viewer`` may see it, or None when the viewer may not read it.

    The caller turns None into a 404: for someone who may not read a plan it does not exist.
    A view that has read the viewer's ``relations`` already (its access check) passes them.
    """
    pair_members = _pair_members(member.pair)
    member = next(m for m in pair_members if m.pk == member.pk)
    views = _plan_views(
        [member],
        pair_members,
        relations or viewer_relations(viewer),
        as_of or organization_today(member.pair.organization),
    )
    return views[0] if views else None


def goal_plans_for_pair(pair: Pair, viewer, as_of: datetime.date | None = None) -> list[PlanView]:
    """The plans of ``pair``'s people that ``viewer`` may read, the viewer's own first.

    Empty for anyone who is not the owner, a partner or the accountability partner of any of
    them (a program manager, HR, another pair). Members who left the pair are left out.
    """
    return pair_goals(pair, viewer, as_of).plans


def _wins(views: list[PlanView], limit: int) -> list[Win]:
    wins = [
        Win(milestone=milestone, goal=goal, member=view.member)
        for view in views
        for goal in view.goals
        for milestone in goal.milestone_list
        if milestone.completed_at
    ]
    wins.sort(key=lambda win: win.milestone.completed_at, reverse=True)
    return wins[:limit]


@dataclass
class PairGoals:
    """What ``templates/goals/_pair_goals.html`` needs: see the comment at the top of that file."""

    pair: Pair
    plans: list[PlanView]
    wins: list[Win]
    viewer_member: PairMember | None
    as_of: datetime.date

    @property
    def own_plan(self) -> PlanView | None:
        return next((view for view in self.plans if view.is_own), None)


def pair_goals(
    pair: Pair,
    viewer,
    as_of: datetime.date | None = None,
    wins: int = WINS_SHOWN,
    pair_members: list[PairMember] | None = None,
) -> PairGoals:
    """Everything the pair space's goals section shows the viewer, in about seven queries
    (three when the pair space passes ``pair_members`` read with their plan rows; then the
    goals carry what the section shows only: see ``section_goals_prefetch()``).

    The plans the viewer may read (own first, then partners'), and the latest ``wins``
    completed milestones from those plans. Someone who reads none of them gets empty lists.
    """
    as_of = as_of or organization_today(pair.organization)
    if pair_members is None:
        relations = viewer_relations(viewer)
        pair_members = _pair_members(pair)
        current = [m for m in pair_members if m.left_at is None]
        current.sort(key=lambda m: (relations.access(m) is not PlanAccess.OWNER, m.role != MemberRole.MENTOR))
        views = _plan_views(current, pair_members, relations, as_of)
    else:
        views = _plan_views_in_pair(pair, pair_members, viewer, as_of)
    viewer_member = next((view.member for view in views if view.is_own), None)
    return PairGoals(
        pair=pair, plans=views, wins=_wins(views, wins), viewer_member=viewer_member, as_of=as_of
    )


def pair_wins(pair: Pair, viewer, limit: int = WINS_SHOWN) -> list[Win]:
    """The pair's latest completed milestones, from the plans ``viewer`` may read only.

    Milestone titles are the owner's words, so this takes the viewer like every content read.
    """
    return pair_goals(pair, viewer, wins=limit).wins


# The viewer's own list


@dataclass
class MyPlans:
    """A person's own plans, their partners' and those they are accountability partner for,
    each as ``MemberProgress`` (the member and their numbers)."""

    own: list["MemberProgress"]
    partners: list["MemberProgress"]
    accountable_for: list["MemberProgress"]

    @property
    def is_empty(self) -> bool:
        return not (self.own or self.partners or self.accountable_for)

    @property
    def first_time(self) -> bool:
        """Paired, but no goal written yet in any own plan: the page explains goal plans."""
        return bool(self.own) and not any(row.progress.goals_total for row in self.own)


def goal_plans_of_user(user) -> MyPlans:
    """The plans a person keeps (one per current pair), their partners', and those they are
    accountability partner for, in active pairs: three queries plus four for the numbers."""
    relations = viewer_relations(user)
    members = list(
        PairMember.objects.filter(
            Q(pair_id__in=list(relations.memberships)) | Q(pk__in=relations.accountable_for),
            pair__status=PairStatus.ACTIVE,
        )
        .select_related("participant__employee", "pair__cohort__program", "organization")
        .order_by("pair__cohort__program__name", "pair_id", "role", "id")
    )
    groups: dict[PlanAccess, list[PairMember]] = {access: [] for access in PlanAccess}
    for member in members:
        access = relations.access(member)
        if access is not PlanAccess.OWNER or member.left_at is None:
            groups[access].append(member)
    readable = [m for access, group in groups.items() if access.reads_text for m in group]
    progress = goal_progress_for_members(readable)

    def rows(access: PlanAccess) -> list[MemberProgress]:
        return [MemberProgress(member=m, progress=progress[m.pk]) for m in groups[access]]

    return MyPlans(
        own=rows(PlanAccess.OWNER),
        partners=rows(PlanAccess.PARTNER),
        accountable_for=rows(PlanAccess.ACCOUNTABILITY_PARTNER),
    )


def goal_plan_for_outside_partner(partner: AccountabilityPartner) -> PlanView:
    """The plan an outside accountability partner's link opens, read-only.

    The caller has checked that the link is active (``partner.link_status``); this reads the
    one plan the link names, in the partner's organization scope.
    """
    member = PairMember.objects.select_related("participant__employee", "pair").get(pk=partner.plan.member_id)
    plan = _plans_by_member([member.pk])[member.pk]
    return PlanView(
        member=member,
        plan=plan,
        access=PlanAccess.ACCOUNTABILITY_PARTNER,
        can_edit=False,
        goals=plan.goal_list,
        partner=partner,
        as_of=organization_today(partner.organization),
    )


def goal_plans_readable(*, relations: ViewerRelations | None) -> QuerySet[GoalPlan]:
    """The plans a viewer may read, for lists (the API): with ``relations=None`` every plan
    (program managers and admins, who get statuses and numbers only); otherwise the viewer's own,
    their partners' and the plans they are accountable for, where goals/access.py lets them
    read the text."""
    plans = (
        GoalPlan.objects.select_related("member__participant__employee", "member__pair")
        .prefetch_related(goals_prefetch())
        .order_by("member__pair__cohort_id", "member__pair_id", "member__role", "id")
    )
    if relations is None:
        return plans
    related = Q(member__pair_id__in=list(relations.memberships)) | Q(member_id__in=relations.accountable_for)
    if relations.user_id is not None:
        related |= Q(member__participant__employee__user_id=relations.user_id)
    candidates = GoalPlan.objects.filter(related).select_related("member__participant__employee")
    readable = [plan.pk for plan in candidates if relations.access(plan.member).reads_text]
    return plans.filter(pk__in=readable)
