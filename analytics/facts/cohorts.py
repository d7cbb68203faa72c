"""Per-cohort facts from ``RosterArrays``: twelve-month outcomes and survival tables.

For each cohort group (a cohort's mentees, mentors, their comparison groups, and for outcomes
everyone who had not taken part in any cohort by the start day), the people in the headcount on
the cohort's start day A are followed: to B = A + 12 months for retention and talent outcomes
(``definitions.retention_window_end``), and to the refresh's ``as_of`` for the survival table
that Kaplan–Meier curves are drawn from. Department and level are those on A.
"""

import datetime
from dataclasses import dataclass

import numpy as np

from analytics.definitions import retention_window_end
from analytics.facts.roster import (
    LEFT_INVOLUNTARILY,
    LEFT_VOLUNTARILY,
    STAYING,
    RosterArrays,
    day_number,
)

OUTCOME_COLUMNS = (
    "cohort_id",
    "program_id",
    "group",
    "department",
    "level",
    "headcount_start",
    "retained",
    "voluntary_leavers",
    "involuntary_leavers",
    "promoted",
    "moved",
    "talent_flagged",
    "window_end",
    "window_complete",
)
SURVIVAL_COLUMNS = (
    "cohort_id",
    "program_id",
    "group",
    "department",
    "level",
    "day",
    "voluntary",
    "involuntary",
    "other",
    "censored",
)


@dataclass(frozen=True)
class CohortGroupPeople:
    """The people (roster positions) of one cohort group, and the cohort's start date."""

    cohort_id: int
    program_id: int
    group: str
    start: datetime.date
    emp: np.ndarray


def _cells(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group rows by the values of ``columns`` (non-negative integers): the distinct
    combinations (one row each) and each row's index among them."""
    if len(columns[0]) == 0:
        return np.zeros((0, len(columns)), dtype=np.int64), np.zeros(0, dtype=np.int64)
    spans = [int(c.max()) + 1 for c in columns]
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column, span in zip(columns, spans, strict=True):
        key = key * span + column
    unique, inverse = np.unique(key, return_inverse=True)
    decoded = []
    for span in reversed(spans):
        decoded.append(unique % span)
        unique = unique // span
    return np.stack(decoded[::-1], axis=1), inverse.reshape(-1)


def outcome_rows(
    roster: RosterArrays,
    groups: list[CohortGroupPeople],
    as_of: datetime.date,
    flagged: dict[int, np.ndarray] | None = None,
) -> list[tuple]:
    """One row per (cohort group, department, level) in ``OUTCOME_COLUMNS`` order.

    ``flagged``: cohort id → roster positions of the people carrying a talent flag from that
    cohort (as the refresh finds them); only that cohort's own people can be among them.
    """
    flagged = flagged or {}
    nobody = np.zeros(0, dtype=np.int64)
    promoted_rows, moved_rows = roster.changes()
    rows: list[tuple] = []
    today = day_number(as_of)
    for people in groups:
        start = day_number(people.start)
        window_end = retention_window_end(people.start)
        complete = window_end <= as_of
        end = day_number(window_end) if complete else today
        emp = people.emp[roster.in_headcount(people.emp, start)]
        if len(emp) == 0:
            continue
        department, level = roster.attributes_at(emp, start)
        term, kind = roster.term[emp], roster.term_kind[emp]
        left = term <= end  # in on A (term > A), so this is "left in (A, end]"
        measures = {
            "retained": ~left,
            "voluntary": left & (kind == LEFT_VOLUNTARILY),
            "involuntary": left & (kind == LEFT_INVOLUNTARILY),
            "promoted": _changed_within(roster, promoted_rows, start, end)[emp],
            "moved": _changed_within(roster, moved_rows, start, end)[emp],
            "talent_flagged": np.isin(emp, flagged.get(people.cohort_id, nobody)),
        }
        cells, cell_of = _cells(department, level)
        n = len(cells)
        counts = {
            name: np.bincount(cell_of, weights=flag, minlength=n).astype(np.int64)
            for name, flag in measures.items()
        }
        headcount = np.bincount(cell_of, minlength=n)
        for i, (department_code, level_value) in enumerate(cells):
            rows.append(
                (
                    people.cohort_id,
                    people.program_id,
                    people.group,
                    roster.departments[department_code],
                    int(level_value),
                    int(headcount[i]),
                    int(counts["retained"][i]),
                    int(counts["voluntary"][i]),
                    int(counts["involuntary"][i]),
                    int(counts["promoted"][i]),
                    int(counts["moved"][i]),
                    int(counts["talent_flagged"][i]),
                    window_end,
                    complete,
                )
            )
    return rows


def _changed_within(roster: RosterArrays, change_rows: np.ndarray, start: int, end: int) -> np.ndarray:
    """Per roster position: did a change (history rows ``change_rows``) fall in (start, end]?"""
    days = roster.hist_day[change_rows]
    flags = np.zeros(roster.size, dtype=bool)
    flags[roster.hist_emp[change_rows[(days > start) & (days <= end)]]] = True
    return flags


def survival_rows(roster: RosterArrays, groups: list[CohortGroupPeople], as_of: datetime.date) -> list[tuple]:
    """One row per (cohort group, department, level, day) in ``SURVIVAL_COLUMNS`` order.

    A person's follow-up ends on the day they leave (day = termination − start) or, still
    employed, at ``as_of`` (censored). A termination dated after ``as_of`` has not happened yet.
    """
    rows: list[tuple] = []
    today = day_number(as_of)
    for people in groups:
        start = day_number(people.start)
        if start > today:
            continue
        emp = people.emp[roster.in_headcount(people.emp, start)]
        if len(emp) == 0:
            continue
        department, level = roster.attributes_at(emp, start)
        term = roster.term[emp]
        left = term <= today
        kind = np.where(left, roster.term_kind[emp], STAYING)
        day = np.where(left, term, today) - start
        cells, cell_of = _cells(department, level, day)
        n = len(cells)
        counts = {
            k: np.bincount(cell_of, weights=(kind == code), minlength=n).astype(np.int64)
            for k, code in (
                ("voluntary", LEFT_VOLUNTARILY),
                ("involuntary", LEFT_INVOLUNTARILY),
                ("censored", STAYING),
            )
        }
        total = np.bincount(cell_of, minlength=n)
        other = total - counts["voluntary"] - counts["involuntary"] - counts["censored"]
        for i, (department_code, level_value, days) in enumerate(cells):
            rows.append(
                (
                    people.cohort_id,
                    people.program_id,
                    people.group,
                    roster.departments[department_code],
                    int(level_value),
                    int(days),
                    int(counts["voluntary"][i]),
                    int(counts["involuntary"][i]),
                    int(other[i]),
                    int(counts["censored"][i]),
                )
            )
    return rows
