"""The roster as numpy arrays: one read of the employees and one of their history, then every
"who was where on day D" question for many people and days at once.

This is the set-based twin of ``analytics.definitions`` (``in_headcount``, ``attributes_on``,
``promotions``, ``moves``); the refresh tests check the two agree. Days are numbers: days
since 1970-01-01 (``day_number``), and ``NEVER`` stands for "no termination date".
"""

import datetime
from dataclasses import dataclass

import numpy as np

from analytics.definitions import INVOLUNTARY, VOLUNTARY
from organizations.models import Employee, EmployeeHistory

EPOCH = datetime.date(1970, 1, 1)
NEVER = 3_000_000  # a day number after datetime.date.max: "not terminated"
_KEY_OFFSET = 800_000  # moves day numbers of any date above zero for the (employee, day) keys
_KEY_SPAN = 1 << 22  # > NEVER + _KEY_OFFSET

# Termination kinds (``RosterArrays.term_kind``).
STAYING, LEFT_VOLUNTARILY, LEFT_INVOLUNTARILY, LEFT_OTHERWISE = 0, 1, 2, 3


def day_number(day: datetime.date) -> int:
    return (day - EPOCH).days


def day_of(number: int) -> datetime.date:
    return EPOCH + datetime.timedelta(days=int(number))


_EPOCH_ORDINAL = EPOCH.toordinal()


def day_numbers(days: list) -> np.ndarray:
    """Dates (or None → ``NEVER``) as an int64 array of day numbers."""
    # Ordinals rather than np.array(dtype="datetime64[D]"), which parses each date object
    # slowly: a roster of 100,000 people has some 265,000 dates.
    epoch = _EPOCH_ORDINAL
    return np.fromiter(
        (NEVER if day is None else day.toordinal() - epoch for day in days), dtype=np.int64, count=len(days)
    )


@dataclass
class RosterArrays:
    """Employees (sorted by id) and their history, as arrays indexed by employee position."""

    employee_ids: np.ndarray
    hire: np.ndarray
    term: np.ndarray
    term_kind: np.ndarray
    department: np.ndarray  # current department code (used when there is no history)
    level: np.ndarray
    departments: list[str]  # department code → name
    # Eligibility looks at these for the few people a comparison draw considers.
    ratings: list[int | None]
    locations: list[str]
    # History, sorted by (employee position, effective day, id).
    hist_emp: np.ndarray
    hist_day: np.ndarray
    hist_department: np.ndarray
    hist_level: np.ndarray
    first_hist: np.ndarray  # per employee, index of the first history row, or -1

    @property
    def size(self) -> int:
        return len(self.employee_ids)

    def positions(self, employee_ids) -> np.ndarray:
        """Positions of ``employee_ids`` in the arrays (they must be on the roster)."""
        ids = np.asarray(employee_ids, dtype=np.int64)
        return np.searchsorted(self.employee_ids, ids)

    def in_headcount(self, emp: np.ndarray, day) -> np.ndarray:
        """``definitions.in_headcount`` for people ``emp`` on ``day`` (a number or an array)."""
        return (self.hire[emp] <= day) & (self.term[emp] > day)

    def attributes_at(self, emp: np.ndarray, day) -> tuple[np.ndarray, np.ndarray]:
        """``definitions.attributes_on``: (department code, level) of ``emp`` on ``day``.

        The latest history row dated on or before the day; before the first row, the first
        row; with no history, the roster row's current values.
        """
        emp = np.asarray(emp, dtype=np.int64)
        day = np.broadcast_to(np.asarray(day, dtype=np.int64), emp.shape)
        department = self.department[emp].copy()
        level = self.level[emp].copy()
        if len(self.hist_emp) == 0 or len(emp) == 0:
            return department, level
        keys = emp * _KEY_SPAN + (day + _KEY_OFFSET)
        row = np.searchsorted(self._hist_keys, keys, side="right") - 1
        row_clipped = np.clip(row, 0, len(self.hist_emp) - 1)
        found = (row >= 0) & (self.hist_emp[row_clipped] == emp)
        first = self.first_hist[emp]
        use_first = ~found & (first >= 0)
        pick = np.where(found, row_clipped, np.where(use_first, first, 0))
        has = found | use_first
        department[has] = self.hist_department[pick[has]]
        level[has] = self.hist_level[pick[has]]
        return department, level

    def rows_in_effect(self, days: np.ndarray) -> np.ndarray:
        """For each of ``days`` (ascending) and every employee, the history row in effect
        (``attributes_at``): a (days × employees) matrix of row indexes, -1 for an employee with
        no history. Built by placing each history row at the first day it applies to and
        carrying it forward — no search per (employee, day) — in 32 bits, one contiguous row
        per day: millions of cells, written and read once."""
        days = np.asarray(days, dtype=np.int64)
        in_effect = np.full((len(days), self.size), -1, dtype=np.int32)
        first_day = np.searchsorted(days, self.hist_day, side="left")
        rows = np.flatnonzero(first_day < len(days))
        # No row applies within ``days`` (every snapshot is dated after the last one): nothing
        # to place, and the run-end marker below would have nothing to index.
        if len(rows):
            # Rows are sorted by (employee, day): of several rows first applying on the same
            # day, the last one is the latest snapshot, so keep only the last of each run.
            emp, at = self.hist_emp[rows], first_day[rows]
            last = np.r_[(emp[1:] != emp[:-1]) | (at[1:] != at[:-1]), True][: len(rows)]
            in_effect[at[last], emp[last]] = rows[last]
            np.maximum.accumulate(in_effect, axis=0, out=in_effect)
        # Before their first row applies, people take their first row (-1: no history at all).
        np.copyto(in_effect, self.first_hist.astype(np.int32)[None, :], where=in_effect < 0)
        return in_effect

    def attributes_on_days(self, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``attributes_at`` for every employee on each of ``days`` (ascending): department
        codes and levels as two (days × employees) matrices."""
        rows = self.rows_in_effect(days)
        if len(self.hist_emp) == 0:
            return (
                np.broadcast_to(self.department, rows.shape).copy(),
                np.broadcast_to(self.level, rows.shape).copy(),
            )
        has_row = rows >= 0
        pick = np.maximum(rows, 0)
        department = np.where(has_row, self.hist_department[pick], self.department[None, :])
        level = np.where(has_row, self.hist_level[pick], self.level[None, :])
        return department, level

    def __post_init__(self) -> None:
        self._hist_keys = self.hist_emp * _KEY_SPAN + (self.hist_day + _KEY_OFFSET)

    def changes(self) -> tuple[np.ndarray, np.ndarray]:
        """``definitions.promotions`` and ``definitions.moves``: indexes of the history rows
        that raised the level / changed the department since the employee's previous row."""
        same = self.hist_emp[1:] == self.hist_emp[:-1]
        promoted = np.flatnonzero(same & (self.hist_level[1:] > self.hist_level[:-1])) + 1
        moved = np.flatnonzero(same & (self.hist_department[1:] != self.hist_department[:-1])) + 1
        return promoted, moved


def roster_arrays_load() -> RosterArrays:
    """Read the roster of the organization whose scope is open: two queries, no per-person query."""
    rows = list(
        Employee.objects.order_by("id").values_list(
            "id",
            "hire_date",
            "termination_date",
            "termination_type",
            "department",
            "level",
            "performance_rating",
            "location",
        )
    )
    history = list(
        EmployeeHistory.objects.order_by("employee_id", "effective_date", "id").values_list(
            "employee_id", "effective_date", "department", "level"
        )
    )
    codes: dict[str, int] = {}

    def code(name: str) -> int:
        found = codes.get(name)
        if found is None:
            found = codes[name] = len(codes)
        return found

    employee_ids = np.array([r[0] for r in rows], dtype=np.int64)
    kinds = {VOLUNTARY: LEFT_VOLUNTARILY, INVOLUNTARY: LEFT_INVOLUNTARILY}
    term_kind = np.array(
        [STAYING if r[2] is None else kinds.get(r[3], LEFT_OTHERWISE) for r in rows], dtype=np.int8
    )
    hist_emp = np.searchsorted(employee_ids, np.array([h[0] for h in history], dtype=np.int64))
    first_hist = np.full(len(rows), -1, dtype=np.int64)
    if history:
        starts = np.flatnonzero(np.r_[True, hist_emp[1:] != hist_emp[:-1]])
        first_hist[hist_emp[starts]] = starts
    return RosterArrays(
        employee_ids=employee_ids,
        hire=day_numbers([r[1] for r in rows]),
        term=day_numbers([r[2] for r in rows]),
        term_kind=term_kind,
        department=np.array([code(r[4]) for r in rows], dtype=np.int64),
        level=np.array([r[5] for r in rows], dtype=np.int64),
        ratings=[r[6] for r in rows],
        locations=[r[7] for r in rows],
        hist_emp=hist_emp.astype(np.int64),
        hist_day=day_numbers([h[1] for h in history]),
        hist_department=np.array([code(h[2]) for h in history], dtype=np.int64),
        hist_level=np.array([h[3] for h in history], dtype=np.int64),
        first_hist=first_hist,
        departments=list(codes),
    )
