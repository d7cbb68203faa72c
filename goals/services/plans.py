"""Writes to a goal plan's goals, milestones and check-ins, with their rules.

Every service is atomic, keyword-only, takes the acting person (``actor``), and refuses with
a ``ValidationError`` (a clear message, nothing stored) when the input breaks a rule, or
``PermissionDenied`` when the actor is not the plan's owner: only the owner changes their
plan (partners and accountability partners read it). Dates are judged on the organization's
calendar (``organizations/clock.py``).
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone

from goals.models import Goal, GoalCategory, GoalCheckIn, GoalStatus, Milestone
from goals.services.ownership import check_owner, member_for_update, plan_for_owner
from matching.models import PairMember
from organizations.clock import organization_today
from organizations.date_ranges import DateRange
from organizations.models import User
from programs.dates import program_year
from sessions.stored_facts import pair_facts_expire

logger = logging.getLogger(__name__)

# How far ahead a goal may be dated: a plan covers the mentoring year; a goal further out is
# better broken into a nearer goal with milestones.
MAX_TARGET_YEARS = 2


def _latest_target_date(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year + MAX_TARGET_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_TARGET_YEARS, day=28)


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def _owned_goal(goal: Goal, actor: User) -> Goal:
    goal = (
        Goal.objects.select_for_update(of=("self",))
        .select_related(
            "plan__member__pair__cohort__program", "plan__member__participant__employee", "organization"
        )
        .get(pk=goal.pk)
    )
    check_owner(goal.plan.member, actor)
    # Every change through here changes the pair's goal figures: stored facts are read again.
    pair_facts_expire(pairs=[goal.plan.member.pair_id])
    return goal


def _check_goal_fields(
    *,
    errors: dict,
    title: str,
    success_measure: str,
    category: str,
    status: str,
) -> None:
    if not title:
        errors["title"] = "Give the goal a short title, e.g. “Lead a cross-team project”."
    elif len(title) > 200:
        errors["title"] = "Keep the title under 200 characters; put the detail in the description."
    if not success_measure:
        errors["success_measure"] = (
            "Say how you will know you got there, e.g. “Present the Q3 results to the leadership team”."
        )
    if category not in GoalCategory.values:
        errors["category"] = f"Choose one of: {', '.join(GoalCategory.labels)}."
    if status not in GoalStatus.values:
        errors["status"] = f"Choose one of: {', '.join(GoalStatus.labels)}."


def _check_target_date(errors: dict, target_date, today: datetime.date) -> None:
    if not isinstance(target_date, datetime.date):
        errors["target_date"] = "Give the date you aim to reach this goal by."
    elif target_date < today:
        errors["target_date"] = f"The target date {_date(target_date)} is in the past; choose today or later."
    elif target_date > _latest_target_date(today):
        errors["target_date"] = (
            f"Choose a target date within {MAX_TARGET_YEARS} years (by {_date(_latest_target_date(today))}); "
            "break a longer ambition into a nearer goal with milestones."
        )


@transaction.atomic
def goal_create(
    *,
    member: PairMember,
    actor: User,
    title: str,
    success_measure: str,
    target_date: datetime.date,
    category: str = GoalCategory.SKILL,
    description: str = "",
    status: str = GoalStatus.NOT_STARTED,
    now: datetime.datetime | None = None,
) -> Goal:
    """Add a goal to ``member``'s plan (making the plan on first use); only the owner may.

    Needs a title and a measure of success; the target date may not be in the past nor more
    than ``MAX_TARGET_YEARS`` ahead. The goal is placed after the plan's others.
    """
    member = member_for_update(member)
    check_owner(member, actor)
    errors: dict[str, str] = {}
    title, success_measure = (title or "").strip(), (success_measure or "").strip()
    _check_goal_fields(
        errors=errors, title=title, success_measure=success_measure, category=category, status=status
    )
    _check_target_date(errors, target_date, organization_today(member.organization, now))
    if errors:
        raise ValidationError(errors)
    plan = plan_for_owner(member, actor)
    pair_facts_expire(pairs=[member.pair_id])
    last = plan.goals.aggregate(last=Max("order"))["last"]
    goal = Goal.objects.create(
        organization=member.organization,
        plan=plan,
        title=title,
        description=(description or "").strip(),
        category=category,
        success_measure=success_measure,
        target_date=target_date,
        status=status,
        order=0 if last is None else last + 1,
    )
    logger.info("goal %s created by %s in plan %s", goal.pk, actor.pk, plan.pk)
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    actor: User,
    title: str,
    success_measure: str,
    target_date: datetime.date,
    category: str,
    status: str,
    description: str = "",
    now: datetime.datetime | None = None,
) -> Goal:
    """Change a goal; only the owner may.

    A new target date may not be in the past (an unchanged past date may stay: the goal is
    simply late) and may not fall before a milestone's due date — move the milestone first.
    """
    goal = _owned_goal(goal, actor)
    errors: dict[str, str] = {}
    title, success_measure = (title or "").strip(), (success_measure or "").strip()
    _check_goal_fields(
        errors=errors, title=title, success_measure=success_measure, category=category, status=status
    )
    if target_date != goal.target_date:
        _check_target_date(errors, target_date, organization_today(goal.organization, now))
    if "target_date" not in errors:
        late = goal.milestones.filter(due_date__gt=target_date).order_by("-due_date").first()
        if late is not None:
            errors["target_date"] = (
                f"The milestone “{late.title}” is due on {_date(late.due_date)}, after {_date(target_date)}. "
                "Move the milestone first, or choose a later target date."
            )
    if errors:
        raise ValidationError(errors)
    goal.title = title
    goal.description = (description or "").strip()
    goal.category = category
    goal.success_measure = success_measure
    goal.target_date = target_date
    goal.status = status
    goal.save()
    return goal


@transaction.atomic
def goal_status_set(*, goal: Goal, actor: User, status: str) -> Goal:
    """Set a goal's status (not started, on track, at risk, done); only the owner may."""
    goal = _owned_goal(goal, actor)
    if status not in GoalStatus.values:
        raise ValidationError({"status": f"Choose one of: {', '.join(GoalStatus.labels)}."})
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, actor: User) -> None:
    """Remove a goal with its milestones and check-ins; only the owner may."""
    goal = _owned_goal(goal, actor)
    logger.info("goal %s deleted by %s", goal.pk, actor.pk)
    goal.delete()


@transaction.atomic
def milestone_create(
    *,
    goal: Goal,
    actor: User,
    title: str,
    due_date: datetime.date,
    now: datetime.datetime | None = None,
) -> Milestone:
    """Add a milestone to a goal; only the owner may.

    The due date may not be in the past, nor after the goal's target date (a step that comes
    after the goal is reached is not a step towards it).
    """
    goal = _owned_goal(goal, actor)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "Name the step, e.g. “Shadow a budget review”."
    elif len(title) > 200:
        errors["title"] = "Keep the milestone under 200 characters."
    today = organization_today(goal.organization, now)
    if not isinstance(due_date, datetime.date):
        errors["due_date"] = "Give the date this step is due."
    elif due_date < today:
        errors["due_date"] = f"The due date {_date(due_date)} is in the past; choose today or later."
    elif due_date > goal.target_date:
        errors["due_date"] = (
            f"The due date {_date(due_date)} is after the goal's target date ({_date(goal.target_date)}). "
            "Choose an earlier date, or move the goal's target date first."
        )
    if errors:
        raise ValidationError(errors)
    return Milestone.objects.create(organization=goal.organization, goal=goal, title=title, due_date=due_date)


def _owned_milestone(milestone: Milestone, actor: User) -> Milestone:
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("goal__plan__member__pair", "goal__plan__member__participant__employee")
        .get(pk=milestone.pk)
    )
    check_owner(milestone.goal.plan.member, actor)
    pair_facts_expire(pairs=[milestone.goal.plan.member.pair_id])
    return milestone


@transaction.atomic
def milestone_complete(
    *, milestone: Milestone, actor: User, now: datetime.datetime | None = None
) -> Milestone:
    """Mark a milestone done, recording who and when: it then shows as a win in the pair space.

    Only the owner may. Completing an already completed milestone changes nothing (a double
    click keeps the first time).
    """
    milestone = _owned_milestone(milestone, actor)
    if milestone.completed_at is None:
        milestone.completed_at = now or timezone.now()
        milestone.completed_by = actor
        milestone.save(update_fields=["completed_at", "completed_by"])
        logger.info("milestone %s completed by %s", milestone.pk, actor.pk)
    return milestone


@transaction.atomic
def milestone_reopen(*, milestone: Milestone, actor: User) -> Milestone:
    """Undo a completion (ticked by mistake); only the owner may."""
    milestone = _owned_milestone(milestone, actor)
    if milestone.completed_at is not None:
        milestone.completed_at = None
        milestone.completed_by = None
        milestone.save(update_fields=["completed_at", "completed_by"])
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, actor: User) -> None:
    """Remove a milestone; only the owner may."""
    _owned_milestone(milestone, actor).delete()


@transaction.atomic
def goal_check_in(
    *,
    goal: Goal,
    actor: User,
    progress: int,
    date: datetime.date | None = None,
    comment: str = "",
    status: str | None = None,
    now: datetime.datetime | None = None,
) -> GoalCheckIn:
    """Record progress on a goal (0–100 %) on a date (today by default, never in the future).

    Only the owner may. ``status``, when given, also moves the goal to that status (a check-in
    is the natural moment to say "at risk" or "done").
    """
    goal = _owned_goal(goal, actor)
    today = organization_today(goal.organization, now)
    date = today if date is None else date
    errors: dict[str, str] = {}
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        errors["progress"] = "Progress is a whole percentage from 0 to 100."
    if not isinstance(date, datetime.date):
        errors["date"] = "Give the date of this check-in."
    elif date > today:
        errors["date"] = f"A check-in records progress so far; {_date(date)} is in the future."
    else:
        since = DateRange(program_year(goal.plan.member.pair.cohort.program).earliest, today)
        if problem := since.date_problem(date, what="the date of this check-in"):
            errors["date"] = problem
    if status and status not in GoalStatus.values:
        errors["status"] = f"Choose one of: {', '.join(GoalStatus.labels)}."
    if errors:
        raise ValidationError(errors)
    check_in = GoalCheckIn.objects.create(
        organization=goal.organization,
        goal=goal,
        date=date,
        progress=progress,
        comment=(comment or "").strip(),
        author=actor,
    )
    if status and status != goal.status:
        goal.status = status
        goal.save(update_fields=["status", "updated_at"])
    return check_in
