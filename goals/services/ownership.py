"""Who may write a plan, checked by every goal service: its owner, while their pair is active."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from goals.access import PlanAccess, can_edit, member_user_id
from goals.models import AccountabilityPartner, GoalPlan, PartnerKind
from matching.models import PairMember
from organizations.models import User


def member_for_update(member: PairMember) -> PairMember:
    """Re-read and lock the pair member, so two requests cannot make the same plan twice."""
    return (
        PairMember.objects.select_for_update(of=("self",))
        .select_related("pair", "participant__employee", "organization")
        .get(pk=member.pk)
    )


def check_owner(member: PairMember, actor: User) -> None:
    """Refuse anyone but the plan's owner, and the owner once they have left the pair."""
    access = PlanAccess.OWNER if member_user_id(member) == getattr(actor, "pk", None) else PlanAccess.NONE
    if access is not PlanAccess.OWNER:
        raise PermissionDenied("Only the owner of a goal plan can change it.")
    if not can_edit(member, access):
        raise PermissionDenied("This pair has ended, so its goal plans are kept read-only.")


@transaction.atomic
def plan_for_owner(member: PairMember, actor: User) -> GoalPlan:
    """The owner's plan in this pair, made on first use, with the pair partner as accountability partner."""
    check_owner(member, actor)
    plan, created = GoalPlan.objects.get_or_create(
        member=member, defaults={"organization": member.organization}
    )
    if created:
        AccountabilityPartner.objects.create(
            organization=member.organization, plan=plan, kind=PartnerKind.PAIR_PARTNER, created_by=actor
        )
    return plan
