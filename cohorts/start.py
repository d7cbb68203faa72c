"""What starting a cohort will do, read before it is done.

The confirmation page shows a ``CohortStartPlan``: who is placed (per role, against the
limits), who goes on the waiting list, whether applications close (early, while the advertised
window still runs), the program's dates and who is told. ``cohort_activate`` asks
``early_close_problem`` too, so the rule "no early close without saying so" holds for every
caller, not only the page.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from cohorts.models import Cohort, CohortStatus, Participant
from cohorts.places import mentor_places
from cohorts.profiles.models import TrustProfile
from cohorts.selectors import accepted_not_selected, class_members, waitlist
from organizations.clock import organization_today
from programs.models import ApplicantRole, Application, ProgramStatus
from programs.vocabulary import role_plural
from programs.window import ApplicationWindow, application_window

# Starting more than this many days before the program's start date earns a warning (not a refusal).
EARLY_START_WARNING_DAYS = 30


@dataclass(frozen=True)
class RoleStart:
    role: str
    label: str
    limit: int
    placed: list[Participant]
    to_waitlist: list[Application]
    already_waiting: int

    @property
    def open_places(self) -> int:
        return max(self.limit - len(self.placed), 0)


@dataclass(frozen=True)
class CohortStartPlan:
    cohort: Cohort
    roles: list[RoleStart]
    window: ApplicationWindow
    today: datetime.date
    # Places the placed mentors offer together (``cohorts/places.py``); ``None`` for peers.
    mentor_places: int | None = None

    @property
    def mentees_placed(self) -> int:
        return sum(len(role.placed) for role in self.roles if role.role == ApplicantRole.MENTEE)

    @property
    def mentees_short(self) -> int:
        """Mentees a matching run must leave out, since the mentors have too few places."""
        if self.mentor_places is None:
            return 0
        return max(self.mentees_placed - self.mentor_places, 0)

    @property
    def program(self):
        return self.cohort.program

    @property
    def can_start(self) -> bool:
        return self.cohort.status == CohortStatus.SELECTING and bool(self.roles[0].placed)

    @property
    def closes_applications(self) -> bool:
        """The program still takes (or took) applications, and starting stops that."""
        return self.program.status == ProgramStatus.APPLICATIONS_OPEN

    @property
    def closes_applications_early(self) -> bool:
        return self.window.is_open

    @property
    def days_before_start(self) -> int:
        return (self.program.start_date - self.today).days

    @property
    def starts_early(self) -> bool:
        return self.days_before_start > EARLY_START_WARNING_DAYS

    @property
    def placed_total(self) -> int:
        return sum(len(role.placed) for role in self.roles)

    @property
    def waitlisted_total(self) -> int:
        return sum(len(role.to_waitlist) for role in self.roles)


def cohort_start_plan(cohort: Cohort, now: datetime.datetime | None = None) -> CohortStartPlan:
    """What ``cohort_activate`` would do to ``cohort`` now (a read; nothing changes)."""
    now = now or timezone.now()
    roles = [
        RoleStart(
            role=role,
            label=role_plural(role),
            limit=cohort.limit_for(role),
            placed=list(class_members(cohort=cohort, role=role)),
            to_waitlist=list(accepted_not_selected(cohort=cohort, role=role)),
            already_waiting=waitlist(cohort=cohort, role=role).count(),
        )
        for role in cohort.program.roles
    ]
    return CohortStartPlan(
        cohort=cohort,
        roles=roles,
        window=application_window(cohort.program, now),
        today=organization_today(cohort.program.organization, now),
        mentor_places=_mentor_places(cohort, roles),
    )


def _mentor_places(cohort: Cohort, roles: list[RoleStart]) -> int | None:
    """The places the placed mentors offer: their trust profiles' answers where they gave one
    (one query), the program's default otherwise. ``None`` when the program has no mentors."""
    mentors = [p for role in roles if role.role == ApplicantRole.MENTOR for p in role.placed]
    if ApplicantRole.MENTOR not in cohort.program.roles:
        return None
    said = dict(
        TrustProfile.objects.filter(participant__in=[p.pk for p in mentors]).values_list(
            "participant_id", "mentor_capacity"
        )
    )
    return sum(mentor_places(cohort.program, said.get(p.pk)) for p in mentors)


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def early_close_problem(cohort: Cohort, now: datetime.datetime, *, close_applications_early: bool) -> str:
    """Why the cohort may not start yet ("" when it may): while the advertised application
    window still runs, the manager must say they close it early."""
    window = application_window(cohort.program, now)
    if not window.is_open or close_applications_early:
        return ""
    return (
        f"Applications are open until {_day(window.closes_on)}. Tick “Close applications early” "
        "to start the cohort now, or start it once the window has closed."
    )
