"""Fit a community from its own work-order log: read an export (Open311, NYC-311-like or
mapped columns) into orders, estimate arrival rates and work and resolution times with their
uncertainty, write them into a scenario, and check the fit on months it has not seen; and
export a run's log in those schemas (the round trip the tests and the benchmark use)."""

from gridsim.fit.durations import TimeFit, bunched_closes, fit_times
from gridsim.fit.estimate import Estimate, Fit, period_text
from gridsim.fit.orders import STAGES, LogError, Orders
from gridsim.fit.runlog import run_orders
from gridsim.fit.survival import Curve, close_curves

__all__ = ["STAGES", "Estimate", "Fit", "LogError", "Orders", "period_text", "run_orders"]
__all__ += ["Curve", "TimeFit", "bunched_closes", "close_curves", "fit_times"]  # times
