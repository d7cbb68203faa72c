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
    AUDIT_VIEW = "audit.view"
    PROGRAMS_MANAGE = "programs.manage"
    PROGRAMS_APPLY = "programs.apply"
    PROGRAMS_READ = "programs.read"
    ANALYTICS_VIEW = "analytics.view"
    ANALYTICS_PROGRAMS = "analytics.programs"
    ANALYTICS_REFRESH = "analytics.refresh"
    PROFILES_FILL = "profiles.fill"
    MATCHING_PARTICIPATE = "matching.participate"
    GOALS_KEEP = "goals.keep"
    MENTORING_PARTICIPATE = "mentoring.participate"
    MENTORING_OVERSEE = "mentoring.oversee"
    MENTORING_HEALTH = "mentoring.health"
    CHALLENGES_SUBMIT = "challenges.submit"
    TEAMS_PARTICIPATE = "teams.participate"
    TALENT_FLAG = "talent.flag"
    TALENT_VIEW = "talent.view"


_EVERYONE = frozenset(Role)

PERMISSIONS: dict[Permission, frozenset[Role]] = {
    Permission.ORGANIZATION_VIEW: _EVERYONE,
    Permission.ORGANIZATION_MANAGE: frozenset({Role.ADMIN}),
    Permission.MEMBERS_MANAGE: frozenset({Role.ADMIN}),
    Permission.ROSTER_VIEW: frozenset({Role.ADMIN, Role.HR_ANALYST}),
    Permission.ROSTER_LOAD: frozenset({Role.ADMIN, Role.HR_ANALYST}),
    Permission.APIKEYS_MANAGE: frozenset({Role.ADMIN, Role.HR_ANALYST}),
    # The audit log: who did what, when and from where (organizations/models/audit.py).
    Permission.AUDIT_VIEW: frozenset({Role.ADMIN}),
    Permission.PROGRAMS_MANAGE: frozenset({Role.ADMIN, Role.PROGRAM_MANAGER}),
    Permission.PROGRAMS_APPLY: _EVERYONE,
    # Programs, cohorts and applications through the API: managers run them, HR reads them.
    Permission.PROGRAMS_READ: frozenset({Role.ADMIN, Role.PROGRAM_MANAGER, Role.HR_ANALYST}),
    # Retention analytics of the whole organization: every program, department and level.
    Permission.ANALYTICS_VIEW: frozenset({Role.ADMIN, Role.HR_ANALYST}),
    # Retention analytics one program at a time, for the programs the member manages (a program
    # manager manages every program of the organization: docs/roles.md). Aggregates only.
    Permission.ANALYTICS_PROGRAMS: frozenset({Role.ADMIN, Role.PROGRAM_MANAGER, Role.HR_ANALYST}),
    # Queue a rebuild of the analytics facts now instead of waiting for the nightly one.
    Permission.ANALYTICS_REFRESH: frozenset({Role.ADMIN}),
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
    # Senior leaders bring business problems for a cohort's project teams; managers may submit
    # one on a leader's behalf. Accepting or declining them is programs.manage.
    Permission.CHALLENGES_SUBMIT: frozenset({Role.ADMIN, Role.PROGRAM_MANAGER, Role.SENIOR_LEADER}),
    # Anyone may be on a project team or state challenge preferences; which team space a person
    # opens is decided per team (cohorts/teams/access.py).
    Permission.TEAMS_PARTICIPATE: _EVERYONE,
    # Council members and managers flag mentees for the talent pool; which cohorts a senior
    # leader may flag in is decided per council seat (cohorts/teams/access.py).
    Permission.TALENT_FLAG: frozenset({Role.ADMIN, Role.PROGRAM_MANAGER, Role.SENIOR_LEADER}),
    # The talent pool across cohorts, with filters and CSV: HR analysts and admins.
    Permission.TALENT_VIEW: frozenset({Role.ADMIN, Role.HR_ANALYST}),
}


class Scope(enum.StrEnum):
    """What an API key may reach, on top of what its role allows: a key gets the least it needs.

    The endpoint's declared ``Permission`` decides the scope it needs (``KEY_SCOPES`` below),
    so no API view names a scope of its own. Dotted like permissions (``"analytics.read"``).
    """

    ANALYTICS_READ = "analytics.read"
    ROSTER_READ = "roster.read"
    ROSTER_WRITE = "roster.write"
    PROGRAMS_READ = "programs.read"
    TALENT_READ = "talent.read"

    @property
    def label(self) -> str:
        return SCOPE_LABELS[self]


SCOPE_LABELS: dict[Scope, str] = {
    Scope.ANALYTICS_READ: "Read retention analytics (aggregate figures only)",
    Scope.ROSTER_READ: "Read the HR roster and its load history",
    Scope.ROSTER_WRITE: "Load roster files",
    Scope.PROGRAMS_READ: "Read programs, applications, cohorts, pairs and meeting dates (no one's words)",
    Scope.TALENT_READ: "Read the talent pool: flagged mentees, readiness and the flaggers' notes",
}

# The scope an API key needs to use an endpoint declaring each permission. Endpoints opened
# per person (goal plans, trust profiles, meetings) show a key, which is no person, only what
# the role oversees: program metadata, hence programs.read.
KEY_SCOPES: dict[Permission, Scope] = {
    Permission.ROSTER_VIEW: Scope.ROSTER_READ,
    Permission.ROSTER_LOAD: Scope.ROSTER_WRITE,
    Permission.ANALYTICS_VIEW: Scope.ANALYTICS_READ,
    Permission.ANALYTICS_PROGRAMS: Scope.ANALYTICS_READ,
    Permission.PROGRAMS_READ: Scope.PROGRAMS_READ,
    Permission.PROGRAMS_APPLY: Scope.PROGRAMS_READ,
    Permission.PROFILES_FILL: Scope.PROGRAMS_READ,
    Permission.MATCHING_PARTICIPATE: Scope.PROGRAMS_READ,
    Permission.GOALS_KEEP: Scope.PROGRAMS_READ,
    Permission.MENTORING_PARTICIPATE: Scope.PROGRAMS_READ,
    Permission.MENTORING_OVERSEE: Scope.PROGRAMS_READ,
    Permission.TEAMS_PARTICIPATE: Scope.PROGRAMS_READ,
    Permission.TALENT_VIEW: Scope.TALENT_READ,
}
# Every key may read its own organization (name, slug, time zone).
OPEN_TO_EVERY_KEY = frozenset({Permission.ORGANIZATION_VIEW})
# What no key may ever do, whatever its role and scopes: running the organization is for people,
# and per-pair health is for the people running the program, never an HR system's copy.
NEVER_BY_KEY = frozenset(
    {
        Permission.MENTORING_HEALTH,
        Permission.ORGANIZATION_MANAGE,
        Permission.MEMBERS_MANAGE,
        Permission.APIKEYS_MANAGE,
        # The audit log is read by the organization's admins in the product (keys are HR analysts).
        Permission.AUDIT_VIEW,
        Permission.PROGRAMS_MANAGE,
        Permission.ANALYTICS_REFRESH,
        # Challenges are submitted by a person who sponsors them, never by an HR system.
        Permission.CHALLENGES_SUBMIT,
        # A flag is a person's judgement of a colleague; an HR system reads the pool (talent.view).
        Permission.TALENT_FLAG,
    }
)


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


def key_scope_allows(scopes: "set[str] | frozenset[str] | list[str]", permission: str) -> bool:
    """Whether an API key holding ``scopes`` may use an endpoint declaring ``permission``
    (its role is checked separately)."""
    permission = declared_permission(permission)
    if permission in OPEN_TO_EVERY_KEY:
        return True
    scope = KEY_SCOPES.get(permission)
    return scope is not None and scope in scopes


def scopes_for_role(role: str) -> list[Scope]:
    """The scopes that mean something for a key with ``role``, in declaration order."""
    return [
        scope
        for scope in Scope
        if any(needed == scope and role_has_permission(role, p) for p, needed in KEY_SCOPES.items())
    ]


missing = set(Permission) - set(PERMISSIONS)
if missing:  # pragma: no cover - a programming error caught at import
    raise ImproperlyConfigured(f"Permissions with no roles: {sorted(missing)}")
undecided = set(Permission) - set(KEY_SCOPES) - OPEN_TO_EVERY_KEY - NEVER_BY_KEY
if undecided:  # pragma: no cover - a programming error caught at import
    raise ImproperlyConfigured(f"Say which API key scope each permission needs: {sorted(undecided)}")
del missing, undecided
