"""Which assumptions matter: global sensitivity of the KPIs (and of the cheapest plan's cost)
to fields of the scenario, by Morris screening or Sobol' indices (SALib).

SALib samples points in the ranges; each point becomes a variant of the base scenario (a
count is rounded to an integer, a float kept) and runs on the executors like a sweep, with
common random numbers: replication r of every point sees the same demand, so a field that
does not touch the model has an effect of exactly 0. The model output of a point is the
mean over its replications of each KPI (community scope).

Morris's mu* is the mean absolute change of a KPI when the field moves across its whole
range (SALib's elementary effect is the change over a step of 2/3 of the range, divided by
2/3), in the KPI's unit; Sobol's ST is the share of the KPI's variance the field explains,
alone or with others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from gridsim.cli_args import check_known, option_error
from gridsim.experiment import runner
from gridsim.experiment.studies import HEADLINE_KPIS
from gridsim.experiment.sweep import _lookup, design_variants
from gridsim.i18n import _
from gridsim.model.streams import stable_hash
from gridsim.scenario import Scenario
from gridsim.scenario.loader import apply_overrides, validate_data
from gridsim.stats.compare import kpi_label

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COST_KPI",
    "INDICES",
    "METHODS",
    "SAMPLES",
    "Sensitivity",
    "check_samples",
    "counts",
    "negligible",
    "sample_points",
    "sensitivity",
    "sensitivity_table",
]

METHODS = ("morris", "sobol")
SAMPLES = {"morris": 10, "sobol": 32}
"""Default --samples: Morris trajectories, or Sobol's base sample N (a power of two)."""
SOBOL_LEAST = 8
"""Sobol's bootstrap confidence intervals mean little below this base sample."""
MORRIS_LEVELS = 4
INDICES = {
    "morris": ("mu_star", "mu_star_conf", "sigma"),
    "sobol": ("S1", "S1_conf", "ST", "ST_conf"),
}
"""The columns of sensitivity.csv each method fills (`RANK_BY` names the one that ranks)."""
RANK_BY = {"morris": "mu_star", "sobol": "ST"}
SOBOL_NEGLIGIBLE = 0.05
"""A field explaining under 5% of a KPI's variance (ST) is negligible (a common screening cut)."""
COST_KPI = "optimum_cost"
"""The output name of the cheapest plan's cost (CNY a year) in sensitivity.csv."""


@dataclass
class Sensitivity:
    """What a sensitivity analysis found: the indices (`table`, tidy), the points run and
    each point's outputs (a row per point, a column per KPI), and notes for the planner."""

    method: str
    ranges: dict[str, tuple[float, float]]
    points: list[dict[str, Any]]
    outputs: pd.DataFrame
    table: pd.DataFrame
    replications: int
    notes: list[str] = field(default_factory=list)


def check_samples(method: str, samples: int) -> None:
    """Refuse a sample size the method cannot work with (one located line)."""
    if method not in METHODS:
        raise option_error("--method", f"expected one of {', '.join(METHODS)}, found {method!r}")
    if method == "morris" and samples < 2:
        raise option_error("--samples", f"expected at least 2 Morris trajectories, found {samples}")
    if method == "sobol" and (samples < SOBOL_LEAST or samples & (samples - 1)):
        raise option_error("--samples", f"expected a power of two from {SOBOL_LEAST} for "
                                        f"sobol (e.g. 32), found {samples}")  # fmt: skip


def _problem(ranges: Mapping[str, tuple[float, float]]) -> dict[str, Any]:
    """SALib's problem: one variable per field, over its range."""
    return {"num_vars": len(ranges), "names": list(ranges),
            "bounds": [[float(lo), float(hi)] for lo, hi in ranges.values()]}  # fmt: skip


def _seed(seed: int) -> int:
    """SALib's seed, keyed by name from the scenario's: its own stream, as the LHS design."""
    sequence = np.random.SeedSequence((seed, stable_hash("design/sensitivity")))
    return int(sequence.generate_state(1)[0])


def counts(base: Scenario, ranges: Mapping[str, tuple[float, float]]) -> list[bool]:
    """Which fields are counts (rounded when sampled): an integer in the scenario, or, for
    a field it does not hold (a wage not named yet), a range given as two integers."""
    raw = base.model_dump(mode="python")

    def whole(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    held = {p: _lookup(raw, p) for p in ranges}
    return [whole(held[p]) if held[p] is not None else whole(lo) and whole(hi)
            for p, (lo, hi) in ranges.items()]  # fmt: skip


def sample_points(
    ranges: Mapping[str, tuple[float, float]], method: str, samples: int, seed: int,
    integer: Sequence[bool],
) -> tuple[np.ndarray, list[dict[str, Any]]]:  # fmt: skip
    """SALib's sample (a row per point, as drawn) and the points run, a count (``integer``)
    rounded, any other field kept."""
    from SALib.sample import morris, sobol

    problem = _problem(ranges)
    if method == "morris":
        x = morris.sample(problem, samples, num_levels=MORRIS_LEVELS, seed=_seed(seed))
    else:
        x = sobol.sample(problem, samples, calc_second_order=False, seed=_seed(seed))
    points = [{p: int(np.rint(v)) if c else float(v)
               for p, v, c in zip(ranges, row, integer, strict=True)} for row in x]  # fmt: skip
    return x, points


def _check_ranges(base: Scenario, ranges: Mapping[str, tuple[float, float]]) -> None:
    """Each field at its low and its high must make a valid scenario: an unknown field or a
    value the schema refuses is blamed on --range, before anything runs; so is a field
    that cannot move (LOW = HIGH: it has no effect to measure)."""
    for path, (lo, hi) in ranges.items():
        if lo == hi:
            raise option_error("--range", f"{path}={lo}:{hi}: expected LOW < HIGH (a field that "
                                          "cannot move has no effect to measure)")  # fmt: skip
    raw = base.model_dump(mode="python")
    for end in (0, 1):
        point = {p: span[end] for p, span in ranges.items()}
        validate_data(apply_overrides(raw, point, "--range"), "--range")


def _distinct(points: Sequence[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[int]]:
    """The distinct points (rounding a count often repeats one) and, for each point, the
    index of its distinct point: under common random numbers a repeat would be the same
    runs, so each is run (or optimised) once."""
    keys = [tuple(p.items()) for p in points]
    order = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    return [dict(k) for k in order], [order[k] for k in keys]


def _outputs(
    base: Scenario, points: Sequence[Mapping[str, Any]], replications: int, **options: Any
) -> pd.DataFrame:
    """Every point's KPIs (community scope), the mean over its replications: a row per point
    in sample order, a column per KPI."""
    import pandas as pd

    variants, design = design_variants(base, points)
    exp = runner.run_experiment(variants, replications, None, **options)
    rows = pd.DataFrame(exp.rows)
    rows = rows[rows["scope"] == "community"]
    values = pd.to_numeric(rows["value"], errors="coerce")
    means = values.groupby([rows["variant"], rows["kpi"]], sort=False).mean().unstack("kpi")
    return means.reindex([d["point"] for d in design]).reset_index(drop=True)


def _optimum_costs(
    base: Scenario, points: Sequence[Mapping[str, Any]], levers: Sequence[str],
    require: Sequence[str], notes: list[str], **options: Any,
) -> np.ndarray:  # fmt: skip
    """The cheapest plan's cost at every point (one optimisation each: slow). Where no plan
    within the bounds meets the requirements, the top plan's cost stands in (noted)."""
    from gridsim.optimiser import optimise

    variants, _design = design_variants(base, points)
    costs, short = [], 0
    for scenario in variants.values():
        opt = optimise(scenario, levers, require, **options)
        costs.append(float(opt.cost))
        short += not opt.feasible
    if short:
        notes.append(_("no plan within the levers' bounds meets the requirements at {short} "
                       "of {n} distinct points: the cost of every lever at its highest stands "
                       "in")
                     .format(short=short, n=len(points)))  # fmt: skip
    return np.asarray(costs, dtype=float)


def _indices(method: str, problem: dict, x: np.ndarray, y: np.ndarray, seed: int) -> dict:
    """SALib's analysis of one output (its bootstrap seeded: the same numbers every time)."""
    from SALib.analyze import morris, sobol

    if method == "morris":
        return dict(morris.analyze(problem, x, y, num_levels=MORRIS_LEVELS, seed=_seed(seed)))
    return dict(sobol.analyze(problem, y, calc_second_order=False, seed=_seed(seed)))


def sensitivity_table(
    method: str, ranges: Mapping[str, tuple[float, float]], x: np.ndarray,
    outputs: pd.DataFrame, seed: int,
) -> pd.DataFrame:  # fmt: skip
    """The tidy table: a row per KPI and field, the method's indices and the field's rank for
    that KPI (1: the largest effect; equal effects share a rank)."""
    import pandas as pd

    problem = _problem(ranges)
    frames = []
    for kpi in outputs.columns:
        found = _indices(method, problem, x, outputs[kpi].to_numpy(float), seed)
        frame = pd.DataFrame({name: np.asarray(found[name], float) for name in INDICES[method]})
        frame.insert(0, "method", method)
        frame.insert(0, "parameter", list(ranges))
        frame.insert(0, "kpi", kpi)
        frame["rank"] = frame[RANK_BY[method]].rank(method="min", ascending=False).astype(int)
        frames.append(frame.sort_values(["rank", "parameter"], kind="stable"))
    if not frames:
        return pd.DataFrame(columns=["kpi", "parameter", "method", *INDICES[method], "rank"])
    return pd.concat(frames, ignore_index=True)


def negligible(method: str, effect: float, threshold: float) -> bool:
    """Morris: mu* under the KPI's practical threshold (or exactly 0); Sobol: ST under 5%."""
    if method == "sobol":
        return not effect >= SOBOL_NEGLIGIBLE
    return effect == 0 or effect < threshold


def _kpis(outputs: pd.DataFrame, wanted: Sequence[str] | None, notes: list[str]) -> list[str]:
    """The KPIs to rank: ``wanted`` (checked), else the headline KPIs the runs have; a KPI
    without a value at every point (e.g. no complex issue: no plan share) is left out."""
    for kpi in wanted or []:
        check_known("--kpi", "KPI", kpi, list(outputs.columns))
    chosen = list(wanted or [k for k in HEADLINE_KPIS if k in outputs.columns])
    missing = [k for k in chosen if not np.isfinite(outputs[k].to_numpy(float)).all()]
    if missing:
        names = _(", ").join(kpi_label(k) for k in missing)
        notes.append(_("left out, without a value at every point: {kpis}").format(kpis=names))
    return [k for k in chosen if k not in missing]


def _check_inputs(
    scenario: Scenario, ranges: Mapping[str, tuple[float, float]], size: tuple[str, int],
    kpis: Sequence[str] | None, problem: tuple[Sequence[str], Sequence[str]],
) -> None:  # fmt: skip
    """Every input checked before anything runs, each refusal one located line: the method
    and its sample size, the KPIs by name, the optimisation problem, the ranges."""
    from gridsim.optimiser.problem import check_problem, parse_lever, parse_requirement
    from gridsim.stats.goals import possible_kpis

    check_samples(*size)
    known = sorted(possible_kpis(scenario.targets))
    for kpi in kpis or []:
        check_known("--kpi", "KPI", kpi, known)
    levers, require = problem
    if bool(levers) != bool(require):
        raise option_error("--lever" if levers else "--require",
                           "--lever and --require go together (the optimum's cost)")  # fmt: skip
    if levers:
        reqs = [parse_requirement(r) for r in require]
        check_problem(scenario, [parse_lever(lv) for lv in levers], reqs, None, 0.95)
    if not ranges:
        raise option_error("--range", "expected at least one --range PATH=LOW:HIGH")
    _check_ranges(scenario, ranges)


def sensitivity(
    scenario: Scenario, ranges: Mapping[str, tuple[float, float]], method: str = "morris", *,
    samples: int | None = None, kpis: Sequence[str] | None = None,
    levers: Sequence[str] = (), require: Sequence[str] = (), replications: int | None = None,
    optimise_options: Mapping[str, Any] | None = None, jobs: int = 0,
    executor: str = "process", scheduler: str | None = None, progress: bool = False,
) -> Sensitivity:  # fmt: skip
    """Rank the fields in ``ranges`` by their effect on each KPI and, given ``levers`` and
    ``require`` (as `gridsim.optimise` takes them, with ``optimise_options`` such as
    ``confidence`` or ``first``), on the cheapest plan's cost: one optimisation per sample
    point (Morris: samples x (fields + 1) of them), so slow."""
    n = samples if samples is not None else SAMPLES.get(method, 0)
    _check_inputs(scenario, ranges, (method, n), kpis, (levers, require))
    reps = replications if replications is not None else scenario.replications
    x, points = sample_points(ranges, method, n, scenario.seed, counts(scenario, ranges))
    run = {"jobs": jobs, "executor": executor, "scheduler": scheduler}
    distinct, where = _distinct(points)
    outputs = _outputs(scenario, distinct, reps, progress=progress, **run)
    outputs = outputs.iloc[where].reset_index(drop=True)
    notes: list[str] = []
    chosen = _kpis(outputs, kpis, notes)
    outputs = outputs[chosen].copy()
    if levers:
        options = {**(optimise_options or {}), **run}
        costs = _optimum_costs(scenario, distinct, levers, require, notes, **options)
        outputs[COST_KPI] = costs[where]
    table = sensitivity_table(method, ranges, x, outputs, scenario.seed)
    return Sensitivity(method, dict(ranges), points, outputs, table, reps, notes)
