"""Chart geometry for the dashboard's server-rendered SVG: scales, ticks, paths and bars.

The templates in ``templates/analytics/charts/`` only place what these dataclasses compute,
so the page needs no JavaScript and no chart library, and every chart is plain SVG a screen
reader announces by its ``<title>``/``<desc>`` (the table under it carries the numbers).

A suppressed figure is never drawn as a value: a line breaks where a month is suppressed, a
bar is replaced by the words "fewer than N", and a survival curve stops where the number at
risk would fall below the minimum group size.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from analytics.suppression import Suppressed

WIDTH = 720
LEFT, RIGHT, TOP, BOTTOM = 56, 30, 14, 34
# The room one month label needs along x ("Sep 25" at 12 px), so labels never overlap.
MONTH_LABEL_SPACE = 58
# Room for the group names written left of the number-at-risk rows under a survival chart.
SURVIVAL_LEFT = 150


def _r(value: float) -> float:
    return round(value, 1)


def _dom_id(title: str) -> str:
    return "chart-" + "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def nice_step(value: float, *, whole: bool = False) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above ``value``; ``whole`` skips 2.5 below 10
    (a count axis reads 0, 5, 10, not 0, 2.5, 5)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    steps = (1, 2, 5, 10) if whole and exponent < 1 else (1, 2, 2.5, 5, 10)
    for step in steps:
        candidate = step * 10**exponent
        if candidate >= value * (1 - 1e-9):
            return max(candidate, 1.0) if whole else candidate
    return 10 ** (exponent + 1)


def nice_scale(top: float, *, count: int = 4, whole: bool = False) -> tuple[float, list[float]]:
    """An axis from 0 that holds ``top``: (its end, its ticks), with round steps."""
    step = nice_step(top / count if top > 0 else 0, whole=whole)
    end = step * max(1, math.ceil(top / step - 1e-9))
    return end, [step * i for i in range(round(end / step) + 1)]


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above ``value`` (1 for nothing to show)."""
    return nice_step(value)


def ticks(top: float, count: int = 4, bottom: float = 0.0) -> list[float]:
    step = (top - bottom) / count
    return [bottom + step * i for i in range(count + 1)]


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # "Mar 2025: 2.1 %", for the point's <title>


@dataclass(frozen=True)
class Line:
    key: str  # the group, for the CSS class (series-participants …)
    name: str
    path: str  # the SVG path through the shown points ("" when none)
    points: tuple[Point, ...]
    hidden: int  # how many values are suppressed (not drawn)
    band: str = ""  # a closed path for a confidence band


@dataclass(frozen=True)
class LineChart:
    """Lines over evenly spaced categories (months) or over a numeric x axis (days)."""

    title: str
    description: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    lines: tuple[Line, ...]
    y_label: str = ""
    min_group_size: int = 5
    empty: bool = False
    footer: tuple["FooterRow", ...] = ()  # the number at risk under a survival chart

    @property
    def hidden_lines(self) -> list[Line]:
        return [line for line in self.lines if line.hidden]

    @property
    def y_label_x(self) -> float:
        return self.plot_left - 8

    @property
    def x_label_y(self) -> float:
        return self.plot_bottom + 18

    @property
    def middle_x(self) -> float:
        return _r((self.plot_left + self.plot_right) / 2)

    @property
    def middle_y(self) -> float:
        return _r((self.plot_top + self.plot_bottom) / 2)

    @property
    def dom_id(self) -> str:
        return _dom_id(self.title)


@dataclass(frozen=True)
class FooterRow:
    key: str
    name: str
    y: float
    cells: tuple[Tick, ...]  # (x, text) under each x tick


FOOTER_LINE = 18


def with_footer(chart: LineChart, rows: Sequence[tuple[str, str, Sequence[str]]]) -> LineChart:
    """The chart with rows of text under its x ticks ("Number at risk"); ``rows``: (key, name,
    one text per tick)."""
    first = chart.height + 10
    footer = tuple(
        FooterRow(
            key=key,
            name=name,
            y=first + FOOTER_LINE * (index + 1),
            cells=tuple(Tick(t.position, text) for t, text in zip(chart.x_ticks, texts, strict=True)),
        )
        for index, (key, name, texts) in enumerate(rows)
    )
    return replace(chart, footer=footer, height=int(first + FOOTER_LINE * (len(rows) + 1)))


def _format(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value * 100:.1f} %"
    if unit == "count":
        return f"{round(value):,}"
    return f"{value:.2f}"


def _axis_label(value: float, unit: str, top: float) -> str:
    if unit == "%":
        decimals = 0 if top >= 0.04 else 1
        return f"{value * 100:.{decimals}f} %"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:g}"


def _path(points: Sequence[tuple[float, float] | None]) -> str:
    """An SVG path through the points, broken at each ``None``."""
    parts, pen_down = [], False
    for point in points:
        if point is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{_r(point[0])},{_r(point[1])}")
        pen_down = True
    return " ".join(parts)


def month_line_chart(
    *,
    title: str,
    description: str,
    months: Sequence,
    series: Sequence[tuple[str, str, Sequence[object]]],
    unit: str = "%",
    height: int = 260,
    min_group_size: int = 5,
    width: int = WIDTH,
) -> LineChart:
    """Lines over months. ``series``: (key, name, one value per month: number, Suppressed or None)."""
    left, right, top, bottom = LEFT, width - RIGHT, TOP, height - BOTTOM
    values = [v for _, _, vals in series for v in vals if is_number(v)]
    top_value, y_values = nice_scale(max(values, default=0), whole=unit == "count")
    count = len(months)
    step = (right - left) / max(count - 1, 1)

    def x(i: int) -> float:
        return left + step * i if count > 1 else (left + right) / 2

    def y(v: float) -> float:
        return bottom - (v / top_value) * (bottom - top)

    every = max(1, math.ceil(MONTH_LABEL_SPACE / step)) if count > 1 else 1
    # Count back from the last month, so the latest (the one people look for) is always labelled.
    x_ticks = tuple(
        Tick(_r(x(i)), f"{month:%b %y}") for i, month in enumerate(months) if (count - 1 - i) % every == 0
    )
    y_ticks = tuple(Tick(_r(y(v)), _axis_label(v, unit, top_value)) for v in y_values)
    lines = []
    for key, name, vals in series:
        coords = [(x(i), y(v)) if is_number(v) else None for i, v in enumerate(vals)]
        points = tuple(
            Point(_r(c[0]), _r(c[1]), f"{months[i]:%b %Y}: {_format(vals[i], unit)}")
            for i, c in enumerate(coords)
            if c is not None
        )
        hidden = sum(isinstance(v, Suppressed) for v in vals)
        lines.append(Line(key=key, name=name, path=_path(coords), points=points, hidden=hidden))
    return LineChart(
        title=title,
        description=description,
        width=width,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        lines=tuple(lines),
        min_group_size=min_group_size,
        empty=not values,
    )


# --- Survival curves --------------------------------------------------------------------------

DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class CurveInput:
    """One Kaplan–Meier curve as the chart needs it."""

    key: str
    name: str
    steps: Sequence  # CurveStep-like: day, at_risk, events, censored, survival, lower, upper
    end_day: int  # how far to draw the last level (the end of the shown follow-up)
    hidden: bool = False  # the whole curve is suppressed


def _step_coords(steps: Sequence, end_day: int, attribute: str) -> list[tuple[int, float]]:
    """(day, value) corners of a step function starting at 1.0 on day 0."""
    coords: list[tuple[int, float]] = [(0, 1.0)]
    level = 1.0
    for step in steps:
        value = getattr(step, attribute)
        if value is None:
            value = step.survival
        coords.append((step.day, level))
        coords.append((step.day, value))
        level = value
    coords.append((max(end_day, coords[-1][0]), level))
    return coords


def survival_chart(
    *,
    title: str,
    description: str,
    curves: Sequence[CurveInput],
    height: int = 300,
    min_group_size: int = 5,
    width: int = WIDTH,
) -> LineChart:
    """Step curves with shaded 95 % bands. The y axis starts at a round share below the lowest
    band (never a cut that hides the scale: the lowest tick is labelled)."""
    left, right, top, bottom = SURVIVAL_LEFT, width - RIGHT, TOP, height - BOTTOM
    shown = [c for c in curves if not c.hidden and c.steps is not None]
    end = max([c.end_day for c in shown] + [365])
    months_shown = math.ceil(end / DAYS_PER_MONTH)
    month_step = 3 if months_shown <= 24 else 6
    end = max(end, round(math.ceil(months_shown / month_step) * month_step * DAYS_PER_MONTH))
    lows = [s.survival if s.lower is None else s.lower for c in shown for s in c.steps]
    floor = max(0.0, math.floor((min(lows, default=1.0) - 0.02) * 10) / 10)
    floor = min(floor, 0.8)

    def x(day: float) -> float:
        return left + (day / end) * (right - left)

    def y(v: float) -> float:
        return bottom - ((v - floor) / (1 - floor)) * (bottom - top)

    x_ticks = tuple(
        Tick(_r(x(round(m * DAYS_PER_MONTH))), f"{m} mo")
        for m in range(0, months_shown + month_step, month_step)
        if round(m * DAYS_PER_MONTH) <= end
    )
    y_ticks = tuple(Tick(_r(y(v)), f"{v * 100:.0f} %") for v in ticks(1.0, 4, floor))
    lines = []
    for curve in curves:
        if curve.hidden or curve.steps is None:
            lines.append(Line(key=curve.key, name=curve.name, path="", points=(), hidden=1))
            continue
        middle = _step_coords(curve.steps, curve.end_day, "survival")
        upper = _step_coords(curve.steps, curve.end_day, "upper")
        lower = _step_coords(curve.steps, curve.end_day, "lower")
        band = ""
        if len(curve.steps):
            outline = [(x(d), y(v)) for d, v in upper] + [(x(d), y(v)) for d, v in reversed(lower)]
            band = _path(outline) + " Z"
        points = tuple(
            Point(
                _r(x(s.day)),
                _r(y(s.survival)),
                f"day {s.day}: {s.survival * 100:.1f} % still employed, {s.at_risk} at risk",
            )
            for s in curve.steps
        )
        lines.append(
            Line(
                key=curve.key,
                name=curve.name,
                path=_path([(x(d), y(v)) for d, v in middle]),
                points=points,
                hidden=0,
                band=band,
            )
        )
    return LineChart(
        title=title,
        description=description,
        width=width,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        lines=tuple(lines),
        min_group_size=min_group_size,
        empty=not shown,
    )


def tick_days(chart: LineChart) -> list[int]:
    """The days under the survival chart's x ticks (for the number-at-risk row)."""
    return [round(int(t.label.split()[0]) * DAYS_PER_MONTH) for t in chart.x_ticks]


def at_risk_on(steps: Sequence, day: int, end_day: int, min_group_size: int) -> int | Suppressed | None:
    """People still followed on ``day``: the number at risk just before the first step on or after
    it; after the last step, those the last step left. Below the minimum: suppressed; after the
    end of the shown follow-up: None."""
    if day > end_day:
        return None
    for step in steps:
        if step.day >= day:
            count = step.at_risk
            break
    else:
        if not steps:
            return None
        last = steps[-1]
        count = last.at_risk - last.events - last.censored
    return count if count >= min_group_size else Suppressed(min_group_size)


# --- Bars ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    key: str
    name: str
    x: float
    y: float
    width: float
    height: float
    label: str  # "72.0 %"
    label_x: float  # where the value is written (after the bar)

    @property
    def middle(self) -> float:
        return _r(self.y + self.height / 2)


@dataclass(frozen=True)
class BarRow:
    name: str
    y: float
    height: float
    segments: tuple[Segment, ...] = ()
    note: str = ""  # "fewer than 5" or "no figure yet" instead of bars
    value_label: str = ""  # for a stacked row: its first part, written after the bar
    value_x: float = 0.0

    @property
    def middle(self) -> float:
        return _r(self.y + self.height / 2)


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    x_ticks: tuple[Tick, ...]
    rows: tuple[BarRow, ...]
    legend: tuple[tuple[str, str], ...]  # (key, name)
    stacked: bool
    empty: bool = False

    @property
    def name_x(self) -> float:
        return self.plot_left - 10

    @property
    def x_label_y(self) -> float:
        return self.plot_bottom + 18

    @property
    def dom_id(self) -> str:
        return _dom_id(self.title)


BAR = 18  # the thickness of one bar
BAR_GAP = 16  # between rows
NAME_WIDTH = 150


def bar_chart(
    *,
    title: str,
    description: str,
    rows: Sequence[tuple[str, Sequence[tuple[str, str, object]]]],
    stacked: bool = False,
    scale_top: float | None = None,
    unit: str = "%",
    width: int = WIDTH,
    value_word: str = "",
) -> BarChart:
    """Horizontal bars. ``rows``: (row name, [(key, name, value), …]); values are fractions.

    Stacked rows lay their parts end to end (parts of a whole); grouped rows draw one bar per
    value. A row with any suppressed value shows "fewer than N" instead (drawing its other
    parts would let the hidden one be read off the gap). A stacked row is labelled with its
    first part's value and ``value_word`` ("91.1 % stayed").
    """
    left, right = LEFT + NAME_WIDTH - 40, width - RIGHT - 80
    per_bar = BAR + 4 if stacked else BAR
    bars_per_row = 1 if stacked else max((len(values) for _, values in rows), default=1)
    row_height = per_bar * bars_per_row + (bars_per_row - 1) * 3
    height = int(TOP + len(rows) * (row_height + BAR_GAP) + BOTTOM)
    numbers = [v for _, values in rows for _, _, v in values if is_number(v)]
    if scale_top is None:
        totals = [sum(v for _, _, v in values if is_number(v)) for _, values in rows] if stacked else numbers
        scale_top, x_values = nice_scale(max(totals, default=0))
    else:
        x_values = ticks(scale_top)

    def x(v: float) -> float:
        return left + (min(v, scale_top) / scale_top) * (right - left)

    bars = []
    legend: dict[str, str] = {}
    for index, (name, values) in enumerate(rows):
        top = TOP + index * (row_height + BAR_GAP)
        for key, label, _ in values:
            legend.setdefault(key, label)
        suppressed = next((v for _, _, v in values if isinstance(v, Suppressed)), None)
        if suppressed is not None or not any(is_number(v) for _, _, v in values):
            note = str(suppressed) if suppressed is not None else "no figure yet"
            bars.append(BarRow(name=name, y=_r(top), height=row_height, note=note))
            continue
        segments, offset = [], 0.0
        for position, (key, label, value) in enumerate(values):
            if not is_number(value):
                continue
            if stacked:
                start, end, bar_top = x(offset), x(offset + value), top
                offset += value
            else:
                start, end, bar_top = left, x(value), top + position * (per_bar + 3)
            segments.append(
                Segment(
                    key=key,
                    name=label,
                    x=_r(start),
                    y=_r(bar_top),
                    width=_r(max(end - start, 0)),
                    height=per_bar,
                    label=_format(value, unit),
                    label_x=_r(end + 6),
                )
            )
        first = values[0][2]
        value_label = f"{_format(first, unit)} {value_word}".strip() if stacked and is_number(first) else ""
        bars.append(
            BarRow(
                name=name,
                y=_r(top),
                height=row_height,
                segments=tuple(segments),
                value_label=value_label,
                value_x=_r(x(offset) + 6) if stacked else 0.0,
            )
        )
    x_ticks = tuple(Tick(_r(x(v)), _axis_label(v, unit, scale_top)) for v in x_values)
    return BarChart(
        title=title,
        description=description,
        width=width,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_top=TOP,
        plot_bottom=height - BOTTOM,
        x_ticks=x_ticks,
        rows=tuple(bars),
        legend=tuple(legend.items()),
        stacked=stacked,
        empty=not numbers,
    )


# --- Purpose: target against actual -------------------------------------------------------------

BULLET = 22


@dataclass(frozen=True)
class Marker:
    key: str  # baseline, target, actual, comparison
    name: str
    x: float
    label: str


@dataclass(frozen=True)
class BulletRow:
    name: str
    y: float
    bar_width: float  # the participants' actual figure as a bar from 0 (0 when unknown)
    markers: tuple[Marker, ...]
    actual_label: str = ""
    actual_x: float = 0.0
    note: str = ""
    suppressed: bool = False

    height = BULLET

    @property
    def short_name(self) -> str:
        return self.name if len(self.name) <= 22 else self.name[:21] + "…"

    @property
    def middle(self) -> float:
        return _r(self.y + BULLET / 2)

    @property
    def bar_y(self) -> float:
        return _r(self.y + BULLET * 0.25)

    @property
    def bar_height(self) -> float:
        return _r(BULLET * 0.5)

    @property
    def marker_top(self) -> float:
        return _r(self.y - 3)

    @property
    def marker_bottom(self) -> float:
        return _r(self.y + BULLET + 3)


@dataclass(frozen=True)
class BulletChart:
    title: str
    description: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_bottom: float
    x_ticks: tuple[Tick, ...]
    rows: tuple[BulletRow, ...]
    plot_top: float = TOP

    @property
    def plot_width(self) -> float:
        return _r(self.plot_right - self.plot_left)

    @property
    def name_x(self) -> float:
        return self.plot_left - 10

    @property
    def x_label_y(self) -> float:
        return self.plot_bottom + 18

    @property
    def dom_id(self) -> str:
        return _dom_id(self.title)


def bullet_chart(
    *, title: str, description: str, rows: Sequence[tuple[str, dict[str, object], str]], width: int = WIDTH
) -> BulletChart:
    """One row per program: the participants' measured figure as a bar, the baseline, the target
    and the comparison group as marks on the same percent scale. ``rows``: (name, {key: value in
    percent}, note)."""
    left, right = LEFT + NAME_WIDTH - 40, width - RIGHT - 90
    names = {"baseline": "Baseline", "target": "Target", "actual": "Participants", "comparison": "Comparison"}
    values = [v for _, figures, _ in rows for v in figures.values() if is_number(v)]
    scale_top, x_values = nice_scale(max(values, default=0) * 1.05)
    height = int(TOP + len(rows) * (BULLET + 30) + BOTTOM)

    def x(v: float) -> float:
        return left + (min(max(v, 0), scale_top) / scale_top) * (right - left)

    bullet_rows = []
    for index, (name, figures, note) in enumerate(rows):
        top = TOP + 4 + index * (BULLET + 30)
        markers = tuple(
            Marker(key, names[key], _r(x(figures[key])), f"{names[key]}: {figures[key]:.1f} %")
            for key in ("baseline", "target", "comparison")
            if is_number(figures.get(key))
        )
        actual = figures.get("actual")
        bullet_rows.append(
            BulletRow(
                name=name,
                y=_r(top),
                bar_width=_r(x(actual) - left) if is_number(actual) else 0.0,
                markers=markers,
                actual_label=f"{actual:.1f} %" if is_number(actual) else "",
                actual_x=_r(right + 10),
                note=str(actual) if isinstance(actual, Suppressed) else note,
                suppressed=isinstance(actual, Suppressed),
            )
        )
    x_ticks = tuple(Tick(_r(x(v)), f"{v:g} %") for v in x_values)
    return BulletChart(
        title=title,
        description=description,
        width=width,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_bottom=height - BOTTOM,
        x_ticks=x_ticks,
        rows=tuple(bullet_rows),
    )


# --- Balance: standardized mean differences ------------------------------------------------------


@dataclass(frozen=True)
class Dot:
    key: str  # the series (mentee / mentor)
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class DotChart:
    """A "Love plot": one row per matching variable, a dot per role at its standardized mean
    difference, the ±0.1 band of good balance shaded around zero."""

    title: str
    description: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    zero_x: float
    band_x: float
    band_width: float
    x_ticks: tuple[Tick, ...]
    rows: tuple[tuple[str, float], ...]  # (name, y)
    dots: tuple[Dot, ...]

    @property
    def name_x(self) -> float:
        return self.plot_left - 10

    @property
    def x_label_y(self) -> float:
        return self.plot_bottom + 18

    @property
    def dom_id(self) -> str:
        return _dom_id(self.title)


DOT_ROW = 22
GOOD_BALANCE = 0.1


def dot_chart(
    *,
    title: str,
    description: str,
    rows: Sequence[tuple[str, Sequence[tuple[str, object]]]],
    width: int = WIDTH,
) -> DotChart:
    """``rows``: (variable name, [(series key, SMD), …]); an SMD that is not a number is not drawn."""
    left, right = LEFT + NAME_WIDTH, width - RIGHT - 20
    values = [abs(v) for _, dots in rows for _, v in dots if is_number(v)]
    reach = max(0.5, nice_step(max(values, default=0)))
    height = int(TOP + len(rows) * DOT_ROW + BOTTOM)

    def x(v: float) -> float:
        return left + ((max(-reach, min(reach, v)) + reach) / (2 * reach)) * (right - left)

    dots, names = [], []
    for index, (name, series) in enumerate(rows):
        y = _r(TOP + index * DOT_ROW + DOT_ROW / 2)
        names.append((name, y))
        dots += [Dot(key, _r(x(v)), y, f"{name}: SMD {v:+.2f}") for key, v in series if is_number(v)]
    step = reach / 2
    x_ticks = tuple(Tick(_r(x(v)), f"{v:+.2g}" if v else "0") for v in (-reach, -step, 0, step, reach))
    return DotChart(
        title=title,
        description=description,
        width=width,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_top=TOP,
        plot_bottom=height - BOTTOM,
        zero_x=_r(x(0)),
        band_x=_r(x(-GOOD_BALANCE)),
        band_width=_r(x(GOOD_BALANCE) - x(-GOOD_BALANCE)),
        x_ticks=x_ticks,
        rows=tuple(names),
        dots=tuple(dots),
    )
