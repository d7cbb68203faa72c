"""Who a person is to project teams: the one place per-object rules about challenges, teams,
the council and talent flags are decided. Anyone these rules leave out gets the same 404 as
for an object that does not exist (docs/privacy.md)."""

from django.db.models import QuerySet

from organizations.models import Employee, Membership, Organization
from organizations.roles import Permission, Role


def membership_of(user, organization_id: int) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, organization_id=organization_id).first()


def manages_teams(user, organization_id: int) -> bool:
    """Program managers and admins run project teams (``programs.manage``)."""
    membership = membership_of(user, organization_id)
    return membership is not None and membership.can(Permission.PROGRAMS_MANAGE)


def employee_of(user, organization_id: int) -> Employee | None:
    """The person's roster row in the organization, if it is linked to their account."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Employee.objects.filter(organization_id=organization_id, user=user).first()


def senior_leaders(organization: Organization) -> QuerySet[Employee]:
    """Roster rows of the organization's senior leaders: the people who may sponsor a challenge."""
    leader_users = Membership.objects.filter(organization=organization, role=Role.SENIOR_LEADER).values(
        "user_id"
    )
    return Employee.objects.filter(organization=organization, user_id__in=leader_users).order_by("name", "id")


def is_senior_leader(employee: Employee) -> bool:
    return (
        employee.user_id is not None
        and Membership.objects.filter(
            organization_id=employee.organization_id, user_id=employee.user_id, role=Role.SENIOR_LEADER
        ).exists()
    )


def team_role(user, team) -> str | None:
    """What ``user`` is to ``team``: "member", "sponsor", "adviser", "manager", or None (sees nothing).

    Council members read teams through the council pages, never the team space.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if team.members.filter(participant__employee__user=user).exists():
        return "member"
    if team.challenge.sponsor.user_id == user.pk:
        return "sponsor"
    if team.adviser_id is not None and team.adviser.employee.user_id == user.pk:
        return "adviser"
    if manages_teams(user, team.organization_id):
        return "manager"
    return None


def contributes_to(role: str | None) -> bool:
    """Members and managers keep the team's milestones, files and recommendation."""
    return role in ("member", "manager")


def council_seat(user, cohort_id: int):
    """The person's seat on the cohort's council, or None."""
    from cohorts.teams.models import CouncilSeat

    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return CouncilSeat.objects.filter(cohort_id=cohort_id, user=user).first()


def sponsors(user, team) -> bool:
    """A council member never scores a team whose challenge they sponsor."""
    return team.challenge.sponsor.user_id == getattr(user, "pk", None)


def may_flag_in(user, cohort) -> bool:
    """Managers flag in any cohort; a senior leader in the cohorts whose council they sit on."""
    return manages_teams(user, cohort.organization_id) or council_seat(user, cohort.pk) is not None
