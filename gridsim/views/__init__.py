"""Views of a run's results: publication-grade figures from the tidy tables.

The figures are built with `matplotlib.figure.Figure` only (no pyplot, no GUI backend), so
they serve researchers in Python and the HTML report alike; see `gridsim.views.plots`.
"""

from gridsim.views.plots import (
    backlog_figure,
    calibration_figure,
    community_map_figure,
    ecdf_figure,
    escalation_figure,
    histogram_figure,
    kpi_axis_label,
    save_figure,
    sweep_figure,
    target_shares_figure,
    utilisation_figure,
)

__all__ = [  # the figures, and the modules imported where used (the demo app is a script)
    "animate",
    "backlog_figure",
    "calibration_figure",
    "community_map_figure",
    "data",
    "demo",
    "demo_launch",
    "demo_paths",
    "ecdf_figure",
    "escalation_figure",
    "figures",
    "histogram_figure",
    "kpi_axis_label",
    "plots",
    "replay",
    "report",
    "save_figure",
    "sweep_figure",
    "target_shares_figure",
    "utilisation_figure",
]
