"""Comparison groups: the non-participants each cohort's mentees (or mentors) are compared with.

Participants chose to apply, so they differ from everyone else in ways no roster shows; a
comparison group at least removes the differences the roster does show. For each participant
in the headcount on the cohort's start day A, up to ``k`` people are drawn who on A:

- were in the headcount and had not taken part in any cohort (nor did within the following
  twelve months, so the comparison stays untreated during the follow-up);
- were in the same department and at the same level (exact match);
- had a tenure within ``TENURE_BAND_MONTHS`` (±12 whole months) of the participant's;
- would have been eligible for the program in that role on A, by the program's own rules
  (``programs.eligibility.evaluate_eligibility``) applied to their roster record as it stood
  on A: department and level from the history, a termination only if already dated by A. The
  roster keeps no history of ratings and locations, so their current values stand in.

The draw is 1:k without replacement and reproducible: participants are taken in an order
shuffled by ``seed``, and each takes the first eligible candidates of its own seeded shuffle.
The same seed on the same roster draws the same people. ``balance`` then reports, per matching
variable, the standardized mean difference between participants and comparison.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from analytics.facts.roster import RosterArrays, day_number, day_of
from organizations.models import Organization
from programs.eligibility import EligibilityContext, evaluate_eligibility

TENURE_BAND_MONTHS = 12
DEFAULT_K = 2


@dataclass(frozen=True)
class RecordOnDay:
    """A roster record as it stood on one day: what the eligibility rules read of an ``Employee``.

    A plain object rather than an unsaved model instance, because a draw checks thousands.
    """

    pk: int
    hire_date: datetime.date
    department: str
    level: int
    performance_rating: int | None
    location: str
    termination_date: datetime.date | None


@dataclass(frozen=True)
class Attributes:
    """Matching variables of every roster position on one day."""

    department: np.ndarray
    level: np.ndarray
    tenure: np.ndarray  # whole months since hire


def tenure_months(hire: np.ndarray, day: datetime.date) -> np.ndarray:
    """``definitions.tenure_months`` for many hire day numbers at once (0 when hired after ``day``).

    Whole calendar months: months between the two month starts, minus one when the hire's day of
    the month (clamped to the end of ``day``'s month) has not been reached yet.
    """
    hired = hire.astype("datetime64[D]")
    hire_month = hired.astype("datetime64[M]")
    hire_day = (hired - hire_month).astype(np.int64) + 1
    months = day.year * 12 + day.month - 1 - hire_month.astype(np.int64) - 1970 * 12
    last_day = (np.datetime64(datetime.date(day.year, day.month, 1), "M") + 1).astype("datetime64[D]")
    days_in_month = (last_day - np.datetime64(datetime.date(day.year, day.month, 1), "D")).astype(np.int64)
    months = months - (np.minimum(hire_day, days_in_month) > day.day)
    return np.maximum(months, 0)


def attributes_on_days(
    roster: RosterArrays, days: Iterable[datetime.date]
) -> dict[datetime.date, Attributes]:
    """``attributes_on`` for several days in one pass over the history (a first refresh draws
    groups for every cohort's start day)."""
    ordered = sorted(set(days))
    if not ordered:
        return {}
    department, level = roster.attributes_on_days(
        np.array([day_number(day) for day in ordered], dtype=np.int64)
    )
    return {
        day: Attributes(department=department[i], level=level[i], tenure=tenure_months(roster.hire, day))
        for i, day in enumerate(ordered)
    }


def eligibility_on(
    *,
    roster: RosterArrays,
    attributes: Attributes,
    organization: Organization,
    rules: list,
    day: datetime.date,
    in_active_cohort: Iterable[int] = (),
) -> Callable[[int], bool]:
    """Whether roster position ``p`` would have been eligible on ``day`` under ``rules``.

    Evaluates the program's own rules on the person's record as it stood that day (see the
    module docstring), one person at a time and only for the candidates a draw considers.
    """
    context = EligibilityContext(
        organization=organization, active_cohort_employee_ids=frozenset(int(i) for i in in_active_cohort)
    )
    today = day_number(day)

    def eligible(position: int) -> bool:
        term = int(roster.term[position])
        record = RecordOnDay(
            pk=int(roster.employee_ids[position]),
            hire_date=day_of(roster.hire[position]),
            department=roster.departments[attributes.department[position]],
            level=int(attributes.level[position]),
            performance_rating=roster.ratings[position],
            location=roster.locations[position],
            termination_date=day_of(term) if term <= today else None,
        )
        return not evaluate_eligibility(rules=rules, employee=record, as_of=day, context=context)

    return eligible


def comparison_draw(
    *,
    participants: np.ndarray,
    candidates: np.ndarray,
    attributes: Attributes,
    eligible: Callable[[int], bool],
    k: int,
    seed: int,
    band: int = TENURE_BAND_MONTHS,
) -> list[tuple[int, int]]:
    """Draw up to ``k`` controls per participant; returns (participant, control) roster positions.

    ``candidates`` must already be the pool (in the headcount, never a participant). Exact
    match on department and level, tenure within ``band`` months, eligible, without
    replacement; deterministic for ``seed``.
    """
    rng = np.random.default_rng(seed)
    participants = np.sort(np.asarray(participants, dtype=np.int64))
    candidates = np.sort(np.asarray(candidates, dtype=np.int64))
    # Candidates grouped by (department, level): one sort, then a slice per cell.
    span = int(attributes.level.max()) + 1 if len(attributes.level) else 1
    cell_key = attributes.department * span + attributes.level
    by_cell = candidates[np.argsort(cell_key[candidates], kind="stable")]
    keys = cell_key[by_cell]
    cells: dict[int, np.ndarray] = {}
    if len(by_cell):
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        for lo, hi in zip(starts, np.r_[starts[1:], len(by_cell)], strict=True):
            cells[int(keys[lo])] = by_cell[lo:hi]
    used: set[int] = set()
    verdicts: dict[int, bool] = {}
    pairs: list[tuple[int, int]] = []
    for participant in participants[rng.permutation(len(participants))]:
        cell = cells.get(int(cell_key[participant]))
        if cell is None:
            continue
        near = cell[np.abs(attributes.tenure[cell] - attributes.tenure[participant]) <= band]
        taken = 0
        for candidate in rng.permutation(near):
            candidate = int(candidate)
            if candidate in used:
                continue
            if candidate not in verdicts:
                verdicts[candidate] = eligible(candidate)
            if not verdicts[candidate]:
                continue
            used.add(candidate)
            pairs.append((int(participant), candidate))
            taken += 1
            if taken == k:
                break
    return pairs


def standardized_mean_difference(
    treated: np.ndarray, control: np.ndarray, *, proportion: bool
) -> float | None:
    """(mean treated − mean control) ÷ sqrt((var treated + var control) ÷ 2).

    For an indicator (``proportion``) the variances are p(1 − p); for a number, the sample
    variances. 0 when both groups are constant and equal; None when a group is empty.
    """
    if len(treated) == 0 or len(control) == 0:
        return None
    m1, m2 = float(np.mean(treated)), float(np.mean(control))
    if proportion:
        v1, v2 = m1 * (1 - m1), m2 * (1 - m2)
    else:
        v1 = float(np.var(treated, ddof=1)) if len(treated) > 1 else 0.0
        v2 = float(np.var(control, ddof=1)) if len(control) > 1 else 0.0
    spread = np.sqrt((v1 + v2) / 2)
    if spread == 0:
        return 0.0 if m1 == m2 else None
    return (m1 - m2) / float(spread)


def balance(
    *, participants: np.ndarray, controls: np.ndarray, attributes: Attributes, departments: list[str]
) -> list[dict]:
    """Per matching variable: participants' mean, comparison's mean and their SMD.

    Departments and levels as indicator proportions (one row per value present), tenure in
    months as a number. |SMD| below 0.1 is the usual mark of good balance.
    """
    rows = []
    for name, values in (("department", attributes.department), ("level", attributes.level)):
        for value in sorted(set(values[participants].tolist()) | set(values[controls].tolist())):
            treated = (values[participants] == value).astype(float)
            control = (values[controls] == value).astype(float)
            label = departments[value] if name == "department" else value
            rows.append(_balance_row(f"{name}:{label}", treated, control, proportion=True))
    rows.append(
        _balance_row(
            "tenure_months",
            attributes.tenure[participants].astype(float),
            attributes.tenure[controls].astype(float),
            proportion=False,
        )
    )
    return rows


def _balance_row(variable: str, treated: np.ndarray, control: np.ndarray, *, proportion: bool) -> dict:
    smd = standardized_mean_difference(treated, control, proportion=proportion)
    return {
        "variable": variable,
        "participants": round(float(np.mean(treated)), 4) if len(treated) else None,
        "comparison": round(float(np.mean(control)), 4) if len(control) else None,
        "smd": None if smd is None else round(smd, 4),
    }
