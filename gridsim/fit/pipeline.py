"""From a log to a fitted scenario: read, fit arrivals, times and duplicates, write.

`fit_log` reads a file; `fit_orders` fits orders already read (check-fit refits the months
before its hold-out this way). Either returns a `Fitted`: the estimates, the fitted
scenario (validated from the very text written to fitted.yaml, so what a planner reads is
what runs) and the bootstrap variants.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from gridsim.fit.arrivals import fit_arrivals
from gridsim.fit.durations import fit_times
from gridsim.fit.estimate import Estimate, Fit, period_text
from gridsim.fit.mapping import Mapping, load_mapping
from gridsim.fit.orders import Orders
from gridsim.fit.read import read_log
from gridsim.fit.write import fitted_text, rounded
from gridsim.scenario.loader import load_scenario, load_scenario_text
from gridsim.scenario.roster import Holiday
from gridsim.scenario.schema import Scenario


@dataclass
class Duplicates:
    """Extra reports of one problem per order, per kind (the scenario's duplicates_mean):
    the rows the reader merged, as a Poisson mean with Garwood's exact interval."""

    estimates: list[Estimate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def draws(self, n: int, rng: np.random.Generator) -> list[dict[str, float]]:
        """Gamma posterior draws (Jeffreys prior) of each kind's mean: about its interval."""
        out: list[dict[str, float]] = [{} for _ in range(n)]
        for est in self.estimates:
            extra = float(est.value) * est.rows
            values = rng.gamma(extra + 0.5, 1.0 / est.rows, n)
            for d, v in zip(out, values, strict=True):
                d[est.path] = float(v)
        return out


def fit_duplicates(orders: Orders, base: Scenario) -> Duplicates:
    """Each kind's mean extra reports per order, from the rows merged into its orders."""
    fit = Duplicates()
    period = period_text(orders.start, orders.end)
    table = orders.table
    for kind in base.demand.kinds:
        extra = table.loc[table["kind"] == kind, "reports"].to_numpy() - 1
        n = len(extra)
        if n == 0 or base.demand.kinds[kind].schedule:
            continue
        total = int(extra.sum())
        lower = stats.chi2.ppf(0.025, 2 * total) / 2 / n if total else 0.0
        upper = stats.chi2.ppf(0.975, 2 * total + 2) / 2 / n
        note = f"{total:,} duplicate rows merged into {n:,} orders"
        path = f"demand.kinds.{kind}.duplicates_mean"
        fit.estimates.append(Estimate(path, total / n, lower, upper, n, period, note))
    return fit


@dataclass
class Fitted:
    """A log's fit: what was read, what was fitted, and the scenario it makes."""

    orders: Orders
    fits: list[Any]
    estimates: list[Estimate]
    scenario: Scenario
    variants: dict[str, dict[str, Any]]
    text: str

    @property
    def notes(self) -> list[str]:
        """What the fitters could not fit, and why (kept from the base)."""
        return [n for f in self.fits for n in getattr(f, "notes", [])]


def fit_orders(
    orders: Orders,
    base: Scenario,
    *,
    holidays: Sequence[Holiday] | None = None,
    bootstrap: int = 0,
    seed: int = 0,
    base_path: Path | None = None,
    out: Path | None = None,
) -> Fitted:
    """Fit every estimable number of ``base`` from ``orders``; ``bootstrap`` variants drawn
    with ``seed``. With ``base_path`` the text extends that file (relative to ``out``)."""
    fits: list[Fit] = [
        fit_arrivals(orders, base, holidays=holidays),
        fit_times(orders, base),
        fit_duplicates(orders, base),
    ]
    estimates = [e for f in fits for e in f.estimates]
    variants = bootstrap_variants(fits, bootstrap, seed)
    text = fitted_text(
        estimates, base, header=header(orders, base_path), base_path=base_path, out=out,
        variants=variants,
    )  # fmt: skip
    source = str(out) if out is not None else "<fitted>"
    if base_path is not None and out is None:
        source = str(Path.cwd() / "fitted.yaml")
    scenario = load_scenario_text(text, source)
    return Fitted(orders, list(fits), estimates, scenario, variants, text)


def bootstrap_variants(fits: Sequence[Fit], n: int, seed: int) -> dict[str, dict[str, Any]]:
    """``n`` variants boot-01... each joining one draw of every fit (its own stream)."""
    if n <= 0:
        return {}
    joined: list[dict[str, Any]] = [{} for _ in range(n)]
    for k, fit in enumerate(fits):
        rng = np.random.default_rng([seed, k])
        for d, draw in zip(joined, fit.draws(n, rng), strict=True):
            d.update({p: rounded(float(v)) for p, v in draw.items()})
    width = max(2, len(str(n)))
    return {f"boot-{i:0{width}d}": d for i, d in enumerate(joined, start=1)}


def header(orders: Orders, base_path: Path | None) -> list[str]:
    """The comment at the top of fitted.yaml: the log, its period, what was left out."""
    lines = [
        f"Fitted by `gridsim fit` from {orders.source}: {len(orders):,} orders, "
        f"{period_text(orders.start, orders.end)} (extract {orders.extract}).",
        f"Rows read {orders.rows:,}; duplicates merged {orders.duplicates:,} "
        f"({orders.duplicate_share:.1%}); left out {sum(orders.bad.values()):,}"
        + (": " + ", ".join(f"{r} {n:,}" for r, n in orders.bad.items()) if orders.bad else "")
        + ".",
        "Each fitted number has its 95% interval, the rows it came from and the period beside it;",
    ]
    where = f"the base scenario {base_path}" if base_path else "the base scenario"
    lines.append(f"every other value is {where}'s (see it for their sources).")
    return [*lines, ""]


def fit_log(
    path: str | Path,
    fmt: str,
    *,
    base: str | Path,
    mapping: str | Path | Mapping | None = None,
    bootstrap: int = 0,
    seed: int = 0,
    out: Path | None = None,
) -> Fitted:
    """Read the log at ``path`` (in ``fmt``) and fit the scenario file ``base`` to it."""
    scenario = load_scenario(base)
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping)
    orders = read_log(path, fmt, base=scenario, mapping=mapping)
    holidays = mapping.holidays if mapping is not None else None
    return fit_orders(
        orders, scenario, holidays=holidays, bootstrap=bootstrap, seed=seed,
        base_path=Path(base), out=out,
    )  # fmt: skip


__all__ = ["Duplicates", "Fitted", "fit_duplicates", "fit_log", "fit_orders"]
