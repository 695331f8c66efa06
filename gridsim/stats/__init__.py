"""Statistics of runs: KPIs of one replication, then intervals, comparisons and studies
across them.

The public names are the modules, imported where used (``from gridsim.stats import compare``
or ``from gridsim.stats.kpis import Kpi``): a worker computing KPIs does not load pandas.
"""

__all__ = [
    "calibration",
    "compare",
    "intervals",
    "kpis",
    "load",
    "queueing",
    "replications",
    "summary",
    "warmup",
]
