"""What the simulation produces: people, roster rows, snapshots and their CSV files."""

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from demo.workforce.companies import DemoCompany

# The demo rates people on a five-point scale, like the organization's default.
RATING_SCALE_POINTS = 5


class RosterRow(NamedTuple):
    """One person as a snapshot records them; the rating is a position on the scale, 1 = lowest."""

    external_id: str
    name: str
    email: str
    department: str
    level: int
    location: str
    manager_id: str
    hire_date: datetime.date
    performance_rating: int | None
    termination_date: datetime.date | None
    termination_type: str


# The roster import's columns, in its order (a test holds the two together).
CSV_COLUMNS = RosterRow._fields


@dataclass
class Person:
    """One employee as the simulation goes; ``rating`` is a position on the scale, 1 = lowest."""

    external_id: str
    name: str
    email: str
    department: str
    level: int
    location: str
    hire_date: datetime.date
    rating: int | None
    manager_id: str = ""
    level_since: datetime.date | None = None
    termination_date: datetime.date | None = None
    termination_type: str = ""

    @property
    def active(self) -> bool:
        return self.termination_date is None


@dataclass(frozen=True)
class Snapshot:
    """The roster as exported on ``effective_date``: everyone hired by then, leavers included."""

    effective_date: datetime.date
    rows: tuple[RosterRow, ...]

    def csv_bytes(
        self, *, rating_scale: Sequence[str], email_overrides: dict[str, str] | None = None
    ) -> bytes:
        """The file as an HR system exports it: ratings as the scale's labels, dates in ISO form.

        ``email_overrides`` (external id -> email) gives the people behind the demo accounts
        the addresses they sign in with, so the roster import links them to their rows.
        """
        if len(rating_scale) != RATING_SCALE_POINTS:
            raise ValueError(f"The demo uses a five-point rating scale; got {len(rating_scale)} labels")
        overrides = email_overrides or {}
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for row in self.rows:
            writer.writerow(
                (
                    row.external_id,
                    row.name,
                    overrides.get(row.external_id, row.email),
                    row.department,
                    row.level,
                    row.location,
                    row.manager_id,
                    row.hire_date.isoformat(),
                    rating_scale[row.performance_rating - 1] if row.performance_rating else "",
                    row.termination_date.isoformat() if row.termination_date else "",
                    row.termination_type,
                )
            )
        return out.getvalue().encode("utf-8")


@dataclass
class RosterHistory:
    """The simulation's output: the snapshots in date order and everyone as of the end."""

    company: DemoCompany
    snapshots: list[Snapshot]
    people: list[Person] = field(default_factory=list)

    @property
    def end_date(self) -> datetime.date:
        return self.snapshots[-1].effective_date


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month
