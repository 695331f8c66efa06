"""report.html of `gridsim optimise`: the answer in plain words, each requirement with its
interval and verdict, the frontier figure, every plan simulated (the chosen one
highlighted), how the answer was reached, the monotonicity check and the notes.

One offline file like the main report: its styles (report.css), the figure as an embedded
PNG, and in Chinese the CJK font cut to the characters used (`cjk.font_face`)."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pandas as pd

from gridsim.experiment.sweep import field_name
from gridsim.i18n import _, lang
from gridsim.optimiser.result import Optimum
from gridsim.scenario.targets import Targets
from gridsim.stats.kpis import unit_of
from gridsim.views.amounts import amount, difference
from gridsim.views.optimum import (
    answer_lines,
    changes_text,
    kpi_words,
    monotone_text,
    requirement_name,
    verdict_text,
)
from gridsim.views.report import CSS
from gridsim.views.report.cjk import font_face
from gridsim.views.report.text import e
from gridsim.views.verdicts import MARKS

__all__ = ["OPTIMUM_REPORT", "optimum_report"]

OPTIMUM_REPORT = "report.html"

STYLE = "tr.chosen td, tr.chosen th { background: #fff8c5; font-weight: 600; }"
"""What the optimum's report adds to report.css: the chosen plan's row stands out (the
words 'chosen plan' in its status cell say it too)."""

MARK_OF: dict[str, Literal["met", "missed", "unclear"]] = {
    "feasible": "met",
    "infeasible": "missed",
}


def optimum_report(opt: Optimum, targets: Targets | None = None, png: bytes | None = None) -> str:
    """The report as one HTML5 document, in the language in use; ``png``: frontier.png."""
    sections = [
        ("answer", _("The answer"), _answer_html(opt, targets)),
        ("requirements", _("Requirements"), _requirements_html(opt, targets)),
        ("frontier", _("Cost against attainment"), _figure_html(png)),
        ("plans", _("Plans simulated"), _plans_html(opt)),
        ("how", _("How the answer was reached"), _how_html(opt)),
        ("monotone", _("Does more staff always help?"), _monotone_html(opt, targets)),
    ]
    if opt.notes:
        sections.append(("notes", _("Notes"), _list(opt.notes)))
    body = "\n".join(f'<section id="{sid}">\n<h2>{e(title)}</h2>\n{html}\n</section>'
                     for sid, title, html in sections)  # fmt: skip
    title = _("What would it take: {name}").format(name=opt.scenario)
    lead = _("gridsim optimise on scenario {name}, seed {seed}: the cheapest plan within the "
             "levers' bounds that meets every requirement with {level} confidence.").format(
        name=opt.scenario, seed=opt.seed, level=amount(opt.confidence, "share", 0))  # fmt: skip
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang() == "zh" else "en"}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>\n{font_face(title + lead + body)}\n{CSS}\n{STYLE}\n"
        f'</style>\n</head>\n<body>\n<header>\n<h1>{e(title)}</h1>\n<p class="lead">'
        f"{e(lead)}</p>\n</header>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _list(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>"


def _answer_html(opt: Optimum, targets: Targets | None) -> str:
    """The console's answer: its first line as the answer, the rest as a list."""
    first, *rest = answer_lines(opt, targets)
    items = [line.strip().removeprefix("- ") for line in rest]
    return f'<p class="question"><strong>{e(first)}</strong></p>' + _list(items)


def _requirements_html(opt: Optimum, targets: Targets | None) -> str:
    """A row per requirement at the chosen plan: estimate, interval, tolerance, verdict."""
    heads = (_("verdict"), _("requirement"), _("estimate"),
             _("{level} interval").format(level=amount(opt.confidence, "share", 0)),
             _("tolerance"), _("runs"))  # fmt: skip
    rows = []
    for req in opt.requirements:
        unit = unit_of(req["kpi"])
        status = MARK_OF.get(req["decision"], "unclear")
        rows.append(
            f'<tr class="{status}" data-kpi="{e(req["kpi"])}" data-scope="{e(req["scope"])}">'
            f'<td><span class="mark {status}" aria-hidden="true">{MARKS[status]}</span> '
            f'<span class="status">{e(verdict_text(req, opt.confidence))}</span></td>'
            f'<th scope="row">{e(requirement_name(req, targets))}</th>'
            f'<td class="num">{e(amount(req["estimate"], unit))}</td>'
            f'<td class="num">[{e(amount(req["lower"], unit))}, {e(amount(req["upper"], unit))}]'
            f'</td><td class="num">{e(amount(req["tolerance"], unit))}</td>'
            f'<td class="num">{req["replications"]}</td></tr>'
        )  # fmt: skip
    return _table("requirements", heads, "".join(rows))


def _table(css: str, heads: Sequence[str], rows: str) -> str:
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in heads)
    return (f'<div class="scroll"><table class="data compact {css}"><thead><tr>{head}</tr>'
            f"</thead><tbody>{rows}</tbody></table></div>")  # fmt: skip


def _figure_html(png: bytes | None) -> str:
    """frontier.png embedded, with a caption that says what to look at."""
    caption = e(_("Each mark is a plan simulated, with its interval; colour and shape say "
                  "whether it meets the requirement. The dashed line is the goal and the grey "
                  "band the tolerance; the step line joins the plans no cheaper plan beats. "
                  "The chosen plan and the current plan are ringed."))  # fmt: skip
    if png is None:
        return f"<p>{caption}</p>"
    data = base64.b64encode(png).decode("ascii")
    alt = e(_("Cost against each requirement for every plan simulated"))
    return (f'<figure id="fig-frontier"><img alt="{alt}" src="data:image/png;base64,{data}">'
            f"<figcaption>{caption}</figcaption></figure>")  # fmt: skip


def _plans_html(opt: Optimum) -> str:
    """frontier.csv as a table, cheapest first; the chosen plan's row highlighted."""
    table = opt.frontier
    if not len(table):
        return "<p>" + e(_("No plan was simulated.")) + "</p>"
    paths = list(opt.plan)
    keys = [f"{r['kpi']}@{r['scope']}" for r in opt.requirements]
    heads = [field_name(p) for p in paths] + [_("cost a year"), _("decision"), _("runs")]
    heads += [requirement_name(r, None) for r in opt.requirements] + [_("Pareto plan")]
    rows = [_plan_row(line, opt, paths, keys) for line in table.to_dict("records")]  # type: ignore[arg-type]
    return _table("plans", heads, "".join(rows))


def _plan_row(line: Mapping[str, Any], opt: Optimum, paths: list[str], keys: list[str]) -> str:
    plan = {p: line[p] for p in paths}
    css = " ".join(c for c, hit in (("chosen", plan == opt.plan), ("current", plan == opt.current))
                   if hit)  # fmt: skip
    roles = {"chosen": _("chosen plan") if opt.feasible else _("best the bounds allow"),
             "current": _("current plan")}  # fmt: skip
    status = " · ".join([_(str(line["status"]))] + [w for c, w in roles.items() if c in css])
    cells = [f'<th scope="row">{line[paths[0]]}</th>'] + [f'<td class="num">{line[p]}</td>'
                                                          for p in paths[1:]]  # fmt: skip
    cells += [f'<td class="num">{e(amount(line["cost"], "CNY"))}</td>',
              f"<td>{e(status)}</td>", f'<td class="num">{line["replications"]}</td>']  # fmt: skip
    for key in keys:
        unit = unit_of(key.split("@", 1)[0])
        cells.append(f'<td class="num">{e(amount(_num(line.get(key)), unit))} '
                     f'<span class="ci">[{e(amount(_num(line.get(key + " lower")), unit))}, '
                     f'{e(amount(_num(line.get(key + " upper")), unit))}]</span></td>')  # fmt: skip
    cells.append(f"<td>{e(_('yes') if line.get('on_frontier') else '')}</td>")
    return f'<tr class="{css}">' + "".join(cells) + "</tr>"


def _num(value: Any) -> float:
    return float("nan") if value is None or pd.isna(value) else float(value)


def _how_html(opt: Optimum) -> str:
    """The top plan, each lever's bound from bisection, the warm start, the effort, and
    the sequential check in one paragraph."""
    top = {p: opt.frontier[p].max() for p in opt.plan} if len(opt.frontier) else opt.plan
    items = [_("First the plan with every lever at its highest ({plan}): if even it fell "
               "short, no plan within the bounds would do.").format(
        plan=changes_text(top, opt.current))]  # fmt: skip
    items += [_("Bisection, the other levers at their highest: {lever} needs at least {low}.")
              .format(lever=field_name(p), low=low) for p, low in opt.bounds.items()]  # fmt: skip
    items += [_("Warm start for {lever}: Erlang's bound from the load measured at the top "
                "plan ({load} crews busy on average), so {first} was tried first.").format(
        lever=field_name(p), load=f"{w['load']:.2f}", first=int(w["first_tried"]))
        for p, w in opt.warm_start.items()]  # fmt: skip
    items.append(_("Then the plans left, cheapest first: {designs} plans simulated in all, "
                   "{runs} runs ({cpu} CPU-s).").format(designs=opt.designs_evaluated,
                                                        runs=opt.replications,
                                                        cpu=f"{opt.cpu_seconds:.1f}"))  # fmt: skip
    check = _("Each plan is decided by a fully sequential feasibility check (Andradóttir and "
              "Kim 2010) with common random numbers: it gets a few runs first and more only "
              "while it is too close to a goal to decide; it is declared feasible when the "
              "mean clears the goal, or falls within its tolerance, with {level} confidence "
              "(shared among the requirements), and infeasible when it falls short by more "
              "than the tolerance.").format(level=amount(opt.confidence, "share", 0))  # fmt: skip
    return _list(items) + f"<p>{e(check)}</p>"


def _monotone_html(opt: Optimum, targets: Targets | None) -> str:
    """The check that more of a lever never makes a requirement worse, and the worst
    exceptions."""
    out = f"<p>{e(monotone_text(opt, targets))}</p>"
    worst = [_("{change}: {kpi} worse by {by}").format(
        change=changes_text(w["higher_plan"], w["lower_plan"]),
        kpi=kpi_words(w["kpi"], w["scope"], targets),
        by=difference(w["worse_by"], unit_of(w["kpi"])))
        for w in opt.monotone.get("worst", [])]  # fmt: skip
    return out + (_list(worst) if worst else "")
