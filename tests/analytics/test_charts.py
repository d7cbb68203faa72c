"""Chart geometry: round axes, lines broken where a figure is hidden, curves and bars that never
draw a suppressed group, and the number at risk under a survival curve."""

import datetime

import pytest

from analytics import charts
from analytics.selectors import CurveStep, Suppressed
from analytics.tables import Column, Kind, Table

HIDDEN = Suppressed(5)
MONTHS = [datetime.date(2025, m, 1) for m in range(1, 13)]


@pytest.mark.parametrize(
    ("top", "whole", "end", "steps"),
    [
        (0.047, False, 0.06, [0, 0.02, 0.04, 0.06]),
        (45, True, 60, [0, 20, 40, 60]),
        (3, True, 3, [0, 1, 2, 3]),
        (0, True, 1, [0, 1]),
        (250, True, 300, [0, 100, 200, 300]),
        (0.93, False, 1.0, [0, 0.25, 0.5, 0.75, 1.0]),
    ],
)
def test_axes_end_on_a_round_number_with_round_steps(top, whole, end, steps):
    got_end, got_steps = charts.nice_scale(top, whole=whole)
    assert got_end == pytest.approx(end)
    assert got_steps == pytest.approx(steps)


def test_a_line_breaks_where_a_month_is_suppressed():
    values = [0.01, 0.02, HIDDEN, HIDDEN, 0.015, None, 0.02, 0.01, 0.01, 0.01, 0.01, 0.01]
    chart = charts.month_line_chart(
        title="t", description="d", months=MONTHS, series=[("participants", "P", values)]
    )
    [line] = chart.lines
    assert line.path.count("M") == 3  # three runs: Jan–Feb, May, Jul–Dec
    assert len(line.points) == 9
    assert line.hidden == 2
    assert not chart.empty


def test_month_labels_never_crowd_and_the_last_month_is_labelled():
    months = [datetime.date(2021 + (m // 12), m % 12 + 1, 1) for m in range(60)]
    chart = charts.month_line_chart(
        title="t", description="d", months=months, series=[("participants", "P", [0.01] * 60)], width=340
    )
    gaps = [b.position - a.position for a, b in zip(chart.x_ticks, chart.x_ticks[1:], strict=False)]
    assert min(gaps) >= charts.MONTH_LABEL_SPACE - 1
    assert chart.x_ticks[-1].label == "Dec 25"


def test_a_chart_with_nothing_to_draw_says_so():
    chart = charts.month_line_chart(
        title="t", description="d", months=MONTHS, series=[("p", "P", [HIDDEN] * 12)]
    )
    assert chart.empty and chart.lines[0].path == ""


def _steps():
    return [
        CurveStep(day=30, at_risk=20, events=1, censored=0, survival=0.95, lower=0.7, upper=0.99),
        CurveStep(day=200, at_risk=19, events=2, censored=3, survival=0.85, lower=0.6, upper=0.95),
        CurveStep(day=400, at_risk=14, events=1, censored=8, survival=0.79, lower=0.55, upper=0.91),
    ]


def test_a_survival_curve_steps_down_at_each_event_and_has_a_band():
    chart = charts.survival_chart(
        title="t", description="d", curves=[charts.CurveInput("participants", "P", _steps(), end_day=400)]
    )
    [line] = chart.lines
    assert line.path.startswith(f"M{chart.plot_left:.1f},{chart.plot_top:.1f} L")
    assert line.path.count("L") == 2 * 3 + 1  # across and down at each step, then to the end
    assert line.band.endswith("Z")
    assert chart.y_ticks[0].label == "50 %"  # the axis starts at a round share below the lowest band


def test_a_suppressed_curve_is_not_drawn():
    chart = charts.survival_chart(
        title="t",
        description="d",
        curves=[charts.CurveInput("comparison", "C", (), end_day=0, hidden=True)],
    )
    assert chart.lines[0].path == "" and chart.lines[0].hidden and chart.empty


@pytest.mark.parametrize(
    ("day", "expected"),
    [(0, 20), (30, 20), (31, 19), (200, 19), (399, 14), (400, 14), (401, None)],
)
def test_the_number_at_risk_under_the_chart(day, expected):
    assert charts.at_risk_on(_steps(), day, 400, 5) == expected


def test_a_number_at_risk_below_the_minimum_is_suppressed():
    last = CurveStep(day=90, at_risk=6, events=1, censored=2, survival=0.8, lower=None, upper=None)
    assert charts.at_risk_on([last], 90, 95, 5) == 6
    assert charts.at_risk_on([last], 95, 95, 5) == Suppressed(5)


def test_a_bar_row_with_a_hidden_part_shows_fewer_than_n_and_no_bar():
    chart = charts.bar_chart(
        title="t",
        description="d",
        rows=[
            ("Participants", [("a", "A", 0.9), ("b", "B", HIDDEN)]),
            ("Others", [("a", "A", 0.8), ("b", "B", 0.1)]),
        ],
        stacked=True,
        scale_top=1.0,
    )
    hidden, shown = chart.rows
    assert hidden.note == "fewer than 5" and hidden.segments == ()
    assert [round(s.width) for s in shown.segments] == [
        round(0.8 * (chart.plot_right - chart.plot_left)),
        round(0.1 * (chart.plot_right - chart.plot_left)),
    ]


def test_a_bullet_marks_baseline_target_and_comparison():
    chart = charts.bullet_chart(
        title="t",
        description="d",
        rows=[("Program", {"baseline": 18, "target": 12, "actual": 9.5, "comparison": 14}, "")],
    )
    [row] = chart.rows
    assert [m.key for m in row.markers] == ["baseline", "target", "comparison"]
    assert row.actual_label == "9.5 %" and row.bar_width > 0
    assert chart.x_ticks[-1].label == "20 %"


def test_tables_write_percentages_and_hidden_figures_the_same_way_on_page_and_in_csv():
    table = Table.of(
        "c",
        [Column("Group"), Column("People", Kind.COUNT), Column("Rate", Kind.RATE), Column("p", Kind.P_VALUE)],
        [["Participants", 1234, 0.05234, 0.0004], ["Comparison", HIDDEN, None, 0.2]],
    )
    assert [c.text for c in table.display_rows()[0]] == ["Participants", "1,234", "5.2 %", "< 0.001"]
    assert [c.text for c in table.display_rows()[1]] == ["Comparison", "fewer than 5", "—", "0.200"]
    assert table.header == ["Group", "People", "Rate (%)", "p"]
    assert table.csv_rows() == [
        ["Participants", 1234, 5.23, 0.0004],
        ["Comparison", "fewer than 5", None, 0.2],
    ]
