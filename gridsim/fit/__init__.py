"""Fit a community from its own work-order log: read an export (Open311, NYC-311-like or
mapped columns) into orders, estimate arrival rates and work and resolution times with their
uncertainty, write them into a scenario, and check the fit on months it has not seen; and
export a run's log in those schemas (the round trip the tests and the benchmark use).

The names below are imported when first used: the fitters pull in statsmodels and scipy,
which every `gridsim` command would otherwise pay for at start-up (LogError is read by the
CLI's error handling).
"""

from __future__ import annotations

import importlib
from typing import Any

from gridsim.fit.estimate import Estimate, Fit, period_text
from gridsim.fit.orders import STAGES, LogError, Orders

LAZY = {
    "ArrivalFit": "arrivals", "fit_arrivals": "arrivals",
    "Mapping": "mapping", "load_mapping": "mapping",
    "read_log": "read",
    "run_orders": "runlog",
    "TimeFit": "durations", "fit_times": "durations", "bunched_closes": "durations",
    "Curve": "survival", "close_curves": "survival",
    "Fitted": "pipeline", "fit_log": "pipeline", "fit_orders": "pipeline",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in LAZY:
        return getattr(importlib.import_module(f"gridsim.fit.{LAZY[name]}"), name)
    raise AttributeError(f"module 'gridsim.fit' has no attribute {name!r}")


MODULES = ["arrivals", "check", "dedupe", "defects", "durations", "events", "export", "holdout",
           "locate", "mapping", "pipeline", "read", "runlog", "schemas", "survival",
           "write"]  # fmt: skip
"""Its modules, which tests patch and read."""

__all__ = ["STAGES", "Estimate", "Fit", "LogError", "Orders", "period_text", *LAZY, *MODULES]
