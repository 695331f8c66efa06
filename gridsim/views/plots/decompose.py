"""Why a target is missed, as a figure: per group (kind, hour of day, weekday, month, grid),
the share of issues missing the target, and the mean time of the misses split into its parts
(`gridsim.stats.decompose`), stacked, with the target marked. Labels go through `_()`, so
the figure speaks the language in use (Chinese text draws with the CJK font of `style`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from gridsim.i18n import _
from gridsim.stats.decompose import PART_WORDS, PARTS, TARGET_PARTS
from gridsim.views.amounts import time_text
from gridsim.views.plots.style import HATCHES, SERIES_COLOURS, _legend, _style_axes

__all__ = ["BY_WORDS", "TARGET_WORDS", "group_order", "why_figure"]

TARGET_WORDS = {"on_site": "on site", "resolved": "routine resolved", "plan": "complex planned"}
"""The targets in words (translated at use)."""

BY_WORDS = {"all": "all issues", "kind": "kind", "hour": "hour of the report",
            "weekday": "weekday of the report", "month": "month of the report",
            "grid": "grid"}  # fmt: skip
"""The groupings in words (translated at use)."""

UNITS = ((1440.0, "days"), (60.0, "h"), (1.0, "min"))


def _unit(longest: float) -> tuple[float, str]:
    """Minutes per unit of the time axis: days or hours when the bars run that long."""
    for size, name in UNITS:
        if longest >= 2 * size:
            return size, name
    return 1.0, "min"


def group_order(groups: list[str], by: str) -> list[str]:
    """Groups in their natural order: hours and months by number, weekdays Monday first."""
    if by in ("hour", "month"):
        return sorted(groups, key=lambda g: int(g))
    if by == "weekday":
        days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        return [d for d in days if d in groups]
    return sorted(groups)


def why_figure(
    table: pd.DataFrame, target: str, by: str, target_min: float, variant: str | None = None
) -> Figure:
    """Two panels for one target and grouping of `decompose`'s ``table`` (one variant, the
    first unless named): the share of issues missing the target per group, and the mean
    parts of the misses' times, stacked, with the target's time as a dashed line."""
    rows = table[(table["target"] == target) & (table["by"] == by)]
    variant = variant or (str(rows["variant"].iloc[0]) if len(rows) else "")
    rows = rows[rows["variant"] == variant]
    if not len(rows):
        raise ValueError(_("no issues counted for this target"))
    wide = rows.pivot_table(index="group", columns="part", values="minutes", aggfunc="first",
                            dropna=False)  # fmt: skip
    share = rows.groupby("group")["miss_share"].first()
    groups = group_order([str(g) for g in share.index], by)
    wide, share = wide.reindex(groups).fillna(0.0), share.reindex(groups)
    size, unit = _unit(float(wide[list(PARTS)].sum(axis=1).max()))
    fig = Figure(figsize=(max(6.0, 0.32 * len(groups) + 3), 6.0), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(1, 2.2))
    x = np.arange(len(groups))
    for ax in (top, bottom):
        _style_axes(ax)
    top.bar(x, share.to_numpy(float) * 100, color=SERIES_COLOURS[0], width=0.7)
    top.set_ylim(0, 100)
    top.set_ylabel(_("missing the target (%)"))
    base = np.zeros(len(groups))
    handles: list[Patch | Line2D] = []
    for k, part in enumerate(PARTS):
        if part not in TARGET_PARTS[target]:
            continue
        heights = wide[part].to_numpy(float) / size if part in wide else np.zeros(len(groups))
        bottom.bar(x, heights, bottom=base, width=0.7, color=SERIES_COLOURS[k],
                   hatch=HATCHES[k], edgecolor="white", linewidth=0.4)  # fmt: skip
        handles.append(Patch(facecolor=SERIES_COLOURS[k], hatch=HATCHES[k], edgecolor="white",
                             label=_(PART_WORDS[part])))  # fmt: skip
        base += heights
    line = bottom.axhline(target_min / size, color="black", linestyle="--", linewidth=1.2)
    line.set_label(_("target: {time}").format(time=time_text(target_min, 0)))
    handles.append(line)
    bottom.set_ylabel(_("mean time of the misses ({unit})").format(unit=_(unit)))
    bottom.set_xticks(x, [_(g) for g in groups], rotation=45 if len(groups) > 8 else 0)
    bottom.set_xlabel(_(BY_WORDS.get(by, by)))
    title = _("Why issues miss '{target} within {time}' ({variant})")
    top.set_title(title.format(target=_(TARGET_WORDS[target]), time=time_text(target_min, 0),
                               variant=_(variant)))  # fmt: skip
    _legend(fig, handles, ncols=3)
    return fig
