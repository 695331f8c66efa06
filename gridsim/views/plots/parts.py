"""Helpers the figure families share: table checks, intervals, grouped bars, axis scales."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, PercentFormatter

from gridsim.i18n import _
from gridsim.stats.summary import kpi_ci
from gridsim.views.plots.style import BAND_MIN_REPLICATIONS, SYMLOG, SeriesStyle, series_style


def _order(values: pd.Series) -> list[Any]:
    """Groups in their natural order: a categorical's own order, else first appearance."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        present = set(values.dropna().unique())
        return [c for c in values.cat.categories if c in present]
    return list(pd.unique(values.dropna()))


def _need(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Fail early with the table and column named, rather than deep inside pandas."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"the {what} has no column {', '.join(map(repr, missing))}")


def _band(curves: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
    """Pointwise spread of per-replication curves (one row each): the 2.5-97.5% range with
    enough replications, else the min-max range, and a legend text saying which."""
    n = len(curves)
    if n >= BAND_MIN_REPLICATIONS:
        low, high = np.nanpercentile(curves, [2.5, 97.5], axis=0)
        return low, high, _("2.5-97.5% of {n} replications").format(n=n)
    text = _("range of {n} replications").format(n=n)
    return np.nanmin(curves, axis=0), np.nanmax(curves, axis=0), text


def _band_patch(text: str) -> Patch:
    """The legend entry of the bands: what their spread is (`_band`'s text)."""
    return Patch(color="0.6", alpha=0.4, label=_("band: {what}").format(what=text))


def _intervals(rows: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Mean and 95% t-interval over replications of ``value`` for each combination of
    ``keys``, in order of first appearance, within the KPI's range (`kpi_ci`)."""
    out = []
    values = pd.to_numeric(rows["value"], errors="coerce")
    kpis = rows["kpi"].astype(str) if "kpi" in rows else pd.Series("", index=rows.index)
    for key, grp in values.groupby([rows[k] for k in keys], sort=False, observed=True):
        key = key if isinstance(key, tuple) else (key,)
        mean, low, high = kpi_ci(kpis[grp.index[0]], grp.to_numpy(float))
        out.append({**dict(zip(keys, key, strict=True)), "mean": mean, "low": low, "high": high})
    return pd.DataFrame(out, columns=[*keys, "mean", "low", "high"])


def _kpi_rows(
    summary: pd.DataFrame, kpi: str | None = None, scope: str | None = None
) -> pd.DataFrame:
    """The rows of one KPI (and scope), after checking the summary has the columns used."""
    _need(summary, ("variant", "kpi", "scope", "value"), "summary")
    keep = np.ones(len(summary), bool)
    if kpi is not None:
        keep &= (summary["kpi"] == kpi).to_numpy()
    if scope is not None:
        keep &= (summary["scope"] == scope).to_numpy()
    return summary[keep]


def _variants(summary: pd.DataFrame) -> list[str]:
    """Variants in run order, which is how the reader met them in the run's own table."""
    return [str(v) for v in _order(summary["variant"])]


def _grouped_bars(
    ax: Axes,
    categories: Sequence[str],
    series: Sequence[str],
    stats: np.ndarray,
    clip: tuple[float, float] | None = None,
    styles: Sequence[SeriesStyle] | None = None,
    missing: str = "",
) -> None:
    """Bars of each series side by side in each category, with error bars.

    ``stats`` has shape (series, categories, 3): mean, low, high; a NaN interval (one
    replication) draws no error bar, and a NaN mean writes ``missing`` (e.g. "no such
    issues") where its bar would stand. ``clip`` limits intervals to the possible range (a
    share cannot exceed 100%). Each series has its colour and its hatch, black-edged.
    """
    n = len(series)
    width = 0.8 / max(n, 1)
    x = np.arange(len(categories), dtype=float)
    for i, name in enumerate(series):
        mean, low, high = stats[i, :, 0], stats[i, :, 1], stats[i, :, 2]
        if clip is not None:
            low, high = np.clip(low, *clip), np.clip(high, *clip)
        style = (styles or [series_style(j) for j in range(n)])[i]
        ax.bar(
            x + (i - (n - 1) / 2) * width, mean, width, label=str(name),
            yerr=np.vstack([mean - low, high - mean]), capsize=3,
            color=style.color, hatch=style.hatch, edgecolor="black", linewidth=0.6,
            error_kw={"elinewidth": 1.0, "ecolor": "black"},
        )  # fmt: skip
        for at in (x + (i - (n - 1) / 2) * width)[np.isnan(mean)] if missing else ():
            ax.text(at, 0, f" {missing}", rotation=90, ha="center", va="bottom",
                    fontsize=7, gid="no-such-issues")  # fmt: skip
    _category_ticks(ax, x, [str(c) for c in categories])
    ax.grid(False, axis="x")


def _category_ticks(ax: Axes, x: np.ndarray, labels: Sequence[str]) -> None:
    """Category names under their bars, slanted when they would run into each other."""
    ax.set_xticks(x, labels)
    if sum(len(t) for t in labels) > 60 or max((len(t) for t in labels), default=0) > 14:
        _slant(ax)


def _slant(ax: Axes) -> None:
    """Slant the x tick labels, anchored at their right end so each points at its tick."""
    for t in ax.get_xticklabels():
        t.set_rotation(30)
        t.set_horizontalalignment("right")
        t.set_rotation_mode("anchor")


def _percent_axis(ax: Axes, label: str) -> None:
    """A share axis from 0 to 100%: a fixed scale, so figures of different runs compare."""
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    ax.set_ylabel(label)


def _plain_number(value: float, _pos: Any = None) -> str:
    """Tick text as 10, 100, 1000: planners read minutes, not powers of ten."""
    return f"{value:g}"


def _symlog(ax: Axes, axis: str = "x") -> None:
    """Log scale above 1, linear below, with plain numbers (10, 100) rather than powers."""
    if axis == "x":
        ax.set_xscale("symlog", **SYMLOG)
        ax.xaxis.set_major_formatter(FuncFormatter(_plain_number))
    else:
        ax.set_yscale("symlog", **SYMLOG)
        ax.yaxis.set_major_formatter(FuncFormatter(_plain_number))


def _display(x: np.ndarray, log_x: bool) -> np.ndarray:
    """Minutes as distance along the time axis: decades on the log axis (0-1 min is the
    first decade), minutes on a linear one."""
    x = np.asarray(x, dtype=float)
    if not log_x:
        return x
    return np.where(x <= 1.0, x, 1.0 + np.log10(np.maximum(x, 1.0)))


def _from_display(u: np.ndarray, log_x: bool) -> np.ndarray:
    """The inverse of `_display`: bin edges laid out evenly on the axis, in minutes."""
    u = np.asarray(u, dtype=float)
    if not log_x:
        return u
    return np.where(u <= 1.0, u, 10.0 ** (u - 1.0))
