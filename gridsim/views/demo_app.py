"""The workshop demo, a Streamlit app: two policies side by side on the same demand.

Start it with `gridsim demo` (which runs ``streamlit run`` on this file, headless and bound to
127.0.0.1); the data logic, the allowed folders and the widget keys are documented in
`gridsim.views.demo`. Arguments after ``--``: ``--scenarios DIR`` (repeatable) and
``--scenario FILE``. ``?facilitator=1`` in the URL opens in facilitator mode.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np

from gridsim.scenario import Scenario, ScenarioError
from gridsim.stats.compare import direction
from gridsim.views import demo
from gridsim.views.animate import (
    DAY_MIN,
    MapLayout,
    Replay,
    clock_text,
    figure_png,
    replay_figure,
    replay_start,
)
from gridsim.views.demo import GRID_WORKER_MODES, POLICY_FIELDS, Policy, widget_key
from gridsim.views.plots import ecdf_figure, target_shares_figure

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.typing import RcKeyType

SIDES = ("A", "B")
FONT: dict[RcKeyType, Any] = {"font.size": 14}  # figures are read across a room
CHART_INCHES = (8.5, 5.6)  # wide enough for 14-point legends

REPLAY_GRANULE_MIN = 15
PLAY_STEPS = (15, 30, 60, 120)
PLAY_PAUSE_S = 0.05
FACILITATOR_CSS = """
<style>
.stApp, .stApp p, .stApp li, .stApp label { font-size: 1.3rem; }
.stApp [data-testid="stMetricValue"], .stApp [data-testid="stMetricValue"] p { font-size: 3rem; }
[data-testid="stMetricLabel"] p { font-size: 1.3rem; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.3rem; }
</style>
"""
BASE_CSS = """
<style>
.stApp [data-testid="stMetricValue"], .stApp [data-testid="stMetricValue"] p { font-size: 2.4rem; }
</style>
"""

log = logging.getLogger("gridsim.demo")

try:
    import streamlit as st
except ImportError:  # without the demo extra this file can be imported, not run
    st = None  # type: ignore[assignment]


def _cache(**options):
    """``st.cache_data``; a no-op when Streamlit is missing, so that importing this file
    (pytest's doctest collection does) works without the demo extra."""
    if st is None:
        return lambda function: function
    return st.cache_data(**options)


# ---------------------------------------------------------------------------------------------
# Cached work: the same settings never run twice


def _allowed_dirs() -> list[Path]:
    """The folders this app was started with: every load checks its files against them."""
    return demo.allowed_dirs(demo.parse_app_arguments(sys.argv[1:]).scenarios)


@_cache(show_spinner=False, max_entries=32)
def cached_scenario(path: str, digest: str) -> Scenario:
    """The preset, validated (``digest`` drops the entry when the file changes)."""
    return demo.load_preset(Path(path), _allowed_dirs())


@_cache(show_spinner=False, max_entries=64)
def cached_result(path: str, digest: str, a: tuple, b: tuple, n: int) -> demo.PairResult:
    """A and B run ``n`` replications each on the same demand."""
    return demo.simulate(Path(path), Policy(*a), Policy(*b), n, _allowed_dirs())


@_cache(show_spinner=False, max_entries=64)
def cached_charts(path: str, digest: str, a: tuple, b: tuple, n: int) -> tuple[bytes, bytes]:
    """The ECDF of time to on site and the target shares, as PNG."""
    res = cached_result(path, digest, a, b, n)
    with matplotlib.rc_context(FONT):
        ecdf = ecdf_figure(res.issues, "on_site", "variant", res.targets,
                           res.warmup_days * DAY_MIN)  # fmt: skip
        shares = target_shares_figure(res.summary, res.targets)
    for fig in (ecdf, shares):
        fig.set_size_inches(*CHART_INCHES)
    return figure_png(ecdf, 110), figure_png(shares, 110)


@_cache(show_spinner=False, max_entries=300)
def cached_frame(path: str, digest: str, a: tuple, b: tuple, n: int, t: float) -> bytes:
    """The map of replication 1 of A and B at minute ``t``, as PNG."""
    res = cached_result(path, digest, a, b, n)
    layout = MapLayout.of(cached_scenario(path, digest))
    replays = [Replay(g, layout, f"Policy {v}") for v, g in demo.replay_logs(res).items()]
    return figure_png(replay_figure(replays, t), 100)


# ---------------------------------------------------------------------------------------------
# State


def _flag(value: object) -> bool:
    return str(value).lower() in ("1", "true", "yes", "on")


def _init(key: str, value: object, allowed: Collection[object] | None = None) -> None:
    """Give a control its starting value, or a fresh one when the stored value is no
    longer offered (another preset was chosen)."""
    if key not in st.session_state or (
        allowed is not None and st.session_state[key] not in allowed
    ):
        st.session_state[key] = value


def _state_keys() -> list[str]:
    """The keys of the session state, a copy (the loops change it); the app's are strings."""
    keys = list(st.session_state.keys())
    return [key for key in keys if isinstance(key, str)]


def _keep_widget_state() -> None:
    """Controls hidden in facilitator mode keep their values: Streamlit forgets the state of
    widgets not drawn in a run unless it is written back like this."""
    for key in _state_keys():
        if key[:2] in ("a_", "b_") or key in ("replications", "replay_time", "replay_step"):
            st.session_state[key] = st.session_state[key]


def _reset_policies() -> None:
    """A new preset: controls start again from its own staffing and rules."""
    for key in _state_keys():
        if key[:2] in ("a_", "b_") or key == "replay_time":
            del st.session_state[key]
    st.session_state["replications"] = demo.LIVE_REPLICATIONS


def _copy_a_to_b() -> None:
    for field in POLICY_FIELDS:
        st.session_state[widget_key("b", field)] = st.session_state[widget_key("a", field)]


def _policy(side: str) -> Policy:
    return Policy(**{f: st.session_state[widget_key(side, f)] for f in POLICY_FIELDS})


# ---------------------------------------------------------------------------------------------
# Controls


def _crew_max(value: int, top: int) -> int:
    return max(top, int(value))


def init_controls(defaults: Policy) -> None:
    """Starting values of both policies' controls (the preset's own)."""
    meetings = _meeting_options(defaults)
    modes = _grid_worker_options(defaults)
    choices: dict[str, Collection[object]] = {
        "joint_meeting": meetings,
        "grid_workers": modes,
        "dispatch": list(demo.DISPATCH_RULES),
        "queue": list(demo.QUEUE_RULES),
    }
    for side in SIDES:
        for field in POLICY_FIELDS:
            allowed = choices.get(field) or None  # no options offered: any value stays
            _init(widget_key(side, field), getattr(defaults, field), allowed)


def _meeting_options(defaults: Policy) -> list[float]:
    return sorted({float(d) for d in demo.MEETING_DAYS} | {float(defaults.joint_meeting)})


def _grid_worker_options(defaults: Policy) -> list[str]:
    modes = ["per_grid", "per_two_grids"]
    return modes + (["scenario"] if defaults.grid_workers == "scenario" else [])


def policy_controls(side: str, defaults: Policy) -> None:
    """One policy's sliders and pickers, keyed ``<side>_<field>``."""
    s = side.lower()
    st.subheader(f"Policy {side}")
    st.markdown("**Staffing**")
    c1, c2 = st.columns(2)
    for col, crews in ((c1, ("repair", "cleaning")), (c2, ("patrol", "fire"))):
        for c in crews:
            top = _crew_max(getattr(defaults, c), 10)
            col.slider(f"{c} crews", 0, top, step=1, key=widget_key(s, c))
    c1.slider("volunteers", 0, _crew_max(defaults.volunteers, 50), step=1,
              key=widget_key(s, "volunteers"))  # fmt: skip
    c2.radio("grid workers", _grid_worker_options(defaults), format_func=GRID_WORKER_MODES.get,
             key=widget_key(s, "grid_workers"), horizontal=True)  # fmt: skip
    st.markdown("**Rules**")
    c1, c2 = st.columns(2)
    c1.selectbox("dispatch", list(demo.DISPATCH_RULES), format_func=demo.DISPATCH_RULES.__getitem__,
                 key=widget_key(s, "dispatch"))  # fmt: skip
    c2.selectbox("queue", list(demo.QUEUE_RULES), format_func=demo.QUEUE_RULES.__getitem__,
                 key=widget_key(s, "queue"))  # fmt: skip
    c1.slider("patrol rounds a day", 0, _crew_max(defaults.patrols, 3), step=1,
              key=widget_key(s, "patrols"))  # fmt: skip
    c2.select_slider("joint meeting every", _meeting_options(defaults), format_func=_days,
                     key=widget_key(s, "joint_meeting"))  # fmt: skip


def _days(d: float) -> str:
    return f"{d:g} days"


def controls(defaults: Policy) -> None:
    """A and B side by side, and a button that copies A to B."""
    cols = st.columns(2, gap="large")
    for col, side in zip(cols, SIDES, strict=True):
        with col:
            policy_controls(side, defaults)
    cols[1].button("Copy A's settings to B", key="copy_a_to_b", on_click=_copy_a_to_b)


def policy_summary(a: Policy, b: Policy) -> None:
    """The two policies in words, and what B changes (facilitator mode shows only this)."""
    cols = st.columns(2, gap="large")
    cols[0].markdown(f"**Policy A**: {demo.describe_policy(a)}")
    cols[1].markdown(f"**Policy B**: {demo.describe_policy(b)}")
    changes = demo.policy_differences(a, b)
    st.info("B changes: " + "; ".join(changes) if changes else "A and B are the same.")


# ---------------------------------------------------------------------------------------------
# Results


METRICS = (
    ("mean time to on site", "B: mean time to on site"),
    ("share of issues on site within target", "B: on site within target"),
    ("share of routine issues resolved within target", "B: routine resolved within target"),
    ("mean time to on site for repair issues", "B: repair issues, mean time to on site"),
)


RATE_METRICS = (
    ("share of work orders signed for within their deadline", "B: work orders signed in time"),
    ("share of work orders resolved within their deadline", "B: work orders resolved in time"),
    ("share of residents satisfied at the call-back", "B: residents satisfied"),
)
"""The assessment rates ("三率"), a second row of big figures when the preset has orders."""


def headline_metrics(table: pd.DataFrame) -> None:
    """B's headline numbers as big figures, each with its difference from A."""
    rows = {r["kpi"]: r for r in table.to_dict("records")}
    for metrics in (METRICS, RATE_METRICS):
        shown = [(rows[k], label) for k, label in metrics if k in rows]
        if not shown:
            continue
        for col, (row, label) in zip(st.columns(len(shown)), shown, strict=True):
            col.metric(label, demo.shown_value(row, "B"), **_delta(row))


def _delta(row: dict) -> dict:
    """B's difference from A, green when B is better (red when worse), grey when none."""
    diff = row["difference"]
    if diff != diff:  # NaN: a side without such issues
        return {"delta": demo.format_value(diff, row["unit"], kpi=row["key"]), "delta_color": "off"}
    if not diff:
        return {"delta": "same as A", "delta_color": "off"}
    text = demo.format_value(diff, row["unit"], signed=True, kpi=row["key"]) + " vs A"
    lower = direction(row["key"]) == "lower"
    return {"delta": text, "delta_color": "inverse" if lower else "normal"}


def replication_buttons(n: int) -> None:
    if n < demo.MORE_REPLICATIONS:
        if st.button(f"More: {demo.MORE_REPLICATIONS} replications", key="more"):
            st.session_state["replications"] = demo.MORE_REPLICATIONS
            st.rerun()
    elif st.button(f"Fewer: {demo.LIVE_REPLICATIONS} replications (faster)", key="fewer"):
        st.session_state["replications"] = demo.LIVE_REPLICATIONS
        st.rerun()


def results(key: tuple, result: demo.PairResult, facilitator: bool) -> None:
    """The numbers, the distributions and the target shares of A and B."""
    st.header("Results")
    st.caption(demo.replication_note(result))
    replication_buttons(result.replications)
    table = demo.kpi_table(result)
    headline_metrics(table)
    shown = demo.display_table(table)
    if facilitator:  # plain HTML: its text grows with the page's for the room
        st.table(shown.set_index("KPI"))
    else:
        st.dataframe(shown, hide_index=True, height=38 + 35 * len(shown))
    ecdf_png, shares_png = cached_charts(*key)
    c1, c2 = st.columns(2)
    c1.image(ecdf_png, caption="Time from report to on site: the share of issues reached by "
             "then (the line is the 10-minute target)")  # fmt: skip
    c2.image(shares_png, caption='Share of issues meeting each of the "三个一" targets')


def replay(key: tuple, scenario: Scenario) -> None:
    """The community map at a chosen moment of a simulated week, and a play button."""
    st.header("A simulated week on the map")
    st.caption("Replication 1 of A and B: the same issues arise in both; watch who gets there "
               "first. Issues are coloured by state; crews are labelled boxes.")  # fmt: skip
    start = replay_start(scenario)
    options = [float(t) for t in np.arange(start, start + demo.REPLAY_DAYS * DAY_MIN,
                                           REPLAY_GRANULE_MIN)]  # fmt: skip
    if "replay_goto" in st.session_state:
        st.session_state["replay_time"] = st.session_state.pop("replay_goto")
    _init("replay_time", start + 10 * 60.0, options)
    _init("replay_step", 60, PLAY_STEPS)
    c1, c2, c3 = st.columns([6, 2, 2])
    c1.select_slider("Time", options, key="replay_time",
                     format_func=lambda t: clock_text(t, scenario.calendar.start_date))  # fmt: skip
    c2.selectbox("Play: minutes a frame", PLAY_STEPS, key="replay_step")
    play = c3.button("▶ Play the rest of the week", key="play")
    frame = st.empty()
    now = st.session_state["replay_time"]
    if not play:
        frame.image(cached_frame(*key, now))
        return
    end = options[-1]
    t = now
    for t in np.arange(now, end + 1e-9, st.session_state["replay_step"]):
        frame.image(cached_frame(*key, float(t)))
        time.sleep(PLAY_PAUSE_S)
    st.session_state["replay_goto"] = min(options, key=lambda o: abs(o - float(t)))
    st.rerun()


# ---------------------------------------------------------------------------------------------
# The page


def choose_preset(presets: dict[str, Path], default: str) -> str:
    _init("preset", default, list(presets))
    return st.sidebar.selectbox("Scenario", list(presets), key="preset", on_change=_reset_policies)


def main() -> None:
    args = demo.parse_app_arguments(sys.argv[1:])
    from_url = _flag(st.query_params.get("facilitator", ""))
    st.set_page_config(page_title="gridsim workshop demo", layout="wide",
                       initial_sidebar_state="collapsed" if from_url else "expanded")  # fmt: skip
    try:
        dirs = demo.allowed_dirs(args.scenarios)
        wanted = demo.resolve_scenario(args.scenario, dirs) if args.scenario else None
        presets = demo.list_presets(dirs)
    except demo.DemoPathError as e:
        st.error(str(e))
        st.stop()
    if not presets:
        st.error("No scenario files (.yaml) in the allowed folders.")
        st.stop()
    _keep_widget_state()
    label = choose_preset(presets, demo.default_preset(presets, wanted) or "")
    _init("facilitator", from_url)
    facilitator = st.sidebar.toggle("Facilitator mode (hide the controls)", key="facilitator")
    _init("replications", demo.LIVE_REPLICATIONS)
    st.sidebar.caption(demo.replication_note_short(st.session_state["replications"]))
    st.markdown(FACILITATOR_CSS if facilitator else BASE_CSS, unsafe_allow_html=True)
    try:
        path = demo.resolve_scenario(presets[label], dirs)  # checked again at use
        digest = demo.file_digest(path, dirs)
        scenario = cached_scenario(str(path), digest)
    except (demo.DemoPathError, ScenarioError) as e:
        st.error(f"This scenario cannot be used:\n\n{e}")
        st.stop()
    st.title("What if we change staffing or rules?")
    st.caption(f"{scenario.name}: {scenario.description}".strip())
    defaults = demo.policy_of(scenario)
    init_controls(defaults)
    if not facilitator:
        controls(defaults)
    a, b = _policy("a"), _policy("b")
    policy_summary(a, b)
    n = st.session_state["replications"]
    key = (str(path), digest, a.as_tuple(), b.as_tuple(), n)
    try:
        with st.spinner(f"Simulating {n} replications of A and B..."):
            result = cached_result(*key)
    except ScenarioError as e:
        st.error(f"This combination cannot run:\n\n{e}")
        return
    results(key, result, facilitator)
    replay(key, scenario)


def run() -> None:
    """The page, with unexpected failures shown as a message (details go to the server's
    log), never as a traceback in front of the room."""
    try:
        main()
    except Exception as e:
        log.exception("gridsim demo failed")
        st.error(f"Something went wrong ({type(e).__name__}: {e}). Try other settings.")


if __name__ == "__main__":  # Streamlit runs the file as __main__
    run()
