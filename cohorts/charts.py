"""What the proposal page draws: department × level tables and bar charts of shares.

Everything is computed here and drawn by templates as plain HTML tables and inline SVG, so
the page needs no JavaScript or chart library and works offline. Pool and proposal share
the same axes (the pool's departments and levels) so they can be read side by side.
"""

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

HEAT_STEPS = 5
CHART_WIDTH = 560
LABEL_WIDTH = 150
VALUE_ROOM = 48  # space right of the longest bar for its percentage
BAR_HEIGHT = 13
ROW_HEIGHT = 44
TOP = 8


@dataclass(frozen=True)
class Cell:
    count: int
    heat: int  # 0 (none) … HEAT_STEPS (the table's largest cell), for shading


@dataclass(frozen=True)
class Row:
    department: Hashable
    cells: list[Cell]
    total: int


@dataclass(frozen=True)
class Distribution:
    """Counts of people by department (rows) and level (columns)."""

    levels: list[Hashable]
    rows: list[Row]
    level_totals: list[int]
    total: int


def _heat(count: int, largest: int) -> int:
    if count == 0 or largest == 0:
        return 0
    return max(1, round(HEAT_STEPS * count / largest))


def distribution(
    people: Sequence[tuple[Hashable, Hashable]],
    *,
    departments: Sequence[Hashable],
    levels: Sequence[Hashable],
) -> Distribution:
    """Tabulate (department, level) pairs on the given axes."""
    counts = Counter(people)
    largest = max(counts.values(), default=0)
    rows = [
        Row(
            department=department,
            cells=[
                Cell(counts[(department, level)], _heat(counts[(department, level)], largest))
                for level in levels
            ],
            total=sum(counts[(department, level)] for level in levels),
        )
        for department in departments
    ]
    level_totals = [sum(counts[(department, level)] for department in departments) for level in levels]
    return Distribution(levels=list(levels), rows=rows, level_totals=level_totals, total=sum(counts.values()))


@dataclass(frozen=True)
class Bar:
    """One category: two bars (pool above, proposal below) and their labels, in SVG units."""

    label: str
    y: int
    pool_share: int  # whole percent
    pool_width: float
    proposal_share: int
    proposal_width: float
    x: int  # where bars start

    @property
    def label_y(self) -> int:
        return self.y + BAR_HEIGHT + 6

    @property
    def pool_y(self) -> int:
        return self.y + 2

    @property
    def proposal_y(self) -> int:
        return self.y + BAR_HEIGHT + 4

    @property
    def pool_value_x(self) -> float:
        return self.x + self.pool_width + 4

    @property
    def proposal_value_x(self) -> float:
        return self.x + self.proposal_width + 4

    @property
    def pool_value_y(self) -> int:
        return self.pool_y + BAR_HEIGHT - 2

    @property
    def proposal_value_y(self) -> int:
        return self.proposal_y + BAR_HEIGHT - 2


@dataclass(frozen=True)
class ShareChart:
    """Horizontal bars: for each category, its share of the pool and of the proposed class."""

    title: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    plot_width: int
    even_x: float | None  # where an even split would put every bar
    even_share: int | None

    bar_height: int = BAR_HEIGHT

    @property
    def label_x(self) -> int:
        return self.label_width - 8


def _share(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def share_chart(
    title: str,
    categories: Sequence[Hashable],
    pool_counts: Counter,
    proposal_counts: Counter,
    *,
    label=str,
) -> ShareChart:
    pool_total = sum(pool_counts.values())
    proposal_total = sum(proposal_counts.values())
    plot_width = CHART_WIDTH - LABEL_WIDTH - VALUE_ROOM
    shares = [
        (
            pool_counts[c] / pool_total if pool_total else 0.0,
            proposal_counts[c] / proposal_total if proposal_total else 0.0,
        )
        for c in categories
    ]
    even = 1 / len(categories) if categories else None
    largest = max([s for pair in shares for s in pair] + ([even] if even else []) + [0.01])
    bars = [
        Bar(
            label=label(category),
            y=TOP + index * ROW_HEIGHT,
            pool_share=_share(pool_counts[category], pool_total),
            pool_width=round(plot_width * pool / largest, 1),
            proposal_share=_share(proposal_counts[category], proposal_total),
            proposal_width=round(plot_width * proposal / largest, 1),
            x=LABEL_WIDTH,
        )
        for index, (category, (pool, proposal)) in enumerate(zip(categories, shares, strict=True))
    ]
    return ShareChart(
        title=title,
        bars=bars,
        width=CHART_WIDTH,
        height=TOP * 2 + ROW_HEIGHT * len(bars),
        label_width=LABEL_WIDTH,
        plot_width=plot_width,
        even_x=round(LABEL_WIDTH + plot_width * even / largest, 1) if even and len(categories) > 1 else None,
        even_share=round(100 * even) if even and len(categories) > 1 else None,
    )
