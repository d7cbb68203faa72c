"""Writes to goal plans: goals, milestones, check-ins and the accountability partner.

Every service is atomic, keyword-only, takes the acting person (``actor``), and refuses with
a ``ValidationError`` (a clear message, nothing stored) when the input breaks a rule, or
``PermissionDenied`` when the actor is not the plan's owner: only the owner changes their
plan (partners and accountability partners read it). Dates are judged on the organization's
calendar (its time zone), so "today" is the same for everyone in it.

The outside accountability partner's link carries a random token; only its SHA-256 is stored.
The raw token exists once, returned to the owner and emailed (after commit) to the partner.
"""

import datetime
import hashlib
import logging
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import formats, timezone

from goals.access import PlanAccess, can_edit, member_user_id
from goals.models import (
    AccountabilityPartner,
    Goal,
    GoalCategory,
    GoalCheckIn,
    GoalPlan,
    GoalStatus,
    Milestone,
    PartnerKind,
)
from matching.models import PairMember
from organizations.models import Membership, Organization, User

logger = logging.getLogger(__name__)

# How far ahead a goal may be dated: a plan covers the mentoring year; a goal further out is
# better broken into a nearer goal with milestones.
MAX_TARGET_YEARS = 2
OUTSIDE_LINK_DAYS = 90


def organization_today(organization: Organization, now: datetime.datetime | None = None) -> datetime.date:
    """Today's date on the organization's clock."""
    return timezone.localdate(now or timezone.now(), zoneinfo.ZoneInfo(organization.timezone))


def _latest_target_date(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year + MAX_TARGET_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_TARGET_YEARS, day=28)


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def _member_for_update(member: PairMember) -> PairMember:
    return PairMember.objects.select_related("pair", "participant__employee", "organization").get(
        pk=member.pk
    )


def _check_owner(member: PairMember, actor: User) -> None:
    """Refuse anyone but the plan's owner, and the owner once they have left the pair."""
    access = PlanAccess.OWNER if member_user_id(member) == getattr(actor, "pk", None) else PlanAccess.NONE
    if access is not PlanAccess.OWNER:
        raise PermissionDenied("Only the owner of a goal plan can change it.")
    if not can_edit(member, access):
        raise PermissionDenied("This pair has ended, so its goal plans are kept read-only.")


def _plan_for_owner(member: PairMember, actor: User) -> GoalPlan:
    """The owner's plan in this pair, made on first use, with the pair partner as accountability partner."""
    _check_owner(member, actor)
    plan, created = GoalPlan.objects.get_or_create(
        member=member, defaults={"organization": member.organization}
    )
    if created:
        AccountabilityPartner.objects.create(
            organization=member.organization, plan=plan, kind=PartnerKind.PAIR_PARTNER, created_by=actor
        )
    return plan


def _owned_goal(goal: Goal, actor: User) -> Goal:
    goal = (
        Goal.objects.select_for_update(of=("self",))
        .select_related("plan__member__pair", "plan__member__participant__employee", "organization")
        .get(pk=goal.pk)
    )
    _check_owner(goal.plan.member, actor)
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
    member = _member_for_update(member)
    _check_owner(member, actor)
    errors: dict[str, str] = {}
    title, success_measure = (title or "").strip(), (success_measure or "").strip()
    _check_goal_fields(
        errors=errors, title=title, success_measure=success_measure, category=category, status=status
    )
    _check_target_date(errors, target_date, organization_today(member.organization, now))
    if errors:
        raise ValidationError(errors)
    plan = _plan_for_owner(member, actor)
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
    _check_owner(milestone.goal.plan.member, actor)
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


# The accountability partner


def partner_link_token_hash(raw_token: str) -> str:
    """The only form of an outside partner's link token that is ever stored or compared."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


def partner_link_url(raw_token: str) -> str:
    return f"{settings.SITE_URL}/goals/shared/{raw_token}/"


def accountability_partner_for_token_across_organizations(raw_token: str) -> AccountabilityPartner | None:
    """The outside accountability partner a link token belongs to, in whichever organization.

    Deliberately unscoped: the person holding the link belongs to no organization. Callers
    must check ``link_status`` and show only the one plan the row points to. Returns the row
    even when its link no longer works, so the page can say why.
    """
    if not raw_token:
        return None
    return (
        AccountabilityPartner.objects.with_scopes_disabled()
        .select_related("organization", "plan__member__participant__employee")
        .filter(kind=PartnerKind.OUTSIDE, token_hash=partner_link_token_hash(raw_token))
        .first()
    )


def _new_link(now: datetime.datetime) -> tuple[str, str, datetime.datetime]:
    raw_token = secrets.token_urlsafe(32)
    return raw_token, partner_link_token_hash(raw_token), now + datetime.timedelta(days=OUTSIDE_LINK_DAYS)


def _send_link_after_commit(partner: AccountabilityPartner, raw_token: str) -> None:
    from goals.tasks import send_accountability_link

    transaction.on_commit(lambda: send_accountability_link.delay(partner.pk, raw_token))


@transaction.atomic
def accountability_partner_set(
    *,
    member: PairMember,
    actor: User,
    kind: str,
    user: User | None = None,
    name: str = "",
    email: str = "",
    now: datetime.datetime | None = None,
) -> tuple[AccountabilityPartner, str]:
    """Name the accountability partner of ``member``'s plan; return it and, for an outside
    person, the raw link token (shown once to the owner and emailed to the partner).

    ``pair_partner`` goes back to the default. ``member`` needs ``user``, another member of
    the organization. ``outside`` needs a name and an email; it creates a read-only link that
    expires after ``OUTSIDE_LINK_DAYS``. Only the owner may; the previous partner's access
    (and link) ends. Choosing the same person again changes nothing (an outside person whose
    link still works keeps it; ``accountability_link_renew`` sends a new one).
    """
    member = _member_for_update(member)
    _check_owner(member, actor)
    organization = member.organization
    errors: dict[str, str] = {}
    name = (name or "").strip()
    email = (email or "").strip().lower()
    if kind not in PartnerKind.values:
        errors["kind"] = "Choose your pair partner, someone in the organization, or someone outside it."
    elif kind == PartnerKind.MEMBER:
        if user is None:
            errors["user"] = "Choose the colleague who will be your accountability partner."
        elif user.pk == actor.pk:
            errors["user"] = "Your accountability partner is someone other than you."
        elif not Membership.objects.filter(organization=organization, user=user).exists():
            errors["user"] = f"Choose a member of {organization.name}."
    elif kind == PartnerKind.OUTSIDE:
        if not name:
            errors["name"] = "Give your accountability partner's name."
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Give an email address where they can receive the link."
        else:
            if email == actor.email.lower():
                errors["email"] = "Your accountability partner is someone other than you."
    if errors:
        raise ValidationError(errors)

    plan = _plan_for_owner(member, actor)
    current = (
        AccountabilityPartner.objects.select_for_update().filter(plan=plan, ended_at__isnull=True).first()
    )
    if current is not None and current.kind == kind and kind == PartnerKind.PAIR_PARTNER:
        return current, ""
    if current is not None and current.kind == kind == PartnerKind.MEMBER and current.user_id == user.pk:
        return current, ""
    if (
        current is not None
        and current.kind == kind == PartnerKind.OUTSIDE
        and (current.name, current.email) == (name, email)
        and current.link_status == "active"
    ):
        return current, ""
    now = now or timezone.now()
    if current is not None:
        current.ended_at = now
        current.save(update_fields=["ended_at"])
    partner = AccountabilityPartner(organization=organization, plan=plan, kind=kind, created_by=actor)
    raw_token = ""
    if kind == PartnerKind.MEMBER:
        partner.user = user
    elif kind == PartnerKind.OUTSIDE:
        partner.name, partner.email = name, email
        raw_token, partner.token_hash, partner.link_expires_at = _new_link(now)
    partner.save()
    if raw_token:
        _send_link_after_commit(partner, raw_token)
    logger.info("plan %s: accountability partner set to %s by %s", plan.pk, kind, actor.pk)
    return partner, raw_token


def _current_outside_partner(member: PairMember, actor: User) -> AccountabilityPartner:
    member = _member_for_update(member)
    _check_owner(member, actor)
    partner = (
        AccountabilityPartner.objects.select_for_update()
        .filter(plan__member=member, ended_at__isnull=True, kind=PartnerKind.OUTSIDE)
        .first()
    )
    if partner is None:
        raise ValidationError(
            "Your accountability partner has no link: only a person outside the organization has one."
        )
    return partner


@transaction.atomic
def accountability_link_revoke(
    *, member: PairMember, actor: User, now: datetime.datetime | None = None
) -> AccountabilityPartner:
    """Stop the outside accountability partner's link from working at once; only the owner may.

    The partner stays named on the plan; ``accountability_link_renew`` gives them a new link.
    """
    partner = _current_outside_partner(member, actor)
    if partner.link_revoked_at is None:
        partner.link_revoked_at = now or timezone.now()
        partner.save(update_fields=["link_revoked_at"])
    return partner


@transaction.atomic
def accountability_link_renew(
    *, member: PairMember, actor: User, now: datetime.datetime | None = None
) -> tuple[AccountabilityPartner, str]:
    """Give the outside accountability partner a fresh link (the old one stops working).

    Returns the partner and the new raw token; the link is emailed after commit.
    """
    partner = _current_outside_partner(member, actor)
    raw_token, partner.token_hash, partner.link_expires_at = _new_link(now or timezone.now())
    partner.link_revoked_at = None
    partner.save(update_fields=["token_hash", "link_expires_at", "link_revoked_at"])
    _send_link_after_commit(partner, raw_token)
    return partner, raw_token


def accountability_link_send_email(*, partner: AccountabilityPartner, raw_token: str) -> bool:
    """Email an outside accountability partner their link; False (nothing sent) once it no longer works.

    A token that does not match the stored hash is refused loudly: the wrong person would
    otherwise receive a working link to someone's plan.
    """
    if partner_link_token_hash(raw_token) != partner.token_hash:
        raise ValueError(f"Token does not belong to accountability partner {partner.pk}")
    if partner.link_status != "active":
        return False
    employee = partner.plan.member.participant.employee
    context = {
        "partner": partner,
        "owner_name": employee.name,
        "organization": partner.organization,
        "url": partner_link_url(raw_token),
        "expires_on": partner.link_expires_at,
    }
    subject = render_to_string("goals/emails/partner_link_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("goals/emails/partner_link_message.txt", context),
        to=[partner.email],
    )
    message.attach_alternative(
        render_to_string("goals/emails/partner_link_message.html", context), "text/html"
    )
    message.send()
    return True
