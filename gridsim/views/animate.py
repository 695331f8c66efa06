"""A replay of a simulated week on the community map: issues appear at their grid, crews set
off, arrive and finish, and issues turn green when resolved.

Everything is read back from the issue log: `gridsim.views.replay` works out who is where
at each moment; this module draws it, writes the animation and runs `gridsim animate`.

The same frames serve the workshop demo (`gridsim demo`, one frame at a chosen time) and
slides (`gridsim animate`, a GIF or MP4 of the week). Figures are built without pyplot.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.animation import AbstractMovieWriter, FFMpegWriter, FuncAnimation, PillowWriter
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from tqdm import tqdm

from gridsim.cli_args import (
    DAYS,
    DPI,
    FPS,
    REPLICATION,
    SEED,
    STEP,
    check_known,
    output_file,
    scenario_file,
)
from gridsim.i18n import _
from gridsim.scenario import Scenario, ScenarioError, load_scenario, variant_scenarios
from gridsim.views.plots import OKABE_ITO
from gridsim.views.replay import (  # DAY_MIN, MapLayout and Replay: the demo app reads them here
    DAY_MIN,
    SHOWN_STATES,
    MapLayout,
    Replay,
)

EXIT_BAD_INPUT = 2

STATE_STYLE: dict[str, tuple[str, str]] = {
    "waiting": (OKABE_ITO["vermillion"], "o"),
    "on the way": (OKABE_ITO["orange"], ">"),
    "on site": (OKABE_ITO["blue"], "s"),
    "up the ladder": (OKABE_ITO["reddish_purple"], "^"),
    "resolved": (OKABE_ITO["bluish_green"], "P"),
}
"""Colour and marker of each drawn state: Okabe-Ito colours plus a distinct shape, so the
map reads for colour-blind viewers and on a washed-out projector."""

SLOT_COLUMNS, SLOT_ROWS = 4, 3
"""Issue markers sit on a 4 x 3 lattice inside their grid's square; beyond 12 the last
slot says "+n"."""

MAX_FRAMES = 20_000
FORMATS = ("gif", "mp4")


class AnimateError(Exception):
    """A request `gridsim animate` cannot carry out, with what to do instead."""


# ---------------------------------------------------------------------------------------------
# Drawing


def clock_text(t: float, start_date: dt.date) -> str:
    """ "Day 7, Wed 7 Jan 2026, 14:30": the run's day number, the date and the time."""
    day = int(t // DAY_MIN)
    minute = round(t - day * DAY_MIN)
    if minute >= DAY_MIN:
        day, minute = day + 1, 0
    date = start_date + dt.timedelta(days=day)
    return f"Day {day + 1}, {date:%a} {date.day} {date:%b %Y}, {minute // 60:02d}:{minute % 60:02d}"


def _slots(layout: MapLayout, grid: str, n: int) -> list[tuple[float, float]]:
    """Marker positions for ``n`` issues in a grid's square (the top row is for crews)."""
    cx, cy = layout.grids[grid]
    c = layout.cell
    xs = cx + (np.arange(SLOT_COLUMNS) - (SLOT_COLUMNS - 1) / 2) * c * 0.22
    ys = cy - 0.06 * c - (np.arange(SLOT_ROWS) - (SLOT_ROWS - 1) / 2) * c * 0.22
    lattice = [(x, y) for y in ys for x in xs]
    return [lattice[min(i, len(lattice) - 1)] for i in range(n)]


def _draw_grids(ax: Axes, layout: MapLayout, fontsize: float) -> None:
    """Grid squares with their names, and the service hall."""
    c = layout.cell
    for name, (x, y) in layout.grids.items():
        ax.add_patch(Rectangle((x - c / 2, y - c / 2), c, c, facecolor="0.94", edgecolor="0.7",
                               linewidth=1.0, zorder=0))  # fmt: skip
        ax.text(x, y - c * 0.46, name, ha="center", va="bottom", fontsize=fontsize * 0.6,
                color="0.35", zorder=1)  # fmt: skip
    ax.plot(*layout.hall, marker="*", markersize=fontsize * 1.6, color="black", zorder=3,
            linestyle="none")  # fmt: skip


def _draw_issues(ax: Axes, replay: Replay, t: float, fontsize: float) -> dict[str, int]:
    """Issue markers by state in their grid's square; returns the count of each state."""
    states = replay.states(t)
    shown = np.flatnonzero(replay.visible(t))
    counts = {s: int((states[shown] == s).sum()) for s in SHOWN_STATES}
    by_grid: dict[str, list[int]] = {}
    for i in shown[np.argsort(replay.ids[shown], kind="stable")]:
        by_grid.setdefault(replay.grid[i], []).append(i)
    for grid, rows in by_grid.items():
        if grid not in replay.layout.grids:
            continue
        for (x, y), i in zip(_slots(replay.layout, grid, len(rows)), rows, strict=True):
            colour, marker = STATE_STYLE[states[i]]
            ax.plot(x, y, marker=marker, markersize=fontsize * 0.9, color=colour,
                    markeredgecolor="black", markeredgewidth=0.6, linestyle="none",
                    zorder=4)  # fmt: skip
        extra = len(rows) - SLOT_COLUMNS * SLOT_ROWS
        if extra > 0:
            x, y = _slots(replay.layout, grid, SLOT_COLUMNS * SLOT_ROWS)[-1]
            ax.text(x, y, f"+{extra + 1}", ha="center", va="center", fontsize=fontsize * 0.6,
                    color="white", fontweight="bold", zorder=5)  # fmt: skip
    return counts


def _crew_box(fontsize: float, moving: bool) -> dict:
    return {"boxstyle": "round,pad=0.25", "facecolor": "#FFF3C4" if moving else "white",
            "edgecolor": "black", "linewidth": 1.4 if moving else 0.8}  # fmt: skip


def _draw_crews(ax: Axes, replay: Replay, t: float, fontsize: float) -> list[str]:
    """Crew labels where the crews are, a dashed line to where the travelling ones go;
    returns the labels of the crews idle at the hall (listed under the map, not piled on
    it). Volunteers are drawn only while busy: most of the day they wait at the hall."""
    at_hall: list[str] = []
    per_grid: dict[str, int] = {}
    c = replay.layout.cell
    for spot in replay.crews(t):
        if spot.kind == "volunteer" and spot.status == "idle":
            continue
        if spot.at_hall and spot.status == "idle":
            at_hall.append(spot.label)
            continue
        x, y = spot.x, spot.y
        if spot.grid is not None:  # side by side along the top of the square
            j = per_grid.get(spot.grid, 0)
            per_grid[spot.grid] = j + 1
            x, y = x - 0.3 * c + (j % 3) * 0.3 * c, y + 0.32 * c - (j // 3) * 0.14 * c
        if spot.dest is not None:
            ax.plot([x, spot.dest[0]], [y, spot.dest[1] + 0.32 * c], linestyle="--",
                    color="0.25", linewidth=1.2, zorder=5)  # fmt: skip
        box = _crew_box(fontsize, spot.dest is not None)
        ax.text(x, y, spot.label, ha="center", va="center", fontsize=fontsize * 0.7,
                fontweight="bold", zorder=6, bbox=box)  # fmt: skip
    return sorted(at_hall)


def draw_replay(ax: Axes, replay: Replay, t: float, fontsize: float = 14.0) -> dict[str, int]:
    """Draw ``replay`` at minute ``t`` on ``ax`` (cleared first); returns state counts."""
    ax.clear()
    layout = replay.layout
    _draw_grids(ax, layout, fontsize)
    counts = _draw_issues(ax, replay, t, fontsize)
    at_hall = _draw_crews(ax, replay, t, fontsize)
    xy = np.array([*layout.grids.values(), layout.hall], dtype=float)
    pad = layout.cell * 0.75
    ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
    ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    title = f"{replay.label}\n" if replay.label else ""
    numbers = " · ".join(f"{s} {counts[s]}" for s in ("waiting", "on the way", "on site"))
    ax.set_title(title + numbers, fontsize=fontsize, loc="left")
    hall_text = ", ".join(at_hall) if at_hall else "none"
    ax.text(0.0, -0.02, f"at the hall (★): {hall_text}", transform=ax.transAxes,
            ha="left", va="top", fontsize=fontsize * 0.7)  # fmt: skip
    return counts


def legend_handles(fontsize: float = 14.0) -> list:
    """Legend entries: each issue state, and a crew on its way."""
    handles = [
        Line2D([], [], marker=m, color=c, markeredgecolor="black", linestyle="none",
               markersize=fontsize * 0.9, label=s)
        for s, (c, m) in STATE_STYLE.items()
    ]  # fmt: skip
    handles.append(Line2D([], [], linestyle="--", color="0.25", label="crew's trip"))
    return handles


CREW_KEY = "crews: R repair, C cleaning, P patrol, F fire, N night on-call, V volunteer"

TOP_INCHES, BOTTOM_INCHES = 1.4, 1.5
"""Room above the maps (the time and each map's title) and below (the hall line and the
legend), fixed so frames do not jitter as the text changes."""


def replay_figure(
    replays: Sequence[Replay],
    t: float,
    fontsize: float = 14.0,
    panel_inches: float = 6.0,
    fig: Figure | None = None,
) -> Figure:
    """One map per replay (policies side by side at the same minute), the day and time as
    the title and a shared legend below. ``fig``: a figure this function made before, to
    redraw in place (animation frames)."""
    if fig is None:
        fig = _replay_canvas(max(1, len(replays)), fontsize, panel_inches)
    for ax, replay in zip(fig.axes, replays, strict=False):
        draw_replay(ax, replay, t, fontsize)
    start = replays[0].layout.start_date if replays else dt.date(2000, 1, 1)
    fig.suptitle(clock_text(t, start), fontsize=fontsize * 1.25, fontweight="bold")
    return fig


def _replay_canvas(n: int, fontsize: float, panel_inches: float) -> Figure:
    """An empty figure with ``n`` map axes in a row, the legend and the crew key."""
    width = max(panel_inches * n + 0.4, 8.5)
    height = panel_inches + TOP_INCHES + BOTTOM_INCHES
    fig = Figure(figsize=(width, height))
    fig.subplots(1, n, squeeze=False)
    fig.subplots_adjust(left=0.02, right=0.98, top=1 - TOP_INCHES / height,
                        bottom=BOTTOM_INCHES / height, wspace=0.06)  # fmt: skip
    handles = legend_handles(fontsize)
    fig.legend(handles=handles, loc="lower center", ncols=len(handles) if n > 1 else 3,
               fontsize=fontsize * 0.75, frameon=False, bbox_to_anchor=(0.5, 0.04),
               handletextpad=0.3, columnspacing=1.2)  # fmt: skip
    fig.text(0.5, 0.01, CREW_KEY, ha="center", va="bottom", fontsize=fontsize * 0.7)
    return fig


def figure_png(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (for Streamlit's st.image)."""
    buf = BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Simulating the week and writing the animation


def frame_times(start_min: float, days: float, step_min: float) -> np.ndarray:
    """Minutes of the frames: every ``step_min`` from ``start_min`` for ``days`` days
    (days x 24 x 60 / step frames)."""
    if not step_min > 0 or not days > 0:
        raise AnimateError("--days and --step must be positive")
    n = math.floor(days * DAY_MIN / step_min + 1e-9)
    if n < 1:
        raise AnimateError(f"--step {step_min:g} minutes is longer than {days:g} days")
    if n > MAX_FRAMES:
        raise AnimateError(f"{n} frames is too many (at most {MAX_FRAMES}); use a larger --step")
    return start_min + step_min * np.arange(n)


def replay_start(scenario: Scenario) -> float:
    """The replay begins at the first midnight after the warm-up: the community is busy by
    then, and a day from midnight reads naturally."""
    return math.ceil(scenario.calendar.warmup_days - 1e-9) * DAY_MIN


def replay_horizon(scenario: Scenario, days: float) -> float:
    """Days to simulate for a replay of ``days``: the warm-up, the days and one spare day,
    so that trips begun near the end are still in the log (times past the horizon are
    null)."""
    return replay_start(scenario) / DAY_MIN + days + 1.0


def simulate_issue_logs(
    scenarios: Mapping[str, Scenario], days: float, replication: int = 0
) -> dict[str, pd.DataFrame]:
    """One replication of each scenario (same number, so the same demand), long enough for
    a replay of ``days``; the issue log of each, by name."""
    from gridsim.api import scenario_of
    from gridsim.experiment.runner import run_replication

    out = {}
    for name, scenario in scenarios.items():
        horizon = replay_horizon(scenario, days)
        short = scenario_of(scenario, {"calendar.horizon_days": horizon})
        log = run_replication(short, name, replication).log
        assert log is not None  # kept in memory: no log_path was given
        out[name] = log.to_pandas()
    return out


class _QuantizingPillowWriter(PillowWriter):
    """Pillow's GIF writer keeping each frame as a 256-colour image rather than full RGB,
    which cuts memory threefold for a week of frames (the map has few colours anyway)."""

    def grab_frame(self, **savefig_kwargs: Any) -> None:
        super().grab_frame(**savefig_kwargs)
        frames = self._frames  # type: ignore[attr-defined]  # PillowWriter's own list, not in its stubs
        if frames[-1].mode == "RGB":
            frames[-1] = frames[-1].quantize(colors=255)


def _writer(fmt: str, fps: float) -> AbstractMovieWriter:
    """The writer of a GIF or an MP4 (matplotlib's stubs type ``fps`` as int; the writers take
    any positive number)."""
    if fmt == "gif":
        return _QuantizingPillowWriter(fps=fps)  # type: ignore[arg-type]
    if shutil.which("ffmpeg") is None:
        raise AnimateError("MP4 needs ffmpeg on the PATH (e.g. apt-get install ffmpeg); "
                           "or write a GIF: --out week.gif")  # fmt: skip
    return FFMpegWriter(fps=fps, codec="h264", extra_args=["-pix_fmt", "yuv420p"])  # type: ignore[arg-type]


def output_format(out: Path) -> str:
    """ "gif" or "mp4" from the file name, or a clear error."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise AnimateError(f"{out}: the file name must end in .gif or .mp4")
    return fmt


def write_animation(
    replays: Sequence[Replay],
    times: Iterable[float],
    out: Path,
    fps: float = 8.0,
    dpi: int = 80,
    fontsize: float = 14.0,
    progress: bool = True,
) -> Path:
    """Write the replay frames at ``times`` as a GIF (Pillow) or MP4 (ffmpeg) named by
    ``out``'s suffix, counting the frames drawn on stderr (a week every 15 minutes is 672
    frames: the wait should show). Written to a temporary file beside it and renamed, so an
    interrupted run never leaves half a GIF under the final name."""
    fmt = output_format(out)
    writer = _writer(fmt, fps)
    times = list(times)
    fig = replay_figure(replays, times[0], fontsize)
    anim = FuncAnimation(
        fig, lambda t: replay_figure(replays, t, fontsize, fig=fig).axes, frames=times,
        blit=False, repeat=False, cache_frame_data=False,
    )  # fmt: skip
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=out.suffix, dir=out.parent)
    os.close(fd)
    bar = tqdm(total=len(times), desc=_("frames"), unit=_("frame"), file=sys.stderr,
               disable=not progress, leave=True)  # fmt: skip
    try:
        anim.save(tmp, writer=writer, dpi=dpi,
                  progress_callback=lambda i, n: bar.update(1))  # fmt: skip
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        bar.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return out


# ---------------------------------------------------------------------------------------------
# Command line: `gridsim animate`


def add_animate_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `gridsim animate` (the CLI only parses and calls `run_animate`)."""
    parser.add_argument("scenario", type=scenario_file, help="scenario YAML file or shipped name")
    parser.add_argument("--days", type=DAYS, default=7.0, help="days to replay (default 7)")
    parser.add_argument(
        "--out",
        type=output_file,
        default=Path("week.gif"),
        help="a .gif (Pillow) or .mp4 (needs ffmpeg); default week.gif",
    )
    parser.add_argument("--step", type=STEP, default=30.0,
                        help="minutes between frames (default 30)")  # fmt: skip
    parser.add_argument("--fps", type=FPS, default=8.0, help="frames per second (default 8)")
    parser.add_argument("--dpi", type=DPI, default=80, help="resolution (default 80)")
    parser.add_argument("--replication", type=REPLICATION, default=0,
                        help="which replication (0)")  # fmt: skip
    parser.add_argument("--seed", type=SEED, help="base seed (default: from the file)")
    parser.add_argument("--set", dest="overrides", action="append", default=[],
                        metavar="PATH=VALUE", help="override a field (repeatable)")  # fmt: skip
    parser.add_argument("--variant", dest="variants", action="append", metavar="NAME",
                        help="also show this variant of the scenario beside it, on the same "
                             "demand (repeatable)")  # fmt: skip


def run_animate(args: argparse.Namespace) -> int:
    """Simulate the week and write the animation; bad input exits with status 2."""
    try:
        fmt = output_format(args.out)
        if fmt == "mp4":
            _writer(fmt, args.fps)  # fail before simulating when ffmpeg is missing
        overrides = [*args.overrides, *([f"seed={args.seed}"] if args.seed is not None else [])]
        scenario = load_scenario(args.scenario, overrides)
        chosen = {"base": scenario}
        for name in args.variants or []:
            check_known("--variant", "variant", name, list(scenario.variants))
        if args.variants:
            chosen.update(variant_scenarios(scenario, args.variants))
        times = frame_times(replay_start(scenario), args.days, args.step)
        logs = simulate_issue_logs(chosen, args.days, args.replication)
        layout = MapLayout.of(scenario)
        labels = {"base": scenario.name} if len(chosen) == 1 else {}
        replays = [Replay(log, layout, labels.get(n, n)) for n, log in logs.items()]
        write_animation(replays, times, args.out, fps=args.fps, dpi=args.dpi)
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (AnimateError, OSError) as e:
        print(f"gridsim animate: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"animation: {args.out} ({len(times)} frames, every {args.step:g} minutes)")
    return 0


__all__ = [
    "AnimateError",
    "MapLayout",
    "Replay",
    "add_animate_arguments",
    "clock_text",
    "draw_replay",
    "figure_png",
    "frame_times",
    "replay_figure",
    "run_animate",
    "simulate_issue_logs",
    "write_animation",
]
