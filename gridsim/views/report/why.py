"""The report's section "Why targets are missed": for each "三个一" target, the reason in a
line per variant, and for the first variant (the current plan) a table by kind and one by
hour of the report: the share of issues missing the target, and the mean time of the misses
split into its parts (`gridsim.stats.decompose`); then the figure of the on-site target by
hour. In the language in use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from gridsim.i18n import _
from gridsim.scenario.schema import Scenario
from gridsim.stats.decompose import PART_WORDS, TARGET_PARTS, TARGETS, decompose, issue_parts
from gridsim.views.amounts import amount, time_text
from gridsim.views.data import ResultsData
from gridsim.views.plots.decompose import TARGET_WORDS, group_order, why_figure
from gridsim.views.report.figures import FigureSpec, figure_html
from gridsim.views.report.text import e
from gridsim.views.why import scenarios_of, target_reason

__all__ = ["METRIC_TARGETS", "why_html", "why_of"]

METRIC_TARGETS = {"on_site": "on_site", "resolution": "resolved", "plan": "plan"}
"""`gridsim plot --metric` -> the target of `gridsim.stats.decompose`."""

TABLES = ("kind", "hour")


def why_of(data: ResultsData, metric: str = "on_site", by: str = "variant") -> Any:
    """The figure `gridsim plot --kind why` draws: one target (by ``metric``) per group of
    ``by`` (kind, hour, weekday, month or grid; 'variant', the default, means by hour)."""
    target = METRIC_TARGETS[metric]
    grouping = "hour" if by == "variant" else by
    table = decompose(data.issues, scenarios_of(data), targets=(target,), by=(grouping,))
    minutes = getattr(data.scenario.targets, TARGETS[target].field)
    return why_figure(table, target, grouping, minutes, data.variants[0] if data.variants else None)


def why_html(data: ResultsData, variants: Sequence[str], figures: bool = True) -> str:
    """The section's HTML."""
    sc = data.scenario
    intro = _(
        "Each issue's time to a target is split into its parts, read from the issue log and "
        "the scenario's rosters: waiting for someone on duty (the report came when nobody who "
        "could take it, or no crew, was on shift), triage, waiting for a crew, travel, work and "
        "waiting for a rung, a meeting or a plan. The parts add up to the time the target "
        "measures. The tables are of {variant}; times are means of the issues that missed."
    ).format(variant=variants[0] if variants else "")
    out = [f"<p>{e(intro)}</p>"]
    scenarios = scenarios_of(data)
    table = decompose(data.issues, scenarios, by=("all", *TABLES))
    for name, target in TARGETS.items():
        limit = getattr(sc.targets, target.field)
        heading = _("{target} within {time}").format(target=_(TARGET_WORDS[name]),
                                                     time=time_text(limit, 0))  # fmt: skip
        mine = table[table["target"] == name]
        if not len(mine):
            continue
        out.append(f"<h3>{e(heading)}</h3>")
        out.append(_reasons(data.issues, scenarios, name, variants))
        for by in TABLES:
            out.append(_table(mine, by, variants[0] if variants else "", TARGET_PARTS[name]))
    if figures:
        spec = FigureSpec(
            "why", _("Why issues miss the on-site target, by hour"),
            _("Stacked bars of the mean parts of the misses' times by hour of the report"),
            _("The top panel is the share of issues that miss the target; the bottom one splits "
              "the misses' mean time into its parts, with the target as a dashed line."),
            lambda: why_of(data, "on_site", "hour"),
        )  # fmt: skip
        out.append(figure_html(spec))
    return "\n".join(out)


def _reasons(
    log: pd.DataFrame, scenarios: dict[str, Scenario], target: str, variants: Sequence[str]
) -> str:
    parts = issue_parts(log, scenarios, target)
    items = []
    for v in variants:
        mine = parts[parts["variant"].astype(str) == v]
        if len(mine):
            items.append(f"<li><strong>{e(_(v))}</strong>: {e(target_reason(mine, target))}</li>")
    return f'<ul class="why">{"".join(items)}</ul>'


def _table(table: pd.DataFrame, by: str, variant: str, parts: tuple[str, ...]) -> str:
    """One table: a row per group, the share missing, the mean parts of the misses."""
    rows = table[(table["by"] == by) & (table["variant"] == variant)]
    if not len(rows):
        return ""
    wide = rows.pivot_table(index="group", columns="part", values="minutes", aggfunc="first",
                            dropna=False)  # fmt: skip
    info = rows.groupby("group")[["issues", "miss_share"]].first()
    groups = group_order([str(g) for g in info.index], by)
    minutes = wide.reindex(index=groups, columns=list(parts)).to_numpy(float)
    info = info.reindex(groups)
    issues, missing = info["issues"].to_numpy(int), info["miss_share"].to_numpy(float)
    head = "".join(f"<th>{e(_(PART_WORDS[p]))}</th>" for p in parts)
    body = []
    for k, g in enumerate(groups):
        cells = "".join(f'<td class="num">{e(time_text(m))}</td>' for m in minutes[k])
        body.append(
            f'<tr><th>{e(_(g))}</th><td class="num">{issues[k]}</td>'
            f'<td class="num">{e(amount(missing[k], "share"))}</td>{cells}</tr>'
        )
    caption = _("By {by}").format(by=_(by))
    return (
        f'<table class="why" data-by="{e(by)}"><caption>{e(caption)}</caption><thead><tr>'
        f"<th>{e(_(by))}</th><th>{e(_('issues (all runs)'))}</th><th>{e(_('missing'))}</th>{head}"
        f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
