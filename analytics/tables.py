"""Tables of figures: what every chart shows, as the accessible table under it and as its CSV.

One ``Table`` feeds both, so the CSV holds exactly what the page shows (and nothing the page
hides): a suppressed figure is "fewer than N" in both, an undefined one is empty in the CSV
and a dash on the page. Rates stay fractions in the selectors' results; here they become
percentages, with one decimal on the page and two in the CSV.
"""

import datetime
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analytics.suppression import Suppressed


class Kind(enum.StrEnum):
    TEXT = "text"
    COUNT = "count"  # a number of people, pairs, meetings…
    NUMBER = "number"  # a mean or a ratio shown as is (meetings per pair, usefulness 1–5)
    RATE = "rate"  # a fraction shown as a percentage (0.052 → 5.2 %)
    PERCENT = "percent"  # already in percent (a program's purpose target)
    SMD = "smd"  # a standardized mean difference
    P_VALUE = "p_value"
    MONTH = "month"  # the first day of a month
    DAY = "day"  # days since the cohort's start


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind = Kind.TEXT

    @property
    def numeric(self) -> bool:
        return self.kind not in (Kind.TEXT, Kind.MONTH)


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool
    suppressed: bool = False
    undefined: bool = False


NOT_DEFINED = "—"


def display(value: object, kind: Kind) -> str:
    """A figure as the page shows it."""
    if isinstance(value, Suppressed):
        return str(value)
    if value is None:
        return NOT_DEFINED
    if kind == Kind.MONTH and isinstance(value, datetime.date):
        return f"{value:%b %Y}"
    if kind == Kind.COUNT and isinstance(value, int | float):
        return f"{round(value):,}"
    if kind == Kind.RATE and isinstance(value, int | float):
        return f"{value * 100:.1f} %"
    if kind == Kind.PERCENT and isinstance(value, int | float):
        return f"{value:.1f} %"
    if kind == Kind.NUMBER and isinstance(value, int | float):
        return f"{value:.2f}"
    if kind == Kind.SMD and isinstance(value, int | float):
        return f"{value:+.2f}"
    if kind == Kind.P_VALUE and isinstance(value, int | float):
        return "< 0.001" if value < 0.001 else f"{value:.3f}"
    if kind == Kind.DAY and isinstance(value, int):
        return f"day {value}"
    return str(value)


def csv_value(value: object, kind: Kind) -> object:
    """A figure as the CSV file holds it: numbers stay numbers, suppressed ones say so."""
    if isinstance(value, Suppressed):
        return str(value)
    if value is None:
        return None
    if kind == Kind.MONTH and isinstance(value, datetime.date):
        return f"{value:%Y-%m}"
    if kind == Kind.RATE and isinstance(value, int | float):
        return round(value * 100, 2)
    if kind in (Kind.PERCENT, Kind.NUMBER, Kind.SMD) and isinstance(value, int | float):
        return round(value, 4 if kind == Kind.SMD else 2)
    if kind == Kind.P_VALUE and isinstance(value, int | float):
        return round(value, 4)
    if kind == Kind.COUNT and isinstance(value, float):
        return round(value)
    return value


@dataclass(frozen=True)
class Table:
    """Rows of figures under named, typed columns."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]

    @classmethod
    def of(cls, caption: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> "Table":
        return cls(caption, tuple(columns), tuple(tuple(row) for row in rows))

    @property
    def header(self) -> list[str]:
        """Column labels, with the unit of rates and percentages (for the CSV)."""
        return [f"{c.label} (%)" if c.kind in (Kind.RATE, Kind.PERCENT) else c.label for c in self.columns]

    def display_rows(self) -> list[list[Cell]]:
        return [
            [
                Cell(
                    text=display(value, column.kind),
                    numeric=column.numeric,
                    suppressed=isinstance(value, Suppressed),
                    undefined=value is None,
                )
                for value, column in zip(row, self.columns, strict=True)
            ]
            for row in self.rows
        ]

    def csv_rows(self) -> list[list[object]]:
        return [
            [csv_value(value, column.kind) for value, column in zip(row, self.columns, strict=True)]
            for row in self.rows
        ]
