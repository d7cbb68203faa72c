"""What erasing a person removes in the goals app (organizations/erasure.py): the words of their
goals, milestones and check-ins, and their name and address where they are someone's
accountability partner. Statuses, dates and progress stay (cohort goal figures count them)."""

from django.db.models import Q

from goals.models import AccountabilityPartner, Goal, GoalCheckIn, Milestone
from organizations.erasure import register_eraser

OWN = "plan__member__participant__employee"


def erase_goal_plans(organization, employee, user) -> int:
    changed = Goal.objects.filter(organization=organization, **{OWN: employee}).update(
        title="Erased goal", description="", success_measure="(erased)"
    )
    changed += Milestone.objects.filter(organization=organization, **{f"goal__{OWN}": employee}).update(
        title="Erased milestone"
    )
    changed += GoalCheckIn.objects.filter(organization=organization, **{f"goal__{OWN}": employee}).update(
        comment=""
    )
    partner = Q(plan__member__participant__employee=employee)
    if user is not None:
        partner |= Q(user=user)
    if employee.email:
        partner |= Q(email__iexact=employee.email)
    changed += AccountabilityPartner.objects.filter(partner, organization=organization).update(
        name="", email=""
    )
    return changed


def register() -> None:
    register_eraser(erase_goal_plans)
