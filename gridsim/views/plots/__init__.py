"""Publication-grade figures from gridsim's tidy tables.

Every function takes a table a run writes (the issue log, the summary, the calibration table,
the sweep table) and returns a `matplotlib.figure.Figure` built without pyplot, so it works in
scripts, notebooks, servers and the HTML report alike, never opens a window and never touches
global figure state (it renders with Agg or SVG on `save_figure`).

The style serves print and every reader: colours come from the Okabe-Ito palette (Okabe & Ito
2008), which stays distinct under the common colour-vision deficiencies, and every series also
gets a second cue (line style and marker, or hatch) so the figure still reads in black and
white. Every axis names its unit, titles are short, and legends sit outside the axes so they
never hide data.

One module per figure family: `distributions` (ECDF, histogram), `shares` (shares within
target, work orders' rates by kind, with intervals), `load` (utilisation, backlog), `map`,
`studies` (escalation, calibration, sweep), on the shared `style` (palette, labels,
`save_figure`) and `parts`. This module gathers their public names: one function per figure.
"""

from gridsim.views.plots.distributions import ecdf, ecdf_figure, histogram_figure, response_times
from gridsim.views.plots.load import backlog_figure, utilisation_figure
from gridsim.views.plots.map import cell_size as cell_size
from gridsim.views.plots.map import community_map_figure, grid_values, map_caption
from gridsim.views.plots.shares import order_rates_figure, target_shares_figure
from gridsim.views.plots.studies import calibration_figure, escalation_figure, sweep_figure
from gridsim.views.plots.style import (
    BAND_MIN_REPLICATIONS,
    DEFAULT_TARGETS,
    OKABE_ITO,
    SeriesStyle,
    kpi_axis_label,
    kpi_scale,
    kpi_unit,
    save_figure,
    series_style,
)
from gridsim.views.plots.style import DPI as DPI

__all__ = [
    "BAND_MIN_REPLICATIONS",
    "DEFAULT_TARGETS",
    "OKABE_ITO",
    "SeriesStyle",
    "backlog_figure",
    "calibration_figure",
    "community_map_figure",
    "ecdf",
    "ecdf_figure",
    "escalation_figure",
    "grid_values",
    "histogram_figure",
    "kpi_axis_label",
    "kpi_scale",
    "kpi_unit",
    "map_caption",
    "order_rates_figure",
    "response_times",
    "save_figure",
    "series_style",
    "sweep_figure",
    "target_shares_figure",
    "utilisation_figure",
]
