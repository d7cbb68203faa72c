"""Whether a program takes applications now: one answer for members, managers and the services.

A program in the status "applications open" takes applications only inside its window. Before
the window opens it is *scheduled*; after the window closed (and before the manager moves on to
selecting) it has *ended*. Every page and service asks ``application_window`` instead of
comparing the dates itself, so a member who reads "Applications open 3 Dec" and a manager who
reads "Scheduled · opens 3 Dec" are looking at the same state. Dates are days on the
organization's clock (``organizations/clock.py``).
"""

import datetime
import enum
from dataclasses import dataclass

from django.utils import timezone

from organizations.clock import local_date, organization_today
from programs.models import Program, ProgramStatus


class WindowState(enum.StrEnum):
    NOT_TAKING = "not_taking"  # draft, selecting, active, completed, or open without a window
    SCHEDULED = "scheduled"
    OPEN = "open"
    ENDED = "ended"


@dataclass(frozen=True)
class ApplicationWindow:
    program: Program
    state: WindowState
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    today: datetime.date

    @property
    def is_open(self) -> bool:
        return self.state == WindowState.OPEN

    @property
    def is_scheduled(self) -> bool:
        return self.state == WindowState.SCHEDULED

    def _day(self, day: datetime.date) -> str:
        return f"{day.day} {day:%b}" if day.year == self.today.year else f"{day.day} {day:%b %Y}"

    @property
    def member_label(self) -> str:
        """What a member reads: "Applications open 3 Dec", "Apply by 24 Dec"…"""
        if self.state == WindowState.SCHEDULED:
            return f"Applications open {self._day(self.opens_on)}"
        if self.state == WindowState.OPEN:
            return f"Apply by {self._day(self.closes_on)}"
        if self.state == WindowState.ENDED:
            return f"Applications closed {self._day(self.closes_on)}"
        return "Not taking applications"

    @property
    def manager_label(self) -> str:
        """The program's status as a manager reads it: "Scheduled · opens 3 Dec" while the window
        has not opened, otherwise the lifecycle status."""
        if self.state == WindowState.SCHEDULED:
            return f"Scheduled · opens {self._day(self.opens_on)}"
        if self.state == WindowState.OPEN:
            return f"Applications open until {self._day(self.closes_on)}"
        if self.state == WindowState.ENDED:
            return f"Applications ended {self._day(self.closes_on)}"
        return self.program.get_status_display()


def application_window(program: Program, now: datetime.datetime | None = None) -> ApplicationWindow:
    """The state of ``program``'s application window at ``now`` (default: this moment)."""
    now = now or timezone.now()
    organization = program.organization
    opens, closes = program.applications_open_at, program.applications_close_at
    if program.status != ProgramStatus.APPLICATIONS_OPEN or opens is None or closes is None:
        state = WindowState.NOT_TAKING
    elif now < opens:
        state = WindowState.SCHEDULED
    elif now < closes:
        state = WindowState.OPEN
    else:
        state = WindowState.ENDED
    return ApplicationWindow(
        program=program,
        state=state,
        opens_on=local_date(opens, organization) if opens else None,
        closes_on=local_date(closes, organization) if closes else None,
        today=organization_today(organization, now),
    )
