"""Roles and what each may do: the one place role checks are decided.

Views and API endpoints declare a ``Permission`` (``@permission_required(Permission.ROSTER_VIEW)``,
``permission = Permission.ROSTER_VIEW``); they never test roles themselves. A declaration of a
name that is not here fails when the module is imported, not when someone opens the page.
Adding a permission here is the only way to grant a role something new.
"""

import enum

from django.core.exceptions import ImproperlyConfigured
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Organization admin"
    PROGRAM_MANAGER = "program_manager", "Program manager"
    HR_ANALYST = "hr_analyst", "HR analyst"
    SENIOR_LEADER = "senior_leader", "Senior leader"
    MEMBER = "member", "Member"


class Permission(enum.StrEnum):
    """Every permission name. Members are plain strings, so templates may say ``"roster.view"``."""

    ORGANIZATION_VIEW = "organization.view"
    ORGANIZATION_MANAGE = "organization.manage"
    MEMBERS_MANAGE = "members.manage"
    ROSTER_VIEW = "roster.view"
    ROSTER_LOAD = "roster.load"
    APIKEYS_MANAGE = "apikeys.manage"
    PROGRAMS_MANAGE = "programs.manage"
    PROGRAMS_APPLY = "programs.apply"
    PROGRAMS_READ = "programs.read"
    ANALYTICS_VIEW = "analytics.view"
    PROFILES_FILL = "profiles.fill"
    MATCHING_PARTICIPATE = "matching.participate"
    GOALS_KEEP = "goals.keep"
    MENTORING_PARTICIPATE = "mentoring.participate"
    MENTORING_OVERSEE = "mentoring.oversee"
    MENTORING_HEALTH = "mentoring.health"


_EVERYONE = frozenset(Role)

PERMISSIONS: dict[Permission, frozenset[Role]] = {
    Permission.ORGANIZATION_VIEW: _EVERYONE,
    Permission.ORGANIZATION_MANAGE: frozenset({Role.ADMIN}),
    Permission.MEMBERS_MANAGE: frozenset({Role.ADMIN}),
    Permission.ROSTER_VIEW: frozenset({Role.ADMIN, Role.HR_ANALYST}),
    Permission.ROSTER_LOAD: frozenset({Role.ADMIN, Role.HR_ANALYST}),
    Permission.APIKEYS_MANAGE: frozenset({Role.ADMIN, Role.HR_ANALYST}),
    Permission.PROGRAMS_MANAGE: frozenset({Role.ADMIN, Role.PROGRAM_MANAGER}),
    Permission.PROGRAMS_APPLY: _EVERYONE,
    # Programs, cohorts and applications through the API: managers run them, HR reads them.
    Permission.PROGRAMS_READ: frozenset({Role.ADMIN, Role.PROGRAM_MANAGER, Role.HR_ANALYST}),
    Permission.ANALYTICS_VIEW: frozenset({Role.ADMIN, Role.HR_ANALYST}),
    # Anyone may be selected into a class and fill a trust profile; whose profile a person
    # reads is decided per profile (cohorts/profiles/visibility.py), never by role alone.
    Permission.PROFILES_FILL: _EVERYONE,
    # Anyone may see their own matches, rank a hybrid shortlist and ask for a rematch; which
    # pair or shortlist is theirs is decided per row (matching/views/participant.py).
    Permission.MATCHING_PARTICIPATE: _EVERYONE,
    # Anyone may keep a goal plan; whose plans a person reads is decided per plan (goals/access.py).
    Permission.GOALS_KEEP: _EVERYONE,
    # Anyone may be in a pair; which pair's meetings a person sees is decided per pair
    # (sessions/access.py). Overseeing is metadata only: when pairs meet and how they fare.
    Permission.MENTORING_PARTICIPATE: _EVERYONE,
    Permission.MENTORING_OVERSEE: frozenset({Role.ADMIN, Role.PROGRAM_MANAGER, Role.HR_ANALYST}),
    # Per-pair health and relationship check-in answers are for the people who run programs; HR
    # analysts read cohort aggregates, above the minimum group size, in analytics (docs/privacy.md).
    Permission.MENTORING_HEALTH: frozenset({Role.ADMIN, Role.PROGRAM_MANAGER}),
}


def declared_permission(permission: str) -> Permission:
    """``permission`` as a ``Permission``; a name not declared here stops the import that uses it."""
    try:
        return Permission(permission)
    except ValueError:
        raise ImproperlyConfigured(
            f"Unknown permission {permission!r}; declare it in organizations/roles.py"
        ) from None


def role_has_permission(role: str, permission: str) -> bool:
    return role in PERMISSIONS[declared_permission(permission)]


missing = set(Permission) - set(PERMISSIONS)
if missing:  # pragma: no cover - a programming error caught at import
    raise ImproperlyConfigured(f"Permissions with no roles: {sorted(missing)}")
del missing
