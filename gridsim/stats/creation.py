"""KPIs timed from an issue's creation, so hidden problems count.

The other time KPIs run from the report: a latent problem nobody has found yet costs them
nothing, so patrols that find it are invisible there, and a variant that leaves problems
hidden can look better. These KPIs run from when the problem arose instead: how long latent
problems stay hidden, the times to on site and to resolution from creation, and how many
problems are hidden at a time.

They count the issues created after the warm-up (community and grid scopes: problems only,
as elsewhere; kind scopes: all). A time not reached by the horizon counts at its lower bound
(horizon - creation) in the percentiles, which are flagged `_reached` 0 when they fall on
one; means are of the issues that got there, as for the times from the report.
"""

from __future__ import annotations

import numpy as np

from gridsim.stats.kpis import CREATION_PERCENTILES, censored, grouped_percentiles, ratio

__all__ = ["CreationTimes", "time_values"]

KEPT = ("hidden", "hidden_open", "site", "site_open", "res", "res_open", "latent", "problem",
        "grid", "kind")  # fmt: skip
"""What is kept of each issue created after the warm-up, for its scopes' percentiles."""


class CreationTimes:
    """The times from creation of one replication, added up batch by batch of its log."""

    def __init__(self, warmup: float, horizon: float) -> None:
        self.warmup, self.horizon = warmup, horizon
        self.kept: list[tuple[np.ndarray, ...]] = []
        self.hidden_area = 0.0  # latent problems' time hidden inside [warm-up, horizon]

    def add(
        self, log: dict[str, np.ndarray], problem: np.ndarray, grid: np.ndarray, kind: np.ndarray
    ) -> None:
        """One batch: ``log`` holds the created, found, on_site and resolved minutes (NaN
        where not reached) and the latent flags; ``problem`` marks rows that are not
        volunteer services; ``grid``, ``kind`` are the rows' scope codes."""
        born = (log["created"] >= self.warmup) & (log["created"] < self.horizon)
        created, latent = log["created"][born], log["latent"][born]
        times = [censored(log[end][born] - created, created, self.horizon)
                 for end in ("found", "on_site", "resolved")]  # fmt: skip
        hidden = times[0][0]
        self.hidden_area += float(np.sum(hidden[latent & problem[born]]))
        self.kept.append((*(a for pair in times for a in pair), latent, problem[born],
                          grid[born].astype(np.int32), kind[born].astype(np.int32)))  # fmt: skip

    def hidden_backlog_mean(self) -> float:
        """Time-average number of latent problems created after the warm-up and not yet
        found, over the warm-up to the horizon."""
        return self.hidden_area / (self.horizon - self.warmup)

    def columns(self) -> dict[str, np.ndarray]:
        """The kept columns of every batch."""
        if not self.kept:
            empty = np.empty(0)
            flags = ("hidden_open", "site_open", "res_open", "latent", "problem")
            return {name: empty.astype(bool if name in flags else float) for name in KEPT}
        return {name: np.concatenate([k[j] for k in self.kept]) for j, name in enumerate(KEPT)}

    def scoped(self, dimension: str, groups: int) -> list[dict[str, float]]:
        """The KPIs of each of ``groups`` scopes of a dimension ("" the community, "grid" or
        "kind", as `kpis.Scopes` names them; the first two count problems only)."""
        c = self.columns()
        problem = c["problem"].astype(bool)
        code = {"": np.where(problem, 0, -1), "grid": np.where(problem, c["grid"], -1)}.get(
            dimension, c["kind"]
        ).astype(np.int64)
        hidden_code = np.where(c["latent"], code, -1)
        out: list[dict[str, float]] = [{} for _ in range(groups)]
        for name, key, codes in (("hidden", "hidden", hidden_code),
                                 ("created_to_on_site", "site", code),
                                 ("created_to_resolution", "res", code)):  # fmt: skip
            values, lower = c[key], c[f"{key}_open"].astype(bool)
            for g, kpis in enumerate(time_values(name, codes, values, lower, groups)):
                out[g].update(kpis)
        latent_n = np.bincount(hidden_code[hidden_code >= 0], minlength=groups)
        found = hidden_code[(hidden_code >= 0) & ~c["hidden_open"].astype(bool)]
        found_n = np.bincount(found, minlength=groups)
        for g in range(groups):
            out[g]["hidden_found_share"] = ratio(float(found_n[g]), float(latent_n[g]))
        return out


def time_values(
    name: str, code: np.ndarray, values: np.ndarray, lower: np.ndarray, groups: int
) -> list[dict[str, float]]:
    """The mean (of the times reached), censored percentiles and their flags of one time,
    per group (``lower``: the time is only a lower bound, not reached by the horizon)."""
    reached = (code >= 0) & ~lower
    sums = np.bincount(code[reached], weights=values[reached], minlength=groups)
    counts = np.bincount(code[reached], minlength=groups)
    quantiles = grouped_percentiles(code, values, lower, groups)
    out = []
    for g, (q, flags) in enumerate(quantiles):
        kpis = {f"{name}_mean_min": ratio(float(sums[g]), float(counts[g]))}
        n = len(CREATION_PERCENTILES)  # the first of QUANTILES
        for p, value, flag in zip(CREATION_PERCENTILES, q[:n], flags[:n], strict=True):
            kpis[f"{name}_{p}_min"], kpis[f"{name}_{p}_reached"] = value, flag
        out.append(kpis)
    return out
