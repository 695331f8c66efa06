"""The sections that weigh results: variants against the first (paired comparison and
ranking), the model against the scenario's observed figures (calibration), and a sweep's design
points."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from gridsim.experiment.studies import HEADLINE_KPIS
from gridsim.experiment.sweep import BASE, design_name, field_name
from gridsim.i18n import _
from gridsim.stats.compare import compare, kpi_label, rank, verdict_text, with_order_kpis
from gridsim.stats.summary import intervals
from gridsim.views.answers import compare_answers, sweep_answers
from gridsim.views.data import ResultsData
from gridsim.views.report.figures import FigureSpec, figure_html
from gridsim.views.report.text import e, to_float

if TYPE_CHECKING:
    from gridsim.scenario.goals import Goal

__all__ = [
    "calibration_html",
    "comparison_html",
    "comparison_table",
    "sweep_design",
    "sweep_html",
    "sweep_parameters",
]


def comparison_table(data: ResultsData, variants: Sequence[str]) -> pd.DataFrame:
    """`compare` of every variant against the first (the current plan), on the headline
    KPIs it has (and the work orders' rates when it has orders), with the scenario's
    practical thresholds."""
    present = set(data.summary.loc[data.summary["scope"] == "community", "kpi"])
    kpis = [k for k in with_order_kpis(data.summary, HEADLINE_KPIS) if k in present]
    return compare(data.summary, variants[0], list(variants[1:]), kpis=kpis,
                   practical=data.scenario.practical)  # fmt: skip


def sweep_design(data: ResultsData) -> tuple[list[dict[str, Any]], str] | None:
    """A sweep's design points (point, design name in the language in use, values) and its
    reference, the current plan (None when the folder holds no sweep)."""
    if data.sweep is None or "point" not in data.sweep:
        return None
    params = sweep_parameters(data.sweep)
    table = data.sweep[["point", *params]].drop_duplicates("point")
    order = {v: i for i, v in enumerate(data.variants)}
    rows = sorted(table.to_dict("records"), key=lambda r: order.get(r["point"], len(order)))
    ref = data.sweep["reference"].dropna() if "reference" in data.sweep else pd.Series([])
    reference = str(ref.iloc[0]) if len(ref) else str(rows[0]["point"])
    plan = _("current plan")
    design = []
    for r in rows:
        values = {p: _plain(r[p]) for p in params if not _missing(r[p])}
        name = design_name(values)
        if r["point"] == reference:
            name = f"{name} ({plan})"
        design.append({"point": r["point"], "design": name, **values})
    return design, reference


def _plain(v: Any) -> Any:
    """A value read back from CSV as the scenario had it (3.0 -> 3)."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v.item() if hasattr(v, "item") else v


def _answers_html(lines: list[str]) -> str:
    if not lines:
        return ""
    items = "".join(f'<li class="answer">{e(line)}</li>' for line in lines)
    return f'<h3>{e(_("Answers"))}</h3><ul class="answers">{items}</ul>'


def comparison_html(data: ResultsData, variants: Sequence[str]) -> str:
    """Each variant (or design point) against the current plan, then the answer per goal."""
    swept = sweep_design(data)
    if swept is not None:
        design, base = swept
        variants = [base, *(v for v in variants if v != base)]
        names = {str(r["point"]): str(r["design"]) for r in design}
        answers = sweep_answers(intervals(data.summary_rows()), data.scenario, design, base)
    else:
        base, names = variants[0], {}
        answers = compare_answers(data.summary_rows(), data.scenario, list(variants))
    table = comparison_table(data, variants)
    blocks = []
    for other in variants[1:]:
        items = []
        for _i, row in table[table["variant"] == other].iterrows():
            verdict = str(row["verdict"])
            cls = {"better": "better", "worse": "worse"}.get(verdict, "neutral")
            shown = row.copy()
            shown["variant"] = names.get(other, other)
            items.append(
                f'<li class="verdict {cls}" data-variant="{e(other)}" data-kpi="{e(row["kpi"])}">'
                f'<span class="tag">{e(_(verdict))}</span> {e(verdict_text(shown))}</li>'
            )
        heading = _("{variant} against the current plan").format(variant=names.get(other, other))
        blocks.append(f'<h3>{e(heading)}</h3><ul class="verdicts">{"".join(items)}</ul>')
    content = "\n".join(blocks)
    if len(variants) > 6:
        summary = _("{n} comparisons with the current plan").format(n=len(variants) - 1)
        content = f"<details><summary>{e(summary)}</summary>{content}</details>"
    return (
        _intro(names.get(base, base))
        + _answers_html(answers)
        + content
        + _ranking(data, variants, table)
    )


def _intro(base: str) -> str:
    return "<p>" + e(_(
        "Each variant against the current plan, {base}, replication by replication on the "
        "same demand (a paired comparison). “Better” or “worse” means the 95% interval of "
        "the difference leaves no doubt about its direction and the difference is at least "
        "the scenario's practical threshold (the smallest difference that matters: by "
        "default a minute, a percentage point, one issue); “no practical difference” means a "
        "clear difference smaller than that; “no clear difference” means the runs cannot "
        "tell the two apart; “not reached” means a percentile was still open at the end of "
        "some run, so only a lower bound is known and a longer run is needed."
    ).format(base=base)) + "</p>"  # fmt: skip


def _ranking(data: ResultsData, variants: Sequence[str], table: pd.DataFrame) -> str:
    """Best first, by three KPIs, with Bonferroni-adjusted ties (three or more variants)."""
    if len(variants) <= 2:
        return ""
    lines = []
    for kpi in ("on_site_p90_min", "target_on_site_share", "resolution_mean_min"):
        if kpi not in set(table["kpi"]):
            continue
        ranked = rank(data.summary, list(variants), kpi)
        tie = _(" (tie)")
        order = ", ".join(
            f"{r.variant}{'' if r.distinguishable or r.rank == 1 else tie}"
            for r in ranked.itertuples()
        )
        text = _("by the {kpi}: {order}").format(kpi=kpi_label(kpi), order=order)
        lines.append(f"<li>{e(text)}</li>")
    note = _("Best first; “(tie)” marks a variant not clearly worse than the best "
             "(Bonferroni-adjusted paired intervals, 95% together).")  # fmt: skip
    return f"<h3>{e(_('Ranking'))}</h3><p>{e(note)}</p><ul>{''.join(lines)}</ul>"


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
            f"{_num(max(to_float(r.get('one_year_low')), 0.0))} {e(_('to'))} "
            f'{_num(r.get("one_year_high"))}</td><td class="{cls}">{e(_(verdict))}</td>'
            f"<td>{e(_source(r))}</td></tr>"
        )
    head = "".join(f'<th scope="col">{e(_(h))}</th>' for h in CALIBRATION_COLUMNS)
    caption = _("Simulated counts beside the scenario's observed figures")
    table = (
        f'<div class="scroll"><table class="data"><caption>{e(caption)}</caption><thead><tr>'
        f"{head}</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>"
    )
    fig = ""
    if figures:
        fig = figure_html(
            FigureSpec(
                "calibration",
                _("Calibration"),
                _("Simulated counts with their one-period ranges beside the observed figures"),
                e(_(CALIBRATION_CAPTION)),
                lambda: plots.calibration_figure(cal),
            )
        )
    lead = _("From {file} ({command}): does the model reproduce the counts observed in the "
             "place it represents (the scenario's {section} figures)?").format(
        file="<code>calibration.csv</code>", command="<code>gridsim calibrate</code>",
        section="<code>calibration</code>")  # fmt: skip
    return f"<p>{lead}</p>" + table + fig


CALIBRATION_CAPTION = (
    "Each source figure is one place over one period, so it is held against the range a "
    "single simulated period falls in (95% prediction interval), not against the interval of "
    "the mean. A figure outside its range means an assumption to revisit; figures not "
    "comparable with one simulated community are shown for scale only."
)

CALIBRATION_COLUMNS = ("figure", "observed", "simulated mean [95% interval]",
                       "one simulated period (95%)", "verdict", "source")  # fmt: skip
"""The calibration table's columns (translated at use)."""


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


SWEEP_COLUMNS = ("point", "design", "replication", "kpi", "scope", "value", "unit", "reference",
                 "vs_reference")  # fmt: skip


def sweep_parameters(sweep: pd.DataFrame) -> list[str]:
    """The swept fields: every column of sweep.csv that is not part of the tidy table."""
    return [c for c in sweep.columns if c not in SWEEP_COLUMNS]


def sweep_html(sweep: pd.DataFrame, figures: bool = True, goals: Sequence[Goal] = ()) -> str:
    """`sweep.csv`: its design points by name, and each swept field against the main KPIs,
    with the scenario's ``goals`` on them marked."""
    params = sweep_parameters(sweep)
    design = sweep[["point", *params]].drop_duplicates("point") if "point" in sweep else None
    out = ["<p>" + e(_("From sweep.csv: every design point is a variant of the scenario with the "
                       "swept fields set as below, run on the same random demand as the "
                       "current plan.")) + "</p>"]  # fmt: skip
    if design is not None and params:
        head = "".join(f'<th scope="col"><code>{e(p)}</code></th>' for p in params)
        rows = "".join(
            f'<tr><th scope="row">{e(_design_of(r, params))}</th><td>{e(r["point"])}</td>'
            + "".join(f'<td class="num">{e(_plain(r[p]))}</td>' for p in params)
            + "</tr>"
            for r in design.to_dict("records")
        )
        out.append(
            f'<details><summary>{e(_("Design points"))}</summary><div class="scroll">'
            f'<table class="data"><thead><tr><th scope="col">{e(_("design"))}</th>'
            f'<th scope="col">point</th>{head}</tr></thead><tbody>{rows}</tbody>'
            "</table></div></details>"
        )
    for i, param in enumerate(params[:4] if figures else []):
        others = [p for p in params if p != param]
        by = others[0] if len(others) == 1 else None
        for kpi in ("on_site_p90_min", "target_on_site_share"):
            out.append(figure_html(_sweep_spec(sweep, i, param, kpi, by, goals)))
    return "\n".join(out)


def _design_of(row: Mapping[Any, Any], params: Sequence[str]) -> str:
    """A design point's name in the language in use (the current plan's as such)."""
    name = design_name({p: _plain(row[p]) for p in params if not _missing(row[p])})
    return f"{name} ({_('current plan')})" if row["point"] == BASE else name


def _sweep_spec(
    sweep: pd.DataFrame, i: int, param: str, kpi: str, by: str | None, goals: Sequence[Goal]
) -> FigureSpec:
    from gridsim.views import plots

    field, label = field_name(param), kpi_label(kpi)
    each = _(", one line per value of {field}").format(field=field_name(by)) if by else ""
    caption = _("The mean {kpi} (with 95% intervals) as {field} changes{each}; the dotted "
                "line is the goal. Look for where the curve flattens: beyond it, more of the "
                "lever buys little.").format(kpi=label, field=field, each=each)  # fmt: skip
    return FigureSpec(
        f"sweep-{i}-{kpi}",
        _("{kpi} against {field}").format(kpi=label, field=field),
        _("{kpi} against {field}").format(kpi=label, field=field) + each,
        e(caption),
        partial(plots.sweep_figure, sweep, param, kpi, by=by, goals=goals),
    )
