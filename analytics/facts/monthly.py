"""Monthly facts for a whole roster at once: headcounts, hires, separations, promotions and moves
per month × group × department × level, computed with numpy from ``RosterArrays``.

A *membership* says that a person belongs to a group for a range of months: everyone is a
non-participant up to the month their first cohort starts and a participant of any cohort from
then on; each cohort group (mentees, mentors, their comparison groups) follows its people from
the cohort's start month. Each count of ``analytics.definitions`` then becomes one vectorized
pass over (membership × month), aggregated with ``np.bincount`` — no Python loop over people
or months.
"""

import datetime
from dataclasses import dataclass

import numpy as np

from analytics.definitions import month_end, months_between
from analytics.facts.roster import LEFT_INVOLUNTARILY, LEFT_VOLUNTARILY, NEVER, RosterArrays, day_number

MEASURES = (
    "headcount_start",
    "headcount_end",
    "hires",
    "separations",
    "separations_voluntary",
    "separations_involuntary",
    "promotions",
    "moves",
)
_DENSE_LIMIT = 20_000_000  # cells beyond which counting switches from bincount to np.unique


@dataclass(frozen=True)
class MonthGrid:
    """The months the facts cover: ``months[i]`` is the first day of month i."""

    months: tuple[datetime.date, ...]
    starts: np.ndarray  # day numbers of the first days
    ends: np.ndarray  # day numbers of the last days

    @property
    def size(self) -> int:
        return len(self.months)

    @property
    def boundaries(self) -> np.ndarray:
        """Day numbers where headcounts are taken: the day before the first month, then the last
        day of each month. Month i opens at boundary i and closes at boundary i + 1."""
        return np.r_[self.starts[:1] - 1, self.ends]

    def month_of(self, days: np.ndarray) -> np.ndarray:
        """The month index of each day number, or -1 outside the grid (and for ``NEVER``)."""
        index = np.searchsorted(self.starts, days, side="right") - 1
        inside = (index >= 0) & (days <= (self.ends[-1] if self.size else -1)) & (days != NEVER)
        return np.where(inside, index, -1)

    def first_month_ending_on_or_after(self, days: np.ndarray) -> np.ndarray:
        """For each day, the first month whose last day is on or after it (``size`` if none)."""
        return np.searchsorted(self.ends, days, side="left")


def month_grid(first: datetime.date, last: datetime.date) -> MonthGrid:
    months = tuple(months_between(first, last)) if first <= last else ()
    return MonthGrid(
        months=months,
        starts=np.array([day_number(m) for m in months], dtype=np.int64),
        ends=np.array([day_number(month_end(m)) for m in months], dtype=np.int64),
    )


@dataclass
class Memberships:
    """Person ``emp[i]`` is in group ``group[i]`` for months ``first[i]`` ≤ m < ``stop[i]``."""

    emp: np.ndarray
    group: np.ndarray
    first: np.ndarray
    stop: np.ndarray

    @classmethod
    def concatenate(cls, parts: list["Memberships"]) -> "Memberships":
        parts = [p for p in parts if len(p.emp)] or [cls.empty()]
        return cls(
            *(np.concatenate([getattr(p, f) for p in parts]) for f in ("emp", "group", "first", "stop"))
        )

    @classmethod
    def empty(cls) -> "Memberships":
        zero = np.zeros(0, dtype=np.int64)
        return cls(zero, zero, zero, zero)

    @classmethod
    def of(cls, emp: np.ndarray, group: int, first, stop) -> "Memberships":
        n = len(emp)
        return cls(
            np.asarray(emp, dtype=np.int64),
            np.full(n, group, dtype=np.int64),
            np.broadcast_to(np.asarray(first, dtype=np.int64), (n,)).copy(),
            np.broadcast_to(np.asarray(stop, dtype=np.int64), (n,)).copy(),
        )


@dataclass
class Cells:
    """Aggregated counts: one entry per non-empty (group, month, department, level) cell."""

    group: np.ndarray
    month: np.ndarray
    department: np.ndarray  # department code
    level: np.ndarray  # level value
    counts: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.group)


def organization_memberships(
    first_participation: np.ndarray, grid: MonthGrid, *, non_participant: int, participant: int
) -> Memberships:
    """Everyone is a non-participant until the month their first cohort starts, then a participant
    (``definitions.participant_in_month``). ``first_participation`` holds day numbers (or NEVER)."""
    turn = grid.first_month_ending_on_or_after(first_participation)
    everyone = np.arange(len(first_participation), dtype=np.int64)
    before = turn > 0
    after = turn < grid.size
    return Memberships.concatenate(
        [
            Memberships.of(everyone[before], non_participant, 0, turn[before]),
            Memberships.of(everyone[after], participant, turn[after], grid.size),
        ]
    )


def monthly_cells(roster: RosterArrays, grid: MonthGrid, memberships: Memberships, n_groups: int) -> Cells:
    """Count every measure of ``MEASURES`` per (group, month, department, level)."""
    if grid.size == 0 or len(memberships.emp) == 0:
        return _empty_cells()
    levels = np.unique(np.r_[roster.level, roster.hist_level])
    level_index = np.zeros(int(levels.max()) + 1, dtype=np.int64)
    level_index[levels] = np.arange(len(levels))
    n_departments = max(len(roster.departments), 1)
    n_cells = n_departments * len(levels)
    n_months = grid.size

    def cell(department, level):
        return department * len(levels) + level_index[level]

    def key(group, month, cell_code):
        return (group * n_months + month) * n_cells + cell_code

    keys: dict[str, list[np.ndarray]] = {measure: [] for measure in MEASURES}
    emp, group = memberships.emp, memberships.group

    # Headcounts: month by month, the memberships counted on the month's opening and closing
    # boundary days, keyed by their cell that day. Vectors of memberships stay small enough to
    # sit in cache; (membership × month) matrices did not.
    boundaries = grid.boundaries
    on_day = _cells_on_days(roster, boundaries, cell)  # boundary × employee
    hire, term = roster.hire[emp], roster.term[emp]
    group_key = group * n_months
    for month in range(n_months):
        member = (memberships.first <= month) & (memberships.stop > month)
        for measure, boundary in (("headcount_start", month), ("headcount_end", month + 1)):
            day = boundaries[boundary]
            counted = np.flatnonzero(member & (hire <= day) & (term > day))
            keys[measure].append((group_key[counted] + month) * n_cells + on_day[boundary][emp[counted]])

    # Dated events: each belongs to the memberships of its person that cover its month.
    def events(measure: str, person: np.ndarray, day: np.ndarray, department=None, level=None) -> None:
        month = grid.month_of(day)
        inside = month >= 0
        person, day, month = person[inside], day[inside], month[inside]
        if department is None:
            department, level = roster.attributes_at(person, day)
        else:
            department, level = department[inside], level[inside]
        member, event = _memberships_of(memberships, person)
        covered = (month[event] >= memberships.first[member]) & (month[event] < memberships.stop[member])
        member, event = member[covered], event[covered]
        keys[measure].append(key(group[member], month[event], cell(department[event], level[event])))

    everyone = np.arange(roster.size, dtype=np.int64)
    events("hires", everyone, roster.hire)
    left = roster.term != NEVER
    events("separations", everyone[left], roster.term[left])
    for measure, kind in (
        ("separations_voluntary", LEFT_VOLUNTARILY),
        ("separations_involuntary", LEFT_INVOLUNTARILY),
    ):
        chosen = roster.term_kind == kind
        events(measure, everyone[chosen], roster.term[chosen])
    promoted, moved = roster.changes()
    for measure, rows in (("promotions", promoted), ("moves", moved)):
        events(
            measure,
            roster.hist_emp[rows],
            roster.hist_day[rows],
            roster.hist_department[rows],
            roster.hist_level[rows],
        )

    cell_keys, counts = _count(keys, n_groups * n_months * n_cells)
    rest = cell_keys // len(levels)
    return Cells(
        group=rest // n_departments // n_months,
        month=rest // n_departments % n_months,
        department=rest % n_departments,
        level=levels[cell_keys % len(levels)],
        counts=counts,
    )


@dataclass
class Rollup:
    """Counts of cells summed over everything but (pooled group, month, one dimension)."""

    group: np.ndarray
    month: np.ndarray
    value: np.ndarray  # the dimension's value: a department code, or a level
    counts: dict[str, np.ndarray]


def rollup_cells(cells: Cells, pooled_group: np.ndarray, n_months: int, dimension: np.ndarray) -> Rollup:
    """Sum ``cells`` per (``pooled_group[cells.group]``, month, ``dimension``): every cohort's
    group of one kind together (``pooled_group`` maps each group to its kind), and the other
    dimension summed out. ``dimension`` holds one non-negative value per cell."""
    if len(cells) == 0:
        zero = np.zeros(0, dtype=np.int64)
        return Rollup(zero, zero, zero, {m: zero for m in MEASURES})
    values, value_index = np.unique(dimension, return_inverse=True)
    key = (pooled_group[cells.group] * n_months + cells.month) * len(values) + value_index
    keys, inverse = np.unique(key, return_inverse=True)
    counts = {
        m: np.bincount(inverse, weights=cells.counts[m], minlength=len(keys)).astype(np.int64)
        for m in MEASURES
    }
    rest = keys // len(values)
    return Rollup(
        group=rest // n_months, month=rest % n_months, value=values[keys % len(values)], counts=counts
    )


def _cells_on_days(roster: RosterArrays, days: np.ndarray, cell) -> np.ndarray:
    """The cell code (department × level) of every employee on each of ``days``: a (days ×
    employees) matrix, gathered from one code per history row rather than from department and
    level matrices (a fifth of the memory to fill)."""
    rows = roster.rows_in_effect(days)
    fallback = cell(roster.department, roster.level).astype(np.int32)  # employees with no history
    if len(roster.hist_emp) == 0:
        return np.broadcast_to(fallback, rows.shape).copy()
    codes = cell(roster.hist_department, roster.hist_level).astype(np.int32)
    return np.where(rows >= 0, codes[np.maximum(rows, 0)], fallback[None, :])


def _memberships_of(memberships: Memberships, person: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (membership index, index into ``person``) for every membership of each person."""
    order = np.argsort(memberships.emp, kind="stable")
    sorted_emp = memberships.emp[order]
    lo = np.searchsorted(sorted_emp, person, side="left")
    hi = np.searchsorted(sorted_emp, person, side="right")
    per_person = hi - lo
    event = np.repeat(np.arange(len(person)), per_person)
    within = np.arange(len(event)) - np.repeat(np.cumsum(per_person) - per_person, per_person)
    return order[np.repeat(lo, per_person) + within], event


def _count(keys: dict[str, list[np.ndarray]], space: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Sum each measure per cell key; return the non-empty cells and their counts."""
    flat = {m: (np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)) for m, parts in keys.items()}
    if space <= _DENSE_LIMIT:
        dense = {m: np.bincount(k, minlength=space) for m, k in flat.items()}
        present = np.zeros(space, dtype=bool)
        for counts in dense.values():
            present |= counts != 0
        cells = np.flatnonzero(present)
        return cells, {m: d[cells] for m, d in dense.items()}
    cells, inverse = np.unique(np.concatenate(list(flat.values())), return_inverse=True)
    counts, start = {}, 0
    for measure, k in flat.items():
        counts[measure] = np.bincount(inverse[start : start + len(k)], minlength=len(cells))
        start += len(k)
    return cells, counts


def _empty_cells() -> Cells:
    zero = np.zeros(0, dtype=np.int64)
    return Cells(zero, zero, zero, zero, {m: zero for m in MEASURES})
