"""Summaries across replications: the mean of each KPI with its 95% interval."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from gridsim.stats.intervals import mean_ci

HEADLINE = (
    ("issues", "community", "issues reported (after warm-up)", "{:.0f}"),
    ("on_site_mean_min", "community", "time to on site, mean (min)", "{:.1f}"),
    ("on_site_p90_min", "community", "time to on site, p90 (min)", "{:.1f}"),
    ("target_on_site_share", "community", "on site within target", "{:.1%}"),
    ("resolution_mean_min", "community", "time to resolution, mean (min)", "{:.1f}"),
    ("target_resolved_share", "community", "routine resolved within target", "{:.1%}"),
    ("target_plan_share", "community", "complex planned within target", "{:.1%}"),
    ("level:grid_leader", "community", "ended with a grid leader", "{:.1f}"),
    ("level:community", "community", "ended with the committee", "{:.1f}"),
    ("level:joint_meeting", "community", "ended at the joint meeting", "{:.1f}"),
    ("level:town", "community", "ended at the town", "{:.1f}"),
    ("level:above_town", "community", "went above the town", "{:.1f}"),
    ("backlog_mean", "community", "open issues, time-average", "{:.2f}"),
)


def intervals(rows: Iterable[dict]) -> dict[tuple[str, str, str], tuple[float, float, float, int]]:
    """(variant, kpi, scope) -> (mean, low, high, replications) over replications."""
    values: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for row in rows:
        values[(row["variant"], row["kpi"], row["scope"])].append(row["value"])
    return {key: (*mean_ci(np.array(v)), len(v)) for key, v in values.items()}


def headline_table(rows: list[dict]) -> str:
    """A plain-text table of the headline KPIs per variant: mean [95% interval]."""
    ci = intervals(rows)
    variants = list(dict.fromkeys(r["variant"] for r in rows))
    staff = sorted({s for (_, k, s) in ci if k == "utilisation"})
    lines_spec = [(k, s, label, fmt) for k, s, label, fmt in HEADLINE]
    lines_spec += [("utilisation", s, f"utilisation, {s[6:]}", "{:.1%}") for s in staff]
    width = max(len(label) for _, _, label, _ in lines_spec) + 2
    out = []
    for variant in variants:
        n = next((c[3] for (v, _, _), c in ci.items() if v == variant), 0)
        out.append(f"{variant} ({n} replications; mean and 95% interval)")
        for kpi, scope, label, fmt in lines_spec:
            if (variant, kpi, scope) not in ci:
                continue
            mean, low, high, _ = ci[(variant, kpi, scope)]
            text = fmt.format(mean)
            if not np.isnan(low):
                text += f"  [{fmt.format(low)}, {fmt.format(high)}]"
            out.append(f"  {label:<{width}}{text}")
        out += _worst_grid(ci, variant, width)
    return "\n".join(out)


def _worst_grid(ci: dict, variant: str, width: int) -> list[str]:
    """The grid with the longest p90 time to on site: where a planner looks first."""
    p90 = {
        scope[5:]: v[0]
        for (var, kpi, scope), v in ci.items()
        if var == variant and kpi == "on_site_p90_min" and scope.startswith("grid:")
    }
    p90 = {g: v for g, v in p90.items() if not np.isnan(v)}
    if not p90:
        return []
    grid = max(p90, key=p90.get)
    return [f"  {'slowest grid (p90 on site)':<{width}}{grid}: {p90[grid]:.1f} min"]
