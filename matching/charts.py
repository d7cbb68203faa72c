"""The score distribution of a run, drawn by the server as SVG (no JavaScript, no CDN).

A histogram of the pair scores in equal bins from 0 to the best possible score (so two runs of
a program share their axis), with the median and the weakest pair marked.
"""

from __future__ import annotations

from dataclasses import dataclass

from matching.explain import ScoreSummary

WIDTH = 560
HEIGHT = 190
LEFT = 36
RIGHT = 12
TOP = 14
BOTTOM = 34


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    count: int
    low: float
    high: float

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2

    @property
    def count_y(self) -> float:
        return self.y - 4


@dataclass(frozen=True)
class Marker:
    x: float
    label: str
    value: float


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Histogram:
    width: int
    height: int
    left: int
    baseline: float
    plot_right: float
    columns: list[Column]
    ticks: list[Tick]
    markers: list[Marker]
    total: int
    best_possible: float

    @property
    def tick_y(self) -> float:
        return self.baseline + 16

    @property
    def axis_label_y(self) -> float:
        return self.height - 2


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value else "0"


def histogram(summary: ScoreSummary, *, best_possible: float) -> Histogram:
    """Geometry of the distribution chart for ``summary`` (from ``explain.score_summary``)."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    bins = summary.histogram
    top_value = bins[-1].high if bins else max(best_possible, 1.0)
    tallest = max((b.count for b in bins), default=0) or 1
    step = plot_width / max(len(bins), 1)
    columns = [
        Column(
            x=round(LEFT + n * step + 1, 1),
            y=round(baseline - plot_height * b.count / tallest, 1),
            width=round(step - 2, 1),
            height=round(plot_height * b.count / tallest, 1),
            count=b.count,
            low=b.low,
            high=b.high,
        )
        for n, b in enumerate(bins)
    ]

    def x_of(value: float) -> float:
        return round(LEFT + plot_width * min(max(value / top_value, 0.0), 1.0), 1)

    ticks = [Tick(x_of(b.low), _fmt(b.low)) for b in bins[::2]] + [Tick(x_of(top_value), _fmt(top_value))]
    markers = []
    if summary.median is not None:
        markers.append(Marker(x_of(summary.median), "median", summary.median))
    if summary.minimum is not None:
        markers.append(Marker(x_of(summary.minimum), "weakest", summary.minimum))
    return Histogram(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        baseline=baseline,
        plot_right=WIDTH - RIGHT,
        columns=columns,
        ticks=ticks,
        markers=markers,
        total=summary.count,
        best_possible=top_value,
    )
