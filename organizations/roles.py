"""Roles and what each may do: the one place role checks are decided.

Views and API endpoints declare a permission name (``"roster.view"``); they never test roles
themselves. Adding a permission here is the only way to grant a role something new.
"""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Organization admin"
    PROGRAM_MANAGER = "program_manager", "Program manager"
    HR_ANALYST = "hr_analyst", "HR analyst"
    SENIOR_LEADER = "senior_leader", "Senior leader"
    MEMBER = "member", "Member"


_EVERYONE = frozenset(Role)

PERMISSIONS: dict[str, frozenset[Role]] = {
    "organization.view": _EVERYONE,
    "organization.manage": frozenset({Role.ADMIN}),
    "members.manage": frozenset({Role.ADMIN}),
    "roster.view": frozenset({Role.ADMIN, Role.HR_ANALYST}),
    "roster.load": frozenset({Role.ADMIN, Role.HR_ANALYST}),
    "apikeys.manage": frozenset({Role.ADMIN, Role.HR_ANALYST}),
    "programs.manage": frozenset({Role.ADMIN, Role.PROGRAM_MANAGER}),
    "programs.apply": _EVERYONE,
    # Programs, cohorts and applications through the API: managers run them, HR reads them.
    "programs.read": frozenset({Role.ADMIN, Role.PROGRAM_MANAGER, Role.HR_ANALYST}),
    "analytics.view": frozenset({Role.ADMIN, Role.HR_ANALYST}),
    # Anyone may be selected into a class and fill a trust profile; whose profile a person
    # reads is decided per profile (cohorts/profiles/visibility.py), never by role alone.
    "profiles.fill": _EVERYONE,
    # Anyone may see their own matches, rank a hybrid shortlist and ask for a rematch; which
    # pair or shortlist is theirs is decided per row (matching/views/participant.py).
    "matching.participate": _EVERYONE,
    # Anyone may keep a goal plan; whose plans a person reads is decided per plan (goals/access.py).
    "goals.keep": _EVERYONE,
    # Anyone may be in a pair; which pair's meetings a person sees is decided per pair
    # (sessions/access.py). Overseeing is metadata only: when pairs meet and how they fare.
    "mentoring.participate": _EVERYONE,
    "mentoring.oversee": frozenset({Role.ADMIN, Role.PROGRAM_MANAGER, Role.HR_ANALYST}),
}


def role_has_permission(role: str, permission: str) -> bool:
    try:
        allowed = PERMISSIONS[permission]
    except KeyError:
        raise KeyError(f"Unknown permission {permission!r}; declare it in organizations/roles.py") from None
    return role in allowed
