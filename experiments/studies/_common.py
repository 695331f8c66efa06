"""What every study script shares: options, running the variants, tables from the issue log,
intervals over replications, and writing the out/ folder.

A study script puts this folder on `sys.path` and imports this module; it is not a study
itself (no run.py). Every statistic is computed per replication first, then summarised by a
Student t interval over replications (or a paired one, when two variants are compared on the
same replications: common random numbers).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from matplotlib.figure import Figure

from gridsim.api import scenario_of
from gridsim.experiment.runner import run_experiment
from gridsim.model.demand import DAY_MIN
from gridsim.scenario import Scenario
from gridsim.stats.compare import paired_ci
from gridsim.stats.intervals import mean_ci
from gridsim.stats.kpis import range_of
from gridsim.views.plots import save_figure

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "scenarios" / "baseline.yaml"

QUICK_REPLICATIONS = 3
QUICK_HORIZON_DAYS = 165  # to mid-June: the heating season (Sep-May) and the rest of the year
CREW_HANDLERS = ("repair", "cleaning", "patrol", "fire")
"""The four colours of quick-repair crews: the issues a dispatch rule and a crew count touch."""
SERVICE_HANDLER = "volunteer"
"""Volunteers' scheduled services (care visits, micro wishes): not problems. gridsim's
community and grid KPIs leave them out; its kind scopes and `volunteer_services` hold them."""


# ---------------------------------------------------------------------------------------------
# Options and running


def options(doc: str | None, default_replications: int = 20) -> argparse.Namespace:
    """The command line every study takes: --replications, --quick, --out, --jobs."""
    here = Path(sys.argv[0]).resolve().parent
    parser = argparse.ArgumentParser(
        description=(doc or "").strip().splitlines()[0] if doc else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--replications",
        type=int,
        default=None,
        help=f"replications of each variant (default {default_replications}; "
        f"{QUICK_REPLICATIONS} with --quick)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke test: {QUICK_REPLICATIONS} replications of {QUICK_HORIZON_DAYS} days",
    )
    parser.add_argument("--out", type=Path, default=here / "out", help="output folder")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: all cores)")
    args = parser.parse_args()
    if args.replications is None:
        args.replications = QUICK_REPLICATIONS if args.quick else default_replications
    if args.replications < 2:
        parser.error("--replications must be at least 2 (intervals need two)")
    args.out.mkdir(parents=True, exist_ok=True)
    for old in [*args.out.glob("fig_*.png"), *args.out.glob("*.csv"), args.out / "findings.md"]:
        old.unlink(missing_ok=True)  # from scratch: nothing stale from an earlier run
    args.started = time.perf_counter()
    return args


def baseline(args: argparse.Namespace, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """The baseline scenario with ``overrides``; with --quick, a short horizon."""
    changes = dict(overrides or {})
    if args.quick:
        changes["calendar.horizon_days"] = QUICK_HORIZON_DAYS
    return scenario_of(BASELINE, changes)


def variant_of(base: Scenario, overrides: Mapping[str, Any]) -> Scenario:
    """``base`` with dotted-path overrides, validated like `--set`."""
    return scenario_of(base, dict(overrides))


@dataclass
class Run:
    """What a study's runs produced: the KPI summary, the issue log, and how long it took."""

    scenario: Scenario  # the base (reference) scenario: calendar, targets, grids
    variants: list[str]
    replications: int
    summary: pd.DataFrame
    issues: pd.DataFrame
    seconds: float
    notes: list[str] = field(default_factory=list)

    @property
    def warmup_min(self) -> float:
        return self.scenario.calendar.warmup_days * DAY_MIN

    @property
    def horizon_min(self) -> float:
        return self.scenario.calendar.horizon_days * DAY_MIN


def run(variants: Mapping[str, Scenario], args: argparse.Namespace) -> Run:
    """Replication r of every variant on the same random demand (common random numbers),
    on the process pool (``--jobs``, 0: all cores), kept in memory."""
    started = time.perf_counter()
    exp = run_experiment(dict(variants), args.replications, None, progress=False, jobs=args.jobs)
    issues = pa.concat_tables(exp.logs).to_pandas()
    names = list(variants)
    issues["variant"] = pd.Categorical(issues["variant"].astype(str), categories=names)
    summary = pd.DataFrame(exp.rows)
    first = next(iter(variants.values()))
    return Run(first, names, args.replications, summary, issues, time.perf_counter() - started)


# ---------------------------------------------------------------------------------------------
# The issue log


def in_window(issues: pd.DataFrame, run: Run, column: str = "reported_min") -> pd.DataFrame:
    """Issues whose ``column`` falls after the warm-up and before the horizon, as the KPIs
    count them."""
    t = issues[column].to_numpy(float)
    return issues[(t >= run.warmup_min) & (t < run.horizon_min)]


def problems(issues: pd.DataFrame) -> pd.DataFrame:
    """The issues gridsim's community and grid KPIs count: all but volunteers' scheduled
    services (handler `volunteer`)."""
    return issues[(issues["handler"].astype(str) != SERVICE_HANDLER).to_numpy()]


def months(minutes: pd.Series | np.ndarray, start: dt.date) -> np.ndarray:
    """The calendar month (1-12) of each time in minutes from the start of the run."""
    stamp = pd.Timestamp(start) + pd.to_timedelta(np.asarray(minutes, float), unit="min")
    return np.asarray(stamp.month, dtype=int)


def hour_of_day(minutes: pd.Series | np.ndarray) -> np.ndarray:
    return (np.asarray(minutes, float) % DAY_MIN) / 60.0


def share_within(times: np.ndarray, target: float) -> float:
    """Share of issues done within ``target``; NaN (never done) counts as a miss, as in the
    KPIs."""
    times = np.asarray(times, float)
    return float(np.sum(times <= target) / len(times)) if len(times) else math.nan


REACHED = " reached"
"""The suffix of a percentile metric's flag (1 reached, 0 only a lower bound)."""


def time_open(g: pd.DataFrame, horizon_min: float, start: str = "reported_min") -> np.ndarray:
    """Each issue's time open at the horizon (horizon - ``start``): what a time not reached
    by the horizon counts as in a percentile, as in the KPIs."""
    return horizon_min - g[start].to_numpy(float)


def censored_pctl(times: np.ndarray, q: float, open_min: np.ndarray) -> tuple[float, float]:
    """Percentile of the times as the KPIs compute it (gridsim.stats.kpis): an issue not
    reached by the horizon (NaN) counts at its time open (``open_min``); the percentile is
    then only a lower bound when it falls on such an issue. Returns the value and its
    reached flag (1.0 a time, 0.0 a lower bound)."""
    times = np.asarray(times, float)
    lower = np.isnan(times)
    values = np.where(lower, np.asarray(open_min, float), times)
    keep = ~np.isnan(values)
    values, lower = values[keep], lower[keep]
    n = len(values)
    if n == 0:
        return math.nan, math.nan
    order = np.lexsort((lower, values))  # at a tie, a reached time first (as the KPIs)
    values, lower = values[order], lower[order]
    at = q / 100 * (n - 1)
    lo = math.floor(at)
    hi = min(lo + 1, n - 1) if at > lo else lo
    return float(np.percentile(values, q)), 0.0 if lower[lo] or lower[hi] else 1.0


def percentiles(
    times: np.ndarray, open_min: np.ndarray, named: Mapping[str, float], scale: float = 1.0
) -> dict[str, float]:
    """Censored percentiles (``censored_pctl``) by metric name, each beside its flag
    '<name> reached', which `intervals` turns into the rows' `reached` share and `num`
    into '≥'. ``scale`` divides the values (e.g. minutes to days)."""
    out = {}
    for name, q in named.items():
        value, reached = censored_pctl(times, q, open_min)
        out[name] = value / scale
        out[f"{name}{REACHED}"] = reached
    return out


def mean_of(times: np.ndarray) -> float:
    times = np.asarray(times, float)
    times = times[~np.isnan(times)]
    return float(times.mean()) if len(times) else math.nan


def per_replication(
    issues: pd.DataFrame,
    keys: Sequence[str],
    metrics: Callable[[pd.DataFrame], Mapping[str, float]],
) -> pd.DataFrame:
    """A tidy table: one row per variant, replication, other ``keys`` and metric.

    ``metrics`` maps the issues of one group to named values. Groups with no issue are
    skipped (a metric of nothing is not a zero).
    """
    rows = []
    by = ["variant", "replication", *keys]
    for key, grp in issues.groupby(by, observed=True, sort=True):
        labels = dict(zip(by, key, strict=True))
        for name, value in metrics(grp).items():
            rows.append({**labels, "metric": name, "value": float(value)})
    return pd.DataFrame(rows, columns=[*by, "metric", "value"])


def summary_kpi(run: Run, kpi: str, scope: str = "community") -> pd.DataFrame:
    """One KPI of the summary in the same tidy shape as `per_replication`."""
    s = run.summary
    rows = s[(s["kpi"] == kpi) & (s["scope"] == scope)]
    return pd.DataFrame(
        {
            "variant": pd.Categorical(rows["variant"].astype(str), categories=run.variants),
            "replication": rows["replication"].to_numpy(),
            "metric": kpi if scope == "community" else f"{kpi} [{scope}]",
            "value": rows["value"].to_numpy(float),
        }
    )


# ---------------------------------------------------------------------------------------------
# Intervals


def bounds_of(metric: str) -> tuple[float, float]:
    """The range a metric's mean cannot leave, as gridsim's KPIs (`range_of`): shares and
    flags in [0, 1], counts and times at least 0. A summary KPI's scope ('kpi [scope]') is
    dropped first; the studies' own metrics follow the same naming (`_share`)."""
    name = metric.split(" [")[0]
    if name.endswith(REACHED):
        return 0.0, 1.0
    return range_of(name)


def intervals(table: pd.DataFrame, keys: Sequence[str] = ()) -> pd.DataFrame:
    """Mean and 95% t-interval over replications per variant, ``keys`` and metric, cut to
    the metric's range (`bounds_of`). A percentile's row also holds `reached`: the share
    of replications where it was reached by the horizon (NaN for other metrics)."""
    by = ["variant", *keys, "metric"]
    rows = []
    for key, grp in table.groupby(by, observed=True, sort=False):
        values = grp["value"].to_numpy(float)
        values = values[~np.isnan(values)]
        labels = dict(zip(by, key, strict=True))
        bounds = bounds_of(str(labels["metric"]))
        mean, low, high = mean_ci(values, bounds=bounds) if len(values) else (math.nan,) * 3
        rows.append({**labels, "mean": mean, "low": low, "high": high, "n": len(values)})
    out = pd.DataFrame(rows, columns=[*by, "mean", "low", "high", "n"])
    flag = out["metric"].astype(str).str.endswith(REACHED)
    flags = out[flag].assign(metric=out.loc[flag, "metric"].astype(str).str[: -len(REACHED)])
    flags = flags[[*by, "mean"]].rename(columns={"mean": "reached"})
    if flags.empty:
        return out.assign(reached=math.nan)
    out["metric"] = out["metric"].astype(str)
    flags["metric"] = flags["metric"].astype(str)
    return out.merge(flags, on=by, how="left")


def paired(
    table: pd.DataFrame, a: str, b: str, metric: str, where: Mapping[str, Any] | None = None
) -> dict[str, float]:
    """Variant b minus variant a, paired by replication (both saw the same demand): means,
    the mean difference and its 95% paired t-interval."""
    sel = table[table["metric"] == metric]
    for k, v in (where or {}).items():
        sel = sel[sel[k] == v]
    wide = sel.pivot_table(
        index="replication", columns="variant", values="value", observed=True
    ).dropna()
    va, vb = wide[a].to_numpy(float), wide[b].to_numpy(float)
    diff, low, high = paired_ci(va, vb)
    return {
        "a": float(va.mean()),
        "b": float(vb.mean()),
        "diff": diff,
        "low": low,
        "high": high,
        "n": len(va),
    }


def lookup(ci: pd.DataFrame, **where: Any) -> pd.Series:
    """The one row of an interval table matching ``where``."""
    sel = ci
    for k, v in where.items():
        sel = sel[(sel[k] == v).to_numpy()]
    if len(sel) != 1:
        raise KeyError(f"{len(sel)} rows match {where}")
    return sel.iloc[0]


# ---------------------------------------------------------------------------------------------
# Words


def pct(row: Mapping[str, float] | pd.Series, digits: int = 1) -> str:
    """A share with its interval: '52.9% (52.1-53.7%)'."""
    m, lo, hi = (float(row[k]) * 100 for k in ("mean", "low", "high"))
    lo, hi = max(lo, 0.0), min(hi, 100.0)  # a share's t-interval clipped to what is possible
    return f"{m:.{digits}f}% ({lo:.{digits}f}-{hi:.{digits}f}%)"


def num(row: Mapping[str, float] | pd.Series, unit: str = "min", digits: int = 0) -> str:
    """A number with its interval: '741 min (731-752)'."""
    m, lo, hi = (float(row[k]) for k in ("mean", "low", "high"))
    unit = f" {unit}" if unit else ""
    reached = float(row.get("reached", math.nan))
    if reached < 1.0:  # a percentile not reached by the horizon in some replications
        n = int(row["n"])
        missed = round((1.0 - reached) * n)
        return f"≥ {m:.{digits}f}{unit} (not reached by the horizon in {missed} of {n} runs)"
    return f"{m:.{digits}f}{unit} ({lo:.{digits}f}-{hi:.{digits}f})"


def diff_text(d: Mapping[str, float], unit: str = "min", scale: float = 1.0, digits: int = 1):
    """A paired difference in words: '+4.2 min (95% interval +3.1 to +5.3), clear'."""
    m, lo, hi = (d[k] * scale for k in ("diff", "low", "high"))
    clear = "a clear difference" if (lo > 0 or hi < 0) else "no clear difference"
    return f"{m:+.{digits}f} {unit} (95% interval {lo:+.{digits}f} to {hi:+.{digits}f}; {clear})"


def markdown_table(frame: pd.DataFrame) -> str:
    """A pandas table as GitHub markdown, without the optional tabulate dependency."""
    cols = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Writing


def save(fig: Figure, args: argparse.Namespace, name: str) -> Path:
    """A figure as PNG (150 dpi) in the out folder, written atomically."""
    return save_figure(fig, args.out / name)


def write_csv(frame: pd.DataFrame, args: argparse.Namespace, name: str) -> Path:
    path = args.out / name
    tmp = path.with_name(path.name + ".tmp")
    frame.to_csv(tmp, index=False, float_format="%.6g")
    os.replace(tmp, path)
    return path


def write_findings(
    args: argparse.Namespace, run: Run, title: str, sections: Iterable[str], script: str
) -> Path:
    """findings.md: what was run and the numbers measured, generated by the script."""
    sc = run.scenario
    cal = sc.calendar
    head = [
        f"# {title}: findings",
        "",
        f"Generated by `{script}`"
        + (
            " --quick (a smoke test: too few replications and days to conclude anything)"
            if args.quick
            else ""
        )
        + f" on {dt.date.today().isoformat()}.",
        "",
        f"- Scenario: `scenarios/baseline.yaml` (seed {sc.seed}), {cal.horizon_days:g} days "
        f"from {cal.start_date.isoformat()}, warm-up {cal.warmup_days:g} days.",
        f"- Variants: {', '.join(run.variants)}; {run.replications} replications each, "
        "replication r of every variant on the same random demand (common random numbers).",
        "- Intervals are 95% Student t intervals over replications; differences are paired "
        "by replication.",
        f"- Simulation time {run.seconds:.1f} s; whole script "
        f"{time.perf_counter() - args.started:.1f} s (jobs={args.jobs or 'all cores'}, "
        f"{os.cpu_count()} cores).",
        *(f"- {note}" for note in run.notes),
        "",
    ]
    path = args.out / "findings.md"
    text = "\n".join(head) + "\n" + "\n\n".join(s.strip("\n") for s in sections) + "\n"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def done(args: argparse.Namespace, files: Iterable[Path]) -> None:
    seconds = time.perf_counter() - args.started
    print(f"wrote {', '.join(p.name for p in files)} to {args.out} in {seconds:.1f} s")
