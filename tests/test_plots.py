"""The figures of gridsim.views.plots, checked on small hand-made tables.

Each test reads back what a figure draws (line data, bar heights, error-bar segments, patch
colours, labels) and compares it with numbers worked out by hand, so a wrong statistic or a
misplaced artist fails.
"""

from __future__ import annotations

import math
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from matplotlib import colormaps
from matplotlib.colors import Normalize, to_rgba
from matplotlib.container import BarContainer
from matplotlib.image import imread

from gridsim.views import plots as P
from gridsim.views.plots import map as map_module
from gridsim.views.plots import parts

T975 = {1: 12.7062, 2: 4.3027}  # Student t quantiles, from the printed tables


def log(rows: list[tuple]) -> pd.DataFrame:
    """An issue log from (variant, replication, reported, on_site, resolved, plan, complex)."""
    cols = ["variant", "replication", "reported_min", "on_site_min", "resolved_min", "plan_min"]
    frame = pd.DataFrame([r[:6] for r in rows], columns=cols)
    frame["complex"] = [r[6] if len(r) > 6 else False for r in rows]
    return frame


def on_site_log(times_by_group: dict[str, list[list[float]]], reported: float = 100.0):
    """Issues reported at ``reported`` and on site ``t`` minutes later (NaN: never), one list
    of times per replication of each group."""
    rows = [
        (g, r, reported, reported + t, np.nan, np.nan)
        for g, reps in times_by_group.items()
        for r, times in enumerate(reps)
        for t in times
    ]
    return log(rows)


def summary(rows: list[tuple]) -> pd.DataFrame:
    """A summary table from (variant, replication, kpi, scope, value)."""
    frame = pd.DataFrame(rows, columns=["variant", "replication", "kpi", "scope", "value"])
    frame["unit"] = ""
    return frame


def by_gid(artists, gid: str):
    found = [a for a in artists if a.get_gid() == gid]
    assert len(found) == 1, f"expected one artist {gid!r}, found {len(found)}"
    return found[0]


def bars(ax, label: str) -> BarContainer:
    return next(c for c in ax.containers if isinstance(c, BarContainer) and c.get_label() == label)


def heights(container: BarContainer) -> np.ndarray:
    return np.array([p.get_height() for p in container.patches])


def error_segments(container: BarContainer) -> np.ndarray:
    """(low, high) of each bar's error bar; NaN where the bar has none."""
    segments = container.errorbar.lines[2][0].get_segments()
    return np.array([[s[0][1], s[1][1]] if len(s) else [np.nan, np.nan] for s in segments])


def points(line) -> dict[float, float]:
    x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
    return dict(zip(x, y, strict=True))


# --- the ECDF ----------------------------------------------------------------------------------


def test_ecdf_passes_through_the_hand_computed_points():
    fig = P.ecdf_figure(on_site_log({"a": [[1, 2, 3, 4]]}), targets={})
    xy = points(by_gid(fig.axes[0].lines, "ecdf:a"))
    assert xy == {0.0: 0.0, 1.0: 0.25, 2.0: 0.5, 3.0: 0.75, 4.0: 1.0}
    assert fig.axes[0].lines[0].get_drawstyle() == "steps-post"


def test_an_unreached_issue_caps_the_curve_and_it_runs_on_to_the_common_edge():
    fig = P.ecdf_figure(on_site_log({"a": [[1, 2, 3, np.nan]], "b": [[5, 10]]}), targets={})
    a = by_gid(fig.axes[0].lines, "ecdf:a")
    assert max(a.get_ydata()) == pytest.approx(0.75)
    assert points(a)[10.0] == pytest.approx(0.75)  # held at 75% out to b's last time
    assert "not done" in fig.axes[0].get_ylabel()


def test_only_issues_reported_after_the_warmup_count():
    issues = log([
        ("a", 0, 50.0, 51.0, np.nan, np.nan),  # before the warm-up: left out
        ("a", 0, np.nan, np.nan, np.nan, np.nan),  # never reported: left out
        ("a", 0, 100.0, 102.0, np.nan, np.nan),
        ("a", 0, 200.0, 204.0, np.nan, np.nan),
    ])  # fmt: skip
    xy = points(by_gid(P.ecdf_figure(issues, warmup_min=100).axes[0].lines, "ecdf:a"))
    assert xy == {0.0: 0.0, 2.0: 0.5, 4.0: 1.0}


def test_resolution_and_plan_metrics_time_from_the_report():
    issues = log([
        ("a", 0, 10.0, 12.0, 30.0, 40.0, True),
        ("a", 0, 10.0, 15.0, 70.0, np.nan, True),
        ("a", 0, 10.0, 11.0, 20.0, np.nan, False),  # not complex: no plan needed
    ])  # fmt: skip
    res = points(by_gid(P.ecdf_figure(issues, "resolution").axes[0].lines, "ecdf:a"))
    assert res == pytest.approx({0.0: 0.0, 10.0: 1 / 3, 20.0: 2 / 3, 60.0: 1.0})
    plan = points(by_gid(P.ecdf_figure(issues, "plan").axes[0].lines, "ecdf:a"))
    assert plan == {0.0: 0.0, 30.0: 0.5}  # one of two complex issues planned
    with pytest.raises(ValueError, match="metric"):
        P.ecdf_figure(issues, "queue")


@pytest.mark.parametrize(
    ("metric", "targets", "expected", "label"),
    [("on_site", None, 10.0, "10 min target"), ("resolution", None, 60.0, "1 h target"),
     ("plan", None, 1440.0, "1 day target"), ("on_site", {"on_site": 15.0}, 15.0, "15 min target"),
     ("plan", {"plan": 150.0}, 150.0, "2.5 h target")],
)  # fmt: skip
def test_the_target_line_sits_at_its_value(metric, targets, expected, label):
    issues = log([("a", 0, 0.0, 5.0, 50.0, 2000.0, True), ("a", 0, 0.0, 20.0, 90.0, 100.0, True)])
    for make in (P.ecdf_figure, P.histogram_figure):
        ax = make(issues, metric, targets=targets).axes[0]
        line = by_gid(ax.lines, "target")
        assert list(line.get_xdata()) == [expected, expected]
        assert line.get_label() == label
    unmarked = P.ecdf_figure(issues, targets={}).axes[0].lines
    assert not [x for x in unmarked if x.get_gid() == "target"]


def test_the_band_lies_between_the_per_replication_ecdfs():
    reps = [[1, 2, 3, 4], [2, 4, 6, np.nan], [1.5, 3, 8, 9]]
    fig = P.ecdf_figure(on_site_log({"a": reps}), targets={})
    ax = fig.axes[0]
    line = by_gid(ax.lines, "ecdf:a")
    x = np.asarray(line.get_xdata(), float)
    curves = np.array([P.ecdf(np.array(r, float), x) for r in reps])
    low, high = curves.min(axis=0), curves.max(axis=0)
    assert np.all(low <= line.get_ydata()) and np.all(line.get_ydata() <= high)
    band_y = np.round(by_gid(ax.collections, "band:a").get_paths()[0].vertices[:, 1], 12)
    assert set(band_y) <= set(np.round(low, 12)) | set(np.round(high, 12))
    assert {0.25, 0.75, 1.0} <= set(band_y)  # the extremes at x = 4: rep 1 and rep 0


def test_many_replications_give_a_percentile_band_inside_the_range():
    rng = np.random.default_rng(1)
    curves = np.sort(rng.uniform(size=(40, 30)), axis=1)
    low, high, text = parts._band(curves)
    assert "2.5-97.5%" in text
    assert np.all(curves.min(0) <= low) and np.all(low <= high) and np.all(high <= curves.max(0))
    assert np.any(low > curves.min(0))
    assert "range of 3" in parts._band(curves[:3])[2]


def test_histogram_area_is_the_share_of_issues_reached():
    issues = on_site_log({"a": [[0.5, 2, 30, np.nan]], "b": [[5, 6]]})
    for log_x in (True, False):
        ax = P.histogram_figure(issues, log_x=log_x, targets={}).axes[0]
        values, edges, _ = by_gid(ax.patches, "hist:a").get_data()
        widths = np.diff(parts._display(edges, log_x))
        assert np.sum(values * widths) == pytest.approx(0.75)
        assert np.sum(by_gid(ax.patches, "hist:b").get_data()[0] * widths) == pytest.approx(1.0)


# --- KPI bars -----------------------------------------------------------------------------------


def shares_summary() -> pd.DataFrame:
    rows = []
    values = {
        ("a", "target_on_site_share"): [0.5, 0.7, 0.6],
        ("a", "target_resolved_share"): [0.2, 0.4, 0.3],
        ("a", "target_plan_share"): [0.9, 0.9, 0.9],
        ("b", "target_on_site_share"): [0.8, 0.8, 0.95],
        ("b", "target_resolved_share"): [0.1, 0.2, 0.3],
        ("b", "target_plan_share"): [1.0, 0.9, 0.95],
    }
    for (v, kpi), vals in values.items():
        rows += [(v, r, kpi, "community", x) for r, x in enumerate(vals)]
        rows.append((v, 0, kpi, "grid:g1", 0.0))  # other scopes are ignored
    return summary(rows)


def test_target_share_bars_are_the_means_with_t_intervals():
    ax = P.target_shares_figure(shares_summary()).axes[0]
    on_site = bars(ax, "on site within 10 min")
    assert heights(on_site) == pytest.approx([60.0, 85.0])
    half = T975[2] * 0.1 / math.sqrt(3) * 100  # a: sd 0.1 over 3 replications
    assert error_segments(on_site)[0] == pytest.approx([60 - half, 60 + half])
    resolved = bars(ax, "routine resolved within 1 h")
    assert heights(resolved) == pytest.approx([30.0, 20.0])
    plan = bars(ax, "complex planned within 1 day")
    assert error_segments(plan)[0] == pytest.approx([90.0, 90.0])  # no spread
    assert error_segments(plan)[1][1] == 100.0  # clipped: a share cannot exceed 100%
    hatches = {c.patches[0].get_hatch() or "" for c in (on_site, resolved, plan)}
    assert len(hatches) == 3
    assert ax.get_ylim() == (0.0, 100.0)


def test_utilisation_bars_per_pool_and_variant():
    rows = [("a", r, "utilisation", "staff:repair", v) for r, v in enumerate([0.2, 0.4, 0.3])]
    rows += [("a", r, "utilisation", "staff:grid_worker", v) for r, v in enumerate([0.1, 0.1, 0.1])]
    rows += [("b", r, "utilisation", "staff:repair", v) for r, v in enumerate([0.5, 0.6, 0.7])]
    rows += [("a", 0, "busy_mean", "staff:repair", 3.0), ("a", 0, "utilisation", "community", 9)]
    ax = P.utilisation_figure(summary(rows)).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["repair", "grid worker"]
    a, b = bars(ax, "a"), bars(ax, "b")
    assert heights(a) == pytest.approx([30.0, 10.0])
    assert heights(b)[0] == pytest.approx(60.0) and math.isnan(heights(b)[1])
    half = T975[2] * 0.1 / math.sqrt(3) * 100
    assert error_segments(b)[0] == pytest.approx([60 - half, 60 + half])
    assert error_segments(a)[0] == pytest.approx([30 - half, 30 + half])
    assert np.isnan(error_segments(b)[1]).all()  # no such pool in b: no bar, no error bar
    assert a.patches[0].get_facecolor() != b.patches[0].get_facecolor()
    assert (a.patches[0].get_hatch() or "") != (b.patches[0].get_hatch() or "")


def test_escalation_bars_sum_to_the_hand_counts_and_above_town_is_written():
    counts = {  # replication -> rung -> (true, recorded)
        0: {"grid_worker": (10, 10), "grid_leader": (3, 3), "town": (2, 0), "above_town": (1, 0)},
        1: {"grid_worker": (12, 12), "grid_leader": (5, 5), "town": (0, 0), "above_town": (1, 0)},
    }
    rows = []
    for r, rungs in counts.items():
        for rung, (true, recorded) in rungs.items():
            rows += [("base", r, f"level:{rung}", "community", true),
                     ("base", r, f"level_recorded:{rung}", "community", recorded)]  # fmt: skip
            rows += [("cap", r, f"level:{rung}", "community", true)]
    fig = P.escalation_figure(summary(rows))
    base = next(ax for ax in fig.axes if ax.get_title() == "base")
    true, recorded = heights(bars(base, "true")), heights(bars(base, "recorded"))
    assert true == pytest.approx([11, 4, 0, 0, 1, 1])  # mean per replication, ladder order
    assert true.sum() == pytest.approx((10 + 3 + 2 + 1 + 12 + 5 + 0 + 1) / 2)
    assert recorded.sum() == pytest.approx((10 + 3 + 12 + 5) / 2)
    notes = [t.get_text() for t in base.texts if t.get_gid() == "above_town_count"]
    assert notes == ["1", "0"]  # true and recorded, the zero written too
    cap = next(ax for ax in fig.axes if ax.get_title() == "cap")
    assert heights(bars(cap, "recorded")).sum() == 0.0
    assert by_gid(base.patches, "above_town") is not None


def test_backlog_line_is_the_mean_daily_time_average():
    issues = log([
        ("a", 0, 0.0, 5.0, 720.0, np.nan),  # open half of day 1
        ("a", 1, 1440.0, 1450.0, np.nan, np.nan),  # open all of day 2, never resolved
    ])  # fmt: skip
    ax = P.backlog_figure(issues, horizon_min=2880).axes[0]
    line = by_gid(ax.lines, "backlog:a")
    assert list(line.get_xdata()) == pytest.approx([0.5, 1.5])  # days, mid-interval
    assert list(line.get_ydata()) == pytest.approx([0.25, 0.5])
    band = by_gid(ax.collections, "band:a").get_paths()[0].vertices[:, 1]
    assert band.min() == pytest.approx(0.0) and band.max() == pytest.approx(1.0)


# --- the map ------------------------------------------------------------------------------------


GRIDS = [
    {"name": "g1", "x_km": 0.0, "y_km": 0.0, "households": 80},
    {"name": "g2", "x_km": 0.25, "y_km": 0.0, "households": 80},
    SimpleNamespace(name="g3", x_km=0.0, y_km=0.25, households=70),  # a scenario Grid
]


def grid_rows(kpi: str, values: dict[str, list[float]], variant: str = "base") -> list[tuple]:
    return [(variant, r, kpi, f"grid:{g}", v)
            for g, vals in values.items() for r, v in enumerate(vals)]  # fmt: skip


def test_the_map_shades_each_grid_by_its_mean_on_a_scale_from_0():
    """Means 15, 50, 25 minutes on a colour scale from 0 to 50 (not 15..50, which made a
    small spread look like black against white)."""
    rows = grid_rows("on_site_p90_min", {"g1": [10, 20], "g2": [40, 60], "g3": [20, 30]})
    rows += [("other", 0, "on_site_p90_min", "grid:g1", 999.0)]
    fig = P.community_map_figure(summary(rows), GRIDS)
    ax = fig.axes[0]
    cmap, norm = colormaps["cividis"], Normalize(0, 50)
    assert by_gid(ax.patches, "g2").get_facecolor() == pytest.approx(cmap(1.0))  # the top
    assert by_gid(ax.patches, "g1").get_facecolor() == pytest.approx(cmap(norm(15)))
    assert by_gid(ax.patches, "g3").get_facecolor() == pytest.approx(cmap(norm(25)))
    texts = {t.get_text() for t in ax.texts}
    assert {"g1\n15 min", "g2\n50 min", "g3\n25 min"} <= texts
    bar = fig.axes[1]
    assert "90th percentile time to on site" in bar.get_ylabel()
    assert bar.yaxis.get_major_formatter()(3000.0, 0) == "2 days"  # ticks in min/h/days
    other = P.community_map_figure(summary(rows), GRIDS, variant="other").axes[0]
    assert by_gid(other.patches, "g1").get_facecolor() == pytest.approx(cmap(1.0))
    assert by_gid(other.patches, "g2").get_hatch() == "xx"  # no data


def test_the_map_caption_says_what_the_map_shows():
    """Worked by hand: means 15 (g1), 50 (g2), 25 (g3) minutes; the slowest, g2, is 35
    minutes, 233% (35 / 15), longer than g1; the colours run from 0 to 50 minutes."""
    rows = grid_rows("on_site_p90_min", {"g1": [10, 20], "g2": [40, 60], "g3": [20, 30]})
    fig = P.community_map_figure(summary(rows), GRIDS)
    caption = (
        "90th percentile time to on site in base: the grids range from 15.0 min (g1) to "
        "50.0 min (g2). The slowest is g2, 35.0 min (233%) longer than g1. Colours run from "
        "0.0 min to 50.0 min, so shades differ as much as the values do."
    )
    assert fig.axes[0].get_title("left").replace("\n", " ") == caption
    names, values = map_module.grid_values(summary(rows), GRIDS, "on_site_p90_min")
    assert map_module.map_caption(names, values, "on_site_p90_min", "base") == caption


def test_a_share_map_spans_0_to_100_and_names_the_worst_grid():
    """Shares 10% and 20% on the whole 0-100% scale (a 10-point spread stays small); the
    worst is the lower share; g3 has no value and is said to be hatched."""
    rows = grid_rows("target_on_site_share", {"g1": [0.1, 0.1], "g2": [0.2, 0.2]})
    fig = P.community_map_figure(summary(rows), GRIDS, kpi="target_on_site_share")
    ax = fig.axes[0]
    cmap = colormaps["cividis"]
    assert by_gid(ax.patches, "g1").get_facecolor() == pytest.approx(cmap(0.1))
    assert by_gid(ax.patches, "g2").get_facecolor() == pytest.approx(cmap(0.2))
    assert ax.get_title("left").replace("\n", " ") == (
        "share of issues on site within target in base: the grids range from 10.0% (g1) to "
        "20.0% (g2). The worst is g1, 10.0 percentage points from g2. Colours run from 0.0% "
        "to 100.0%, so shades differ as much as the values do. 1 grid(s) without a value are "
        "hatched."
    )


def test_long_captions_wrap_by_terminal_columns_in_either_script():
    assert map_module.wrap("aaa bbb ccc", 7) == "aaa bbb\nccc"
    assert map_module.wrap("网格一到网格二。", 8) == "网格一到\n网格二。"  # 2 columns a Han
    assert map_module.wrap("从网格一（grid-02）。", 12) == "从网格一\n（grid-02）。"


# --- calibration and sweeps ---------------------------------------------------------------------


def test_calibration_rows_show_range_mean_and_seed():
    cal = pd.DataFrame({
        "figure": ["disputes mediated", "issues reaching the town", "issues above the town"],
        "seed": [16.0, np.nan, 0.0],
        "mean": [12.0, 6.0, 0.2],
        "ci_low": [10.0, 5.0, 0.0], "ci_high": [14.0, 7.0, 0.4],
        "one_year_low": [5.0, 2.0, -0.5], "one_year_high": [19.0, 10.0, 0.9],
        "verdict": ["inside", "no seed figure", "inside"],
        "source": ["seed", "no source", "seed"],
    })  # fmt: skip
    ax = P.calibration_figure(cal).axes[0]
    ranges = [[p.get_x(), p.get_x() + p.get_width()] for p in ax.patches if p.get_gid()]
    assert np.array(ranges) == pytest.approx(np.array([[5.0, 19.0], [0.0, 0.9]]))  # from 0
    assert list(by_gid(ax.lines, "mean").get_xdata()) == [12.0, 0.2]
    assert list(by_gid(ax.lines, "seed").get_xdata()) == [16.0, 0.0]
    assert by_gid(ax.lines, "seed").get_marker() != by_gid(ax.lines, "mean").get_marker()
    assert len(ax.get_yticklabels()) == 2  # the row without a seed figure is left out


def test_sweep_means_and_intervals_against_the_parameter():
    rows = []
    for point, (crews, patrols) in enumerate([(1, 1), (2, 1), (1, 2), (2, 2)]):
        for r, noise in enumerate([-1.0, 0.0, 1.0]):
            value = 100 / crews + 10 * patrols + noise
            rows.append({"point": f"p{point}", "staff.crews.repair": crews,
                         "policy.patrol.per_day": patrols, "replication": r,
                         "kpi": "on_site_p90_min", "scope": "community", "value": value,
                         "unit": "minutes"})  # fmt: skip
    table = pd.DataFrame(rows)
    fig = P.sweep_figure(table, "staff.crews.repair", by="policy.patrol.per_day")
    ax = fig.axes[0]
    one = next(c for c in ax.containers if c.get_label() == "1")
    assert list(one.lines[0].get_xdata()) == [1.0, 2.0]
    assert list(one.lines[0].get_ydata()) == pytest.approx([110.0, 60.0])
    half = T975[2] * 1.0 / math.sqrt(3)
    seg = one.lines[2][0].get_segments()[0]
    assert [seg[0][1], seg[1][1]] == pytest.approx([110 - half, 110 + half])
    pooled = P.sweep_figure(table, "staff.crews.repair").axes[0]  # main effect over patrols
    assert list(pooled.containers[0].lines[0].get_ydata()) == pytest.approx([115.0, 65.0])
    assert "(minutes)" in ax.get_ylabel() and "staff.crews.repair" in ax.get_xlabel()


# --- labels, style, saving ----------------------------------------------------------------------


def all_figures() -> dict[str, object]:
    issues = on_site_log({"a": [[1, 2, 30]], "b": [[3, 4]]})
    grids = [{"name": "g1", "x_km": 0.0, "y_km": 0.0, "households": 10}]
    cal = pd.DataFrame({"figure": ["f"], "seed": [3.0], "mean": [2.0], "ci_low": [1.0],
                        "ci_high": [3.0], "one_year_low": [0.0], "one_year_high": [5.0],
                        "verdict": ["inside"], "source": ["s"]})  # fmt: skip
    util = summary([("a", 0, "utilisation", "staff:repair", 0.5)])
    grid = summary([("a", 0, "on_site_p90_min", "grid:g1", 5.0)])
    sweep = pd.DataFrame({"point": ["p0", "p1"], "x": [1, 2], "replication": [0, 0],
                          "kpi": ["target_on_site_share"] * 2, "scope": ["community"] * 2,
                          "value": [0.5, 0.6]})  # fmt: skip
    return {
        "ecdf": P.ecdf_figure(issues),
        "histogram": P.histogram_figure(issues),
        "shares": P.target_shares_figure(shares_summary()),
        "backlog": P.backlog_figure(issues, 2880.0),
        "utilisation": P.utilisation_figure(util),
        "map": P.community_map_figure(grid, grids),
        "escalation": P.escalation_figure(summary([("a", 0, "level:town", "community", 1)])),
        "calibration": P.calibration_figure(cal),
        "sweep": P.sweep_figure(sweep, "x", "target_on_site_share"),
    }


def test_every_axis_is_labelled_with_its_unit():
    figs = all_figures()
    expected = {  # name -> (x label part, y label part)
        "ecdf": ("(minutes", "(%)"), "histogram": ("(minutes", "share of issues per decade"),
        "shares": ("variant", "(%)"), "backlog": ("(days)", "(number"),
        "utilisation": ("staff pool", "(%"), "map": ("(km)", "(km)"),
        "escalation": ("rung", "issues ("), "calibration": ("count (per year", ""),
        "sweep": ("x (value)", "(%)"),
    }  # fmt: skip
    for name, (x_part, y_part) in expected.items():
        ax = figs[name].axes[0]
        assert x_part in ax.get_xlabel(), name
        assert y_part in ax.get_ylabel(), name
        assert ax.get_title() or figs[name]._suptitle is not None, name


@pytest.mark.slow  # draws every figure (about 30 s on 2 busy cores)
def test_legends_sit_outside_the_axes():
    for name, fig in all_figures().items():
        fig.draw_without_rendering()
        for legend in fig.legends:
            box = legend.get_window_extent()
            for ax in fig.axes:
                assert not box.overlaps(ax.get_window_extent()), name


def test_series_differ_in_more_than_colour():
    styles = [P.series_style(i) for i in range(8)]
    for part in ("color", "marker", "hatch"):
        assert len({getattr(s, part) for s in styles}) == 8, part
    assert len({str(s.linestyle) for s in styles}) == 8
    okabe = {to_rgba(c) for c in P.OKABE_ITO.values()}
    assert {to_rgba(s.color) for s in styles} == okabe
    assert len({(s.color, s.marker) for s in map(P.series_style, range(64))}) == 64


def test_kpi_axis_label_names_the_unit():
    assert P.kpi_axis_label("on_site_p90_min") == "90th percentile time to on site (minutes)"
    assert P.kpi_axis_label("target_on_site_share").endswith("(%)")
    assert P.kpi_axis_label("level:town") == "number of issues ending at the town (issues)"
    assert P.kpi_axis_label("utilisation", "staff:repair") == "utilisation of repair (%)"


def test_the_figure_saves_as_png_and_svg(tmp_path):
    fig = P.ecdf_figure(on_site_log({"a": [[1, 2, 3]]}))
    png = P.save_figure(fig, tmp_path / "ecdf.png")
    svg = P.save_figure(fig, tmp_path / "out" / "ecdf.figure", format="svg")
    image = imread(png)
    assert image.ndim == 3 and image.shape[0] == round(fig.get_figheight() * P.DPI)
    text = svg.read_text()
    assert text.startswith("<?xml") and "<svg" in text
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        "ecdf.figure", "ecdf.png",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="format"):
        P.save_figure(fig, tmp_path / "ecdf.pdf")


def test_figures_need_no_pyplot(tmp_path):
    code = (
        "import sys, pandas as pd; from gridsim.views import ecdf_figure, save_figure;"
        "f = ecdf_figure(pd.DataFrame({'variant': ['a'], 'replication': [0],"
        "'reported_min': [0.0], 'on_site_min': [3.0]}));"
        "save_figure(f, sys.argv[1]);"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'"
    )
    out = tmp_path / "f.png"
    done = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0


# --- intervals within the KPI's range, and KPIs without issues ------------------------------


def test_sweep_error_bars_of_a_count_stay_at_or_above_zero():
    """Counts 0, 0, 3: the t interval of the mean reaches below 0, a count cannot."""
    rows = [{"point": "p0", "crews": 1, "replication": r, "kpi": "level:town",
             "scope": "community", "value": v, "unit": "issues"}
            for r, v in enumerate([0.0, 0.0, 3.0])]  # fmt: skip
    ax = P.sweep_figure(pd.DataFrame(rows), "crews", kpi="level:town").axes[0]
    low, high = ax.containers[0].lines[2][0].get_segments()[0][:, 1]
    assert low == 0.0 and high == pytest.approx(1 + T975[2] * math.sqrt(3) / math.sqrt(3))


def test_a_target_without_issues_says_so_instead_of_a_bar():
    rows = [("a", r, kpi, "community", 0.5) for r in range(3)
            for kpi in ("target_on_site_share", "target_resolved_share")]  # fmt: skip
    rows += [("a", r, "target_plan_share", "community", math.nan) for r in range(3)]
    ax = P.target_shares_figure(summary(rows)).axes[0]
    note = by_gid(ax.texts, "no-such-issues")
    assert note.get_text().strip() == "no such issues"
    assert "nan" not in " ".join(t.get_text() for t in ax.texts)


def test_the_summary_imports_first():
    """The summary says times through gridsim.views.amounts, whose package imports the
    figures, which use the summary: imported first in a fresh process, it must not meet a
    circular import (as `gridsim.run_experiment` imports it)."""
    subprocess.run([sys.executable, "-c", "import gridsim.stats.summary"], check=True, timeout=60)
