"""Shares within target, with their confidence intervals, by variant."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from gridsim.stats.kpis import undefined_text
from gridsim.views.plots.parts import _grouped_bars, _intervals, _kpi_rows, _percent_axis, _variants
from gridsim.views.plots.style import DEFAULT_TARGETS, TARGET_SHARES, _legend, _new_figure


def target_shares_figure(
    summary: pd.DataFrame, targets: Mapping[str, float] | None = None
) -> Figure:
    """The three "三个一" target shares per variant, with 95% t-intervals over replications.

    Grouped by variant so one variant's three shares read together; each target keeps its
    colour and hatch across variants. ``targets`` (metric to minutes) only words the legend;
    pass the scenario's `targets` when it differs from the default.
    """
    minutes = {**DEFAULT_TARGETS, **(targets or {})}
    variants = _variants(summary)
    series, stats = [], np.full((len(TARGET_SHARES), len(variants), 3), np.nan)
    for i, (kpi, metric, words) in enumerate(TARGET_SHARES):
        series.append(f"{words} within {minutes[metric]:g} min")
        table = _intervals(_kpi_rows(summary, kpi, "community"), ["variant"])
        for j, v in enumerate(variants):
            hit = table[table["variant"].astype(str) == v]
            if len(hit):
                stats[i, j] = hit[["mean", "low", "high"]].to_numpy(float)[0] * 100
    fig, ax = _new_figure()
    _grouped_bars(ax, variants, series, stats, clip=(0, 100), missing=undefined_text(""))
    _percent_axis(ax, "issues meeting the target (%)")
    ax.set_xlabel("variant")
    ax.set_title("Targets met (95% intervals)")
    _legend(fig)
    return fig
