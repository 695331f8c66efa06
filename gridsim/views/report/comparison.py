"""The sections that weigh results: variants against the first (paired comparison and
ranking), the model against the scenario's observed figures (calibration), and a sweep's design
points."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

import pandas as pd

from gridsim.experiment.studies import HEADLINE_KPIS
from gridsim.stats.compare import compare, kpi_label, rank, verdict_text, with_order_kpis
from gridsim.views.data import ResultsData
from gridsim.views.report.figures import FigureSpec, figure_html
from gridsim.views.report.text import e, to_float


def comparison_table(data: ResultsData, variants: Sequence[str]) -> pd.DataFrame:
    """`compare` of every variant against the first, on the headline KPIs it has (and the
    work orders' rates when it has orders)."""
    present = set(data.summary.loc[data.summary["scope"] == "community", "kpi"])
    kpis = [k for k in with_order_kpis(data.summary, HEADLINE_KPIS) if k in present]
    return compare(data.summary, variants[0], list(variants[1:]), kpis=kpis)


def comparison_html(data: ResultsData, variants: Sequence[str]) -> str:
    base = variants[0]
    table = comparison_table(data, variants)
    blocks = []
    for other in variants[1:]:
        items = []
        for _, row in table[table["variant"] == other].iterrows():
            verdict = str(row["verdict"])
            cls = {"better": "better", "worse": "worse"}.get(verdict, "neutral")
            items.append(
                f'<li class="verdict {cls}" data-variant="{e(other)}" data-kpi="{e(row["kpi"])}">'
                f'<span class="tag">{e(verdict)}</span> {e(verdict_text(row))}</li>'
            )
        blocks.append(
            f'<h3>{e(other)} against {e(base)}</h3><ul class="verdicts">{"".join(items)}</ul>'
        )
    ranking = ""
    if len(variants) > 2:
        lines = []
        for kpi in ("on_site_p90_min", "target_on_site_share", "resolution_mean_min"):
            if kpi not in set(table["kpi"]):
                continue
            ranked = rank(data.summary, list(variants), kpi)
            order = ", ".join(
                f"{r.variant}{'' if r.distinguishable or r.rank == 1 else ' (tie)'}"
                for r in ranked.itertuples()
            )
            lines.append(f"<li>by the {e(kpi_label(kpi))}: {e(order)}</li>")
        ranking = (
            "<h3>Ranking</h3><p>Best first; “(tie)” marks a variant not clearly worse than the "
            "best (Bonferroni-adjusted paired intervals, 95% together).</p>"
            f"<ul>{''.join(lines)}</ul>"
        )
    intro = (
        f"<p>Each variant against <strong>{e(base)}</strong>, replication by replication on "
        "the same demand (a paired comparison). “Better” or “worse” means the 95% interval "
        "of the difference leaves no doubt about its direction; “no clear difference” means "
        "the runs cannot tell the two apart: more replications might, or the difference is "
        "too small to matter; “not reached” means a percentile was still open at the end of "
        "some run, so only a lower bound is known and a longer run is needed.</p>"
    )
    content = "\n".join(blocks)
    if len(variants) > 6:
        content = (
            f"<details><summary>{len(variants) - 1} comparisons with {e(base)}</summary>"
            f"{content}</details>"
        )
    return intro + content + ranking


# --------------------------------------------------------------------------------------
# Calibration and sweep


def calibration_html(cal: pd.DataFrame, figures: bool = True) -> str:
    """`calibration.csv` as a table of simulated counts beside the source figures."""
    from gridsim.views import plots

    rows = []
    for r in cal.to_dict("records"):
        seed = "–" if _missing(r.get("seed")) else f"{float(r['seed']):g}"
        verdict = str(r.get("verdict", ""))
        cls = {"inside": "better", "OUTSIDE": "worse"}.get(verdict, "neutral")
        rows.append(
            f'<tr><th scope="row">{e(r.get("figure", ""))}</th><td class="num">{e(seed)}</td>'
            f'<td class="num">{_num(r.get("mean"))} [{_num(r.get("ci_low"))}, '
            f'{_num(r.get("ci_high"))}]</td><td class="num">'
            f"{_num(max(to_float(r.get('one_year_low')), 0.0))} to "
            f'{_num(r.get("one_year_high"))}</td><td class="{cls}">{e(verdict)}</td>'
            f"<td>{e(_source(r))}</td></tr>"
        )
    table = (
        '<div class="scroll"><table class="data"><caption>Simulated counts beside the '
        "scenario's observed figures</caption><thead><tr>"
        '<th scope="col">figure</th><th scope="col">observed</th>'
        '<th scope="col">simulated mean [95% interval]</th>'
        '<th scope="col">one simulated period (95%)</th><th scope="col">verdict</th>'
        '<th scope="col">source</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div>"
    )
    fig = ""
    if figures:
        fig = figure_html(
            FigureSpec(
                "calibration",
                "Calibration",
                "Simulated counts with their one-period ranges beside the observed figures",
                "Each source figure is one place over one period, so it is held against the range "
                "a single simulated period falls in (95% prediction interval), not against the "
                "interval of the mean. A figure outside its range means an assumption to revisit; "
                "figures not comparable with one simulated community are shown for scale only.",
                lambda: plots.calibration_figure(cal),
            )
        )
    return (
        "<p>From <code>calibration.csv</code> (<code>gridsim calibrate</code>): does the model "
        "reproduce the counts observed in the place it represents (the scenario's "
        "<code>calibration</code> figures)?</p>" + table + fig
    )


def _source(row: Mapping[Any, Any]) -> str:
    """The figure's source, with where and over what period it was counted when the file
    says (files written before scenarios had their own figures do not)."""
    where = [str(row[k]) for k in ("scope", "period") if not _missing(row.get(k))]
    return "; ".join([str(row.get("source", "")), *where])


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _num(v: Any) -> str:
    f = to_float(v)
    return "–" if math.isnan(f) else f"{f:,.1f}"


SWEEP_COLUMNS = ("point", "replication", "kpi", "scope", "value", "unit")


def sweep_parameters(sweep: pd.DataFrame) -> list[str]:
    """The swept fields: every column of sweep.csv that is not part of the tidy table."""
    return [c for c in sweep.columns if c not in SWEEP_COLUMNS]


def sweep_html(sweep: pd.DataFrame, figures: bool = True) -> str:
    """`sweep.csv`: its design points, and each swept field against the main KPIs."""
    from gridsim.views import plots

    params = sweep_parameters(sweep)
    design = sweep[["point", *params]].drop_duplicates("point") if "point" in sweep else None
    out = [
        "<p>From <code>sweep.csv</code>: every design point is a variant of the scenario with "
        "the swept fields set as below, run on the same random demand.</p>"
    ]
    if design is not None and params:
        head = "".join(f'<th scope="col"><code>{e(p)}</code></th>' for p in params)
        rows = "".join(
            f'<tr><th scope="row">{e(r["point"])}</th>'
            + "".join(f'<td class="num">{e(r[p])}</td>' for p in params)
            + "</tr>"
            for r in design.to_dict("records")
        )
        out.append(
            '<details><summary>Design points</summary><div class="scroll"><table class="data">'
            f'<thead><tr><th scope="col">point</th>{head}</tr></thead><tbody>{rows}</tbody>'
            "</table></div></details>"
        )
    for i, param in enumerate(params[:4] if figures else []):
        others = [p for p in params if p != param]
        by = others[0] if len(others) == 1 else None
        for kpi in ("on_site_p90_min", "target_on_site_share"):
            out.append(
                figure_html(
                    FigureSpec(
                        f"sweep-{i}-{kpi}",
                        f"{kpi_label(kpi).capitalize()} against {param}",
                        f"{kpi_label(kpi)} against {param}"
                        + (f", one line per value of {by}" if by else ""),
                        f"The mean {e(kpi_label(kpi))} (with 95% intervals) as "
                        f"<code>{e(param)}</code> changes"
                        + (f", one line per value of <code>{e(by)}</code>" if by else "")
                        + ". Look for where the curve flattens: beyond it, more of the lever "
                        "buys little.",
                        partial(plots.sweep_figure, sweep, param, kpi, by=by),
                    )
                )
            )
    return "\n".join(out)
