"""Shares within target, and the work orders' rates by kind, with their confidence
intervals, by variant."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from gridsim.i18n import _
from gridsim.stats.kpis import undefined_text
from gridsim.views.plots.parts import (
    _grouped_bars,
    _intervals,
    _kpi_rows,
    _order,
    _percent_axis,
    _variants,
)
from gridsim.views.plots.style import (
    DEFAULT_TARGETS,
    TARGET_SHARES,
    _legend,
    _new_figure,
    _style_axes,
    target_time,
)


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
        within = _("{what} within {time}")
        series.append(within.format(what=_(words), time=target_time(minutes[metric])))
        table = _intervals(_kpi_rows(summary, kpi, "community"), ["variant"])
        for j, v in enumerate(variants):
            hit = table[table["variant"].astype(str) == v]
            if len(hit):
                stats[i, j] = hit[["mean", "low", "high"]].to_numpy(float)[0] * 100
    fig, ax = _new_figure()
    _grouped_bars(ax, variants, series, stats, clip=(0, 100), missing=_(undefined_text("")))
    _percent_axis(ax, _("issues meeting the target (%)"))
    ax.set_xlabel(_("variant"))
    ax.set_title(_("Targets met (95% intervals)"))
    _legend(fig)
    return fig


ORDER_RATES_BY_KIND = (
    ("response_rate", "signed for in time (%)"),
    ("on_time_rate", "resolved in time (%)"),
)


def order_rates_figure(summary: pd.DataFrame) -> Figure:
    """The work orders' response and on-time rates by kind, one bar per variant, with 95%
    t-intervals over replications: which kinds miss their deadlines, and whether a variant
    changes that. Kinds without orders (scheduled visits) are left out."""
    variants = _variants(summary)
    scopes = [str(s) for s in _order(summary["scope"]) if str(s).startswith("kind:")]
    fig = Figure(figsize=(7.0, 6.4), layout="constrained")
    axes = fig.subplots(len(ORDER_RATES_BY_KIND), 1, sharex=True)
    kinds: list[str] = []
    for ax, (kpi, label) in zip(axes, ORDER_RATES_BY_KIND, strict=True):
        _style_axes(ax)
        table = _intervals(_kpi_rows(summary, kpi), ["variant", "scope"])
        table = table[table["scope"].isin(scopes) & table["mean"].notna()]
        kinds = [s for s in scopes if s in set(table["scope"])]
        stats = np.full((len(variants), len(kinds), 3), np.nan)
        for row in table.itertuples():
            if str(row.variant) in variants:
                at = (variants.index(str(row.variant)), kinds.index(str(row.scope)))
                stats[at] = np.array([row.mean, row.low, row.high], float) * 100
        names = [_(k.partition(":")[2]) for k in kinds]
        _grouped_bars(ax, names, variants, stats, clip=(0, 100), missing=_(undefined_text(kpi)))
        _percent_axis(ax, _(label))
    axes[-1].set_xlabel(_("kind of issue"))
    axes[0].set_title(_("Work orders within their sign-off and resolution deadlines "
                        "(95% intervals)"))  # fmt: skip
    _legend(fig)
    return fig
