"""`gridsim sensitivity`: which assumptions matter, ranked by their effect on each headline
KPI (and on the cheapest plan's cost), in words, in sensitivity.csv and in a tornado figure."""

from __future__ import annotations

import argparse
from pathlib import Path

from gridsim.cli.shared import _overrides, refuse_foreign, staged_files
from gridsim.cli_args import option_error
from gridsim.experiment.sensitivity import (
    COST_KPI,
    METHODS,
    RANK_BY,
    Sensitivity,
    negligible,
    sensitivity,
)
from gridsim.experiment.sweep import field_name, parse_ranges
from gridsim.i18n import _
from gridsim.scenario import Scenario, load_scenario
from gridsim.stats.kpis import unit_of
from gridsim.views.amounts import amount, difference

__all__ = ["SENSITIVITY_FILES", "add_sensitivity_arguments", "cmd_sensitivity", "ranking_lines"]

SENSITIVITY_FILES = ("sensitivity.csv", "tornado.png")
"""What `--out` receives."""


def cmd_sensitivity(args: argparse.Namespace) -> int:
    base = load_scenario(args.scenario, _overrides(args))
    if args.resume:
        raise option_error("--resume", "sensitivity keeps no runs to resume; run it again")
    if args.out is not None:
        _refuse_foreign(args.out, args.force)
    found = sensitivity(
        base, parse_ranges(args.ranges), args.method, samples=args.samples, kpis=args.kpis,
        levers=args.levers, require=args.requirements, jobs=args.jobs,
        executor="dask" if args.scheduler else args.executor, scheduler=args.scheduler,
        progress=not args.quiet,
    )  # fmt: skip
    print("\n".join(ranking_lines(found, base)))
    if args.out is not None:
        write_sensitivity(found, args.out)
        print(_("Written to {out}: sensitivity.csv, tornado.png").format(out=args.out))
    return 0


def _effect(found: Sensitivity, kpi: str, value: float) -> str:
    """An effect as a planner reads it: Morris's mu* in the KPI's unit (shares in points,
    costs in CNY), Sobol's ST as a share of the variance."""
    if found.method == "sobol":
        return _("ST {share} of the variance").format(share=f"{value:.0%}")
    unit = "CNY" if kpi == COST_KPI else unit_of(kpi)
    return "mu* " + (difference(value, unit) if unit == "share" else amount(value, unit))


def _kpi_line(found: Sensitivity, base: Scenario, kpi: str) -> tuple[str, list[str]]:
    """'on site within 10 min: most affected by repair crews (mu* 27.0 percentage points),
    then ...; negligible: ...', and the fields that matter for this KPI."""
    from gridsim.views.plots.tornado import output_label

    rows = found.table[found.table["kpi"] == kpi]
    unit = "CNY" if kpi == COST_KPI else unit_of(kpi)
    threshold = base.practical.of(kpi, unit)
    col = RANK_BY[found.method]
    matter, small = [], []
    for row in rows.itertuples():
        value = float(getattr(row, col))
        if negligible(found.method, value, threshold):
            small.append(field_name(str(row.parameter)))
        else:
            matter.append((str(row.parameter), _effect(found, kpi, value)))
    said = [_("{field} ({effect})").format(field=field_name(p), effect=e) for p, e in matter]
    text = _("most affected by {first}").format(first=said[0]) if said else _("no field matters")
    if len(said) > 1:
        text += _(", then {rest}").format(rest=_(", ").join(said[1:]))
    if small:
        text += _("; negligible: {fields}").format(fields=_(", ").join(small))
    line = _("{output}: {ranking}").format(output=output_label(kpi), ranking=text)
    return "  " + line, [p for p, _e in matter]


def ranking_lines(found: Sensitivity, base: Scenario) -> list[str]:
    """The ranking in plain words: what the indices mean, a line per KPI, and which figures
    are worth measuring in the planner's own community."""
    points = len(found.points)
    if found.method == "morris":
        head = _("Which assumptions matter (Morris screening, {n} points x {r} replications): "
                 "mu* is how much a KPI moves, on average, when the field goes across its "
                 "whole range.")  # fmt: skip
    else:
        head = _("Which assumptions matter (Sobol' indices, {n} points x {r} replications): "
                 "ST is the share of a KPI's variance the field explains, alone or with the "
                 "others.")  # fmt: skip
    lines = [head.format(n=points, r=found.replications)]
    worth: dict[str, None] = {}
    for kpi in dict.fromkeys(found.table["kpi"]):
        line, matter = _kpi_line(found, base, str(kpi))
        lines.append(line)
        worth.update(dict.fromkeys(matter))
    if worth:
        names = _(", ").join(field_name(p) for p in worth)
        lines.append(_("Worth measuring in your own community: {fields}.").format(fields=names))
    else:
        lines.append(_("No field in these ranges changes a KPI by a practical amount."))
    lines += [_("note: {note}").format(note=note) for note in found.notes]
    return lines


def _refuse_foreign(out: Path, force: bool) -> None:
    """An --out folder holding files this command did not write is refused, unless --force."""
    refuse_foreign(out, force, SENSITIVITY_FILES)


def write_sensitivity(found: Sensitivity, out: Path) -> None:
    """sensitivity.csv and tornado.png, written in a staging folder and moved in together."""
    from gridsim.views.plots.tornado import tornado_figure

    with staged_files(out, ".sensitivity-", SENSITIVITY_FILES) as staging:
        found.table.to_csv(staging / "sensitivity.csv", index=False)
        tornado_figure(found).savefig(staging / "tornado.png", dpi=120)


def add_sensitivity_arguments(sub: argparse._SubParsersAction) -> None:
    """`gridsim sensitivity`'s options."""
    from gridsim.cli.parser import _command, _execution_options, _scenario_argument, _size_options
    from gridsim.cli_args import integer, output_folder

    sens = _command(
        sub, "sensitivity",
        "which assumptions matter: fields ranked by their effect on each headline KPI",
        "gridsim sensitivity baseline --range staff.crews.repair=2:5 --range "
        "demand.kinds.repair.rate_per_household_year=0.5:1.5 --method morris --out "
        "results/which",
    )  # fmt: skip
    _scenario_argument(sens)
    sens.add_argument("--range", dest="ranges", action="append", default=[],
                      metavar="PATH=LOW:HIGH",
                      help="a field and the range it may take (one or more; two integers for a "
                           "count, rounded when sampled)")  # fmt: skip
    sens.add_argument("--method", choices=METHODS, default="morris",
                      help="morris: screening, cheap; sobol: variance shares, costly")  # fmt: skip
    sens.add_argument("--samples", type=integer(2, 100_000, "at least 2"),
                      help="Morris trajectories (default 10; points: samples x (fields + 1)) "
                           "or Sobol's base sample, a power of two from 8 (default 32; points: "
                           "samples x (fields + 2))")  # fmt: skip
    sens.add_argument("--kpi", dest="kpis", action="append", metavar="NAME",
                      help="KPIs to rank (default: the headline KPIs)")  # fmt: skip
    sens.add_argument("--lever", dest="levers", action="append", default=[],
                      metavar="PATH=LOW:HIGH[:COST]",
                      help="with --require: rank the fields by their effect on the cheapest "
                           "plan's cost too (one optimisation per point: slow)")  # fmt: skip
    sens.add_argument("--require", dest="requirements", action="append", default=[],
                      metavar="KPI[@SCOPE]>=VALUE", help="a requirement of that plan")  # fmt: skip
    _size_options(sens)
    sens.add_argument("--out", type=output_folder,
                      help="folder for sensitivity.csv and tornado.png")  # fmt: skip
    sens.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    _execution_options(sens)
