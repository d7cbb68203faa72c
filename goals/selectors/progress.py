"""Goal progress in numbers: counts, statuses and dates, never a word of the plans.

What program managers see, and what pair health and the cohort overview use. Computed in the
database with a fixed number of grouped queries, however many plans.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from cohorts.models import Participant, ParticipantStatus
from goals.access import are_partners
from goals.models import Goal, GoalCheckIn, GoalPlan, GoalStatus, Milestone
from matching.models import Pair, PairMember, PairStatus
from organizations.clock import organization_today


@dataclass
class GoalProgress:
    """Numbers about goal plans, never their words: safe for managers and pair health."""

    plans: int = 0
    goals_total: int = 0
    goals_not_started: int = 0
    goals_on_track: int = 0
    goals_at_risk: int = 0
    goals_done: int = 0
    milestones_total: int = 0
    milestones_completed: int = 0
    overdue_milestones: int = 0
    last_check_in: datetime.date | None = None

    @property
    def milestones_percent(self) -> int | None:
        """Share of milestones completed, in whole percent; None when there are none."""
        if not self.milestones_total:
            return None
        return round(100 * self.milestones_completed / self.milestones_total)

    def plus(self, other: "GoalProgress") -> "GoalProgress":
        """The numbers of two plans together (a mentor with two mentees keeps two plans)."""
        dates = [d for d in (self.last_check_in, other.last_check_in) if d is not None]
        return GoalProgress(
            plans=self.plans + other.plans,
            goals_total=self.goals_total + other.goals_total,
            goals_not_started=self.goals_not_started + other.goals_not_started,
            goals_on_track=self.goals_on_track + other.goals_on_track,
            goals_at_risk=self.goals_at_risk + other.goals_at_risk,
            goals_done=self.goals_done + other.goals_done,
            milestones_total=self.milestones_total + other.milestones_total,
            milestones_completed=self.milestones_completed + other.milestones_completed,
            overdue_milestones=self.overdue_milestones + other.overdue_milestones,
            last_check_in=max(dates) if dates else None,
        )

    @classmethod
    def of_goals(cls, goals: Iterable[Goal], as_of: datetime.date) -> "GoalProgress":
        """The numbers of goals already loaded with ``goals_prefetch()`` or
        ``section_goals_prefetch()`` (no query)."""
        progress = cls(plans=1)
        for goal in goals:
            progress.goals_total += 1
            setattr(progress, f"goals_{goal.status}", getattr(progress, f"goals_{goal.status}") + 1)
            for milestone in goal.milestone_list:
                progress.milestones_total += 1
                progress.milestones_completed += milestone.completed_at is not None
                progress.overdue_milestones += milestone.is_overdue(as_of)
            # The goal's latest check-in date: read with it (section_goals_prefetch) or its newest check-in.
            if hasattr(goal, "last_check_in"):
                last = goal.last_check_in
            else:
                last = goal.check_in_list[0].date if goal.check_in_list else None
            if last is not None and (progress.last_check_in is None or last > progress.last_check_in):
                progress.last_check_in = last
        return progress


def _progress_by(key: str, plan_filter: dict, as_of: datetime.date) -> dict[int, GoalProgress]:
    """Progress grouped by ``key``, a path from GoalPlan (e.g. ``member__pair_id``).

    ``plan_filter`` selects plans (lookups from GoalPlan). Four grouped queries, however many
    plans: plans, goals by status, milestones, last check-in.
    """
    progress: dict[int, GoalProgress] = {}

    def rows(model, prefix: str, **annotations):
        lookups = {f"{prefix}{lookup}": value for lookup, value in plan_filter.items()}
        for item in model.objects.filter(**lookups).values(f"{prefix}{key}").annotate(**annotations):
            yield progress.setdefault(item[f"{prefix}{key}"], GoalProgress()), item

    for summary, item in rows(GoalPlan, "", n=Count("id")):
        summary.plans = item["n"]
    by_status = {status: Count("id", filter=Q(status=status)) for status in GoalStatus.values}
    for summary, item in rows(Goal, "plan__", total=Count("id"), **by_status):
        summary.goals_total = item["total"]
        for status in GoalStatus.values:
            setattr(summary, f"goals_{status}", item[status])
    for summary, item in rows(
        Milestone,
        "goal__plan__",
        total=Count("id"),
        completed=Count("id", filter=Q(completed_at__isnull=False)),
        overdue=Count("id", filter=Q(completed_at__isnull=True, due_date__lt=as_of)),
    ):
        summary.milestones_total = item["total"]
        summary.milestones_completed = item["completed"]
        summary.overdue_milestones = item["overdue"]
    for summary, item in rows(GoalCheckIn, "goal__plan__", last=Max("date")):
        summary.last_check_in = item["last"]
    return progress


def goal_progress_for_pairs(
    pairs: Iterable[Pair], as_of: datetime.date | None = None
) -> dict[int, GoalProgress]:
    """Goal progress of many pairs at once (pair id → ``GoalProgress``), in four queries.

    For the cohort overview and pair health. Counts the plans of people still in each pair;
    ``as_of`` (default: today on the organization's clock) decides which milestones are
    overdue. Pairs without plans get an empty ``GoalProgress``. Metadata only.
    """
    pairs = list(pairs)
    if not pairs:
        return {}
    as_of = as_of or organization_today(pairs[0].organization)
    ids = [pair.pk for pair in pairs]
    found = _progress_by(
        "member__pair_id", {"member__pair_id__in": ids, "member__left_at__isnull": True}, as_of
    )
    return {pair_id: found.get(pair_id, GoalProgress()) for pair_id in ids}


def goal_progress_summary(pair: Pair, as_of: datetime.date | None = None) -> GoalProgress:
    """One pair's goal progress: goals by status, milestones done and overdue, last check-in.

    Metadata only (no titles or comments): what program managers see, and what pair health
    and the cohort overview use.
    """
    return goal_progress_for_pairs([pair], as_of)[pair.pk]


def overdue_milestones_count(pair: Pair, as_of: datetime.date) -> int:
    """How many milestones of the pair's current members are past due on ``as_of`` and not done."""
    return Milestone.objects.filter(
        goal__plan__member__pair=pair,
        goal__plan__member__left_at__isnull=True,
        completed_at__isnull=True,
        due_date__lt=as_of,
    ).count()


def goal_progress_for_members(
    members: Iterable[PairMember], as_of: datetime.date | None = None
) -> dict[int, GoalProgress]:
    """Goal progress per pair member (member id → ``GoalProgress``), in four queries. Metadata only."""
    members = list(members)
    if not members:
        return {}
    as_of = as_of or organization_today(members[0].organization)
    ids = [member.pk for member in members]
    found = _progress_by("member_id", {"member_id__in": ids}, as_of)
    return {member_id: found.get(member_id, GoalProgress()) for member_id in ids}


@dataclass
class CohortGoalAggregate:
    """Goal figures of a whole cohort, for HR: suppressed below the organization's minimum group size."""

    cohort_id: int
    cohort_name: str
    people: int | None
    suppressed: bool
    progress: GoalProgress | None


def cohort_goal_aggregates(organization, as_of: datetime.date | None = None) -> list[CohortGoalAggregate]:
    """Per cohort: how many people keep a goal plan, goals by status, milestone completion.

    A cohort where fewer people keep a plan than the organization's minimum analytics group
    size gets ``suppressed=True`` and no figures, so a small group's numbers never show.
    """
    from cohorts.models import Cohort

    as_of = as_of or organization_today(organization)
    found = _progress_by("member__pair__cohort_id", {}, as_of)
    result = []
    for cohort in Cohort.objects.filter(pk__in=found).order_by("-created_at", "id"):
        progress = found[cohort.pk]
        suppressed = progress.plans < organization.min_group_size
        result.append(
            CohortGoalAggregate(
                cohort_id=cohort.pk,
                cohort_name=cohort.name,
                people=None if suppressed else progress.plans,
                suppressed=suppressed,
                progress=None if suppressed else progress,
            )
        )
    return result


@dataclass
class MemberProgress:
    member: PairMember
    progress: GoalProgress
    partner_names: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.member.participant.employee.name


def cohort_member_progress(cohort, as_of: datetime.date | None = None) -> list[MemberProgress]:
    """Each current pair member of the cohort with their goal numbers, for its program managers.

    Metadata only: counts, statuses and dates; the plan's words never leave ``PlanView``.
    """
    members = list(
        PairMember.objects.filter(pair__cohort=cohort, pair__status=PairStatus.ACTIVE, left_at__isnull=True)
        .select_related("participant__employee", "pair")
        .order_by("pair__published_at", "pair_id", "role", "id")
    )
    progress = goal_progress_for_members(members, as_of or organization_today(cohort.organization))
    by_pair: dict[int, list[PairMember]] = {}
    for member in members:
        by_pair.setdefault(member.pair_id, []).append(member)
    return [
        MemberProgress(
            member=member,
            progress=progress[member.pk],
            partner_names=[
                other.participant.employee.name
                for other in by_pair[member.pair_id]
                if other.pk != member.pk and are_partners(other.role, member.role)
            ],
        )
        for member in members
    ]


@dataclass
class PersonProgress:
    """One person of a cohort's class with the numbers of all their goal plans together."""

    participant: Participant
    progress: GoalProgress
    partner_names: list[str] = field(default_factory=list)
    paired: bool = True

    @property
    def name(self) -> str:
        return self.participant.employee.name


def cohort_people_progress(cohort, as_of: datetime.date | None = None) -> list[PersonProgress]:
    """Everyone selected in the class, once each (a mentor of two pairs is one row, their plans
    added up), with the people not in a pair yet listed as such: what a manager's goal page
    shows. Three queries whatever the class size."""
    people: dict[int, PersonProgress] = {}
    for row in cohort_member_progress(cohort, as_of):
        person = people.get(row.member.participant_id)
        if person is None:
            people[row.member.participant_id] = PersonProgress(
                participant=row.member.participant,
                progress=row.progress,
                partner_names=list(row.partner_names),
            )
        else:
            person.progress = person.progress.plus(row.progress)
            person.partner_names += [name for name in row.partner_names if name not in person.partner_names]
    unpaired = (
        Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED)
        .exclude(pk__in=list(people))
        .select_related("employee")
        .order_by("employee__name")
    )
    return list(people.values()) + [
        PersonProgress(participant=participant, progress=GoalProgress(), paired=False)
        for participant in unpaired
    ]
