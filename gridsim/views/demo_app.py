"""The workshop demo, a Streamlit app: two policies side by side on the same demand.

Start it with `gridsim demo` (which runs ``streamlit run`` on this file, headless and bound to
127.0.0.1); the data logic, the allowed folders and the widget keys are documented in
`gridsim.views.demo`. Arguments after ``--``: ``--scenarios DIR`` (repeatable),
``--scenario FILE``, ``--lang zh|en`` and ``--facilitator``. ``?facilitator=1`` in the URL
opens in facilitator mode. Every label goes through `gridsim.i18n._` (Chinese in
`gridsim.i18n.zh_demo`); the sidebar switches the language.
"""

from __future__ import annotations

import html
import logging
import sys
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np

from gridsim.i18n import LANGS, _, lang, use
from gridsim.scenario import Scenario, ScenarioError
from gridsim.scenario.schema import CREW_COLOURS
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
from gridsim.views.demo_export import Record, record_html
from gridsim.views.demo_font import HAN_FAMILY, han_font_face
from gridsim.views.demo_levers import HOUR_GROUPS
from gridsim.views.plots import ecdf_figure, target_shares_figure
from gridsim.views.plots.fonts import use_cjk_font
from gridsim.views.verdicts import STATUS_WORDS, verdict_line

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.typing import RcKeyType

SIDES = ("A", "B")
FONT: dict[RcKeyType, Any] = {"font.size": 14}  # figures are read across a room
CHART_INCHES = (8.5, 5.6)  # wide enough for 14-point legends

REPLAY_GRANULE_MIN = 15
PLAY_STEPS = (15, 30, 60, 120)
PLAY_PAUSE_S = 0.05
LABELS_FIT = """
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; height: auto !important; }
"""
"""Labels and values wrap instead of being cut short with "...": a projector at 1280x720 is
narrow."""
FACILITATOR_CSS = f"""
<style>
.stApp, .stApp p, .stApp li, .stApp label {{ font-size: 1.3rem; }}
.stApp [data-testid="stMetricValue"], .stApp [data-testid="stMetricValue"] p {{ font-size: 3rem; }}
[data-testid="stMetricLabel"] p {{ font-size: 1.3rem; }}
[data-testid="stTable"] td, [data-testid="stTable"] th {{ font-size: 1.3rem; }}
.stApp .gs-verdicts li, .stApp .gs-verdicts p {{ font-size: 2rem; line-height: 1.3; }}
.stApp .gs-verdicts h3 {{ font-size: 2.4rem; }}
{LABELS_FIT}
</style>
"""
BASE_CSS = f"""
<style>
.stApp [data-testid="stMetricValue"], .stApp [data-testid="stMetricValue"] p {{
  font-size: 2.4rem; }}
{LABELS_FIT}
</style>
"""
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
STATUS_COLOURS = {"met": "#1a7f37", "missed": "#b42318", "unclear": "#6b6b6b"}

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
def cached_charts(
    path: str, digest: str, a: tuple, b: tuple, n: int, code: str
) -> tuple[bytes, bytes]:
    """The ECDF of time to on site and the target shares, as PNG, in language ``code``."""
    res = cached_result(path, digest, a, b, n)
    use_cjk_font()
    with use(code), matplotlib.rc_context(FONT):
        ecdf = ecdf_figure(res.issues, "on_site", "variant", res.targets,
                           res.warmup_days * DAY_MIN)  # fmt: skip
        shares = target_shares_figure(res.summary, res.targets)
    for fig in (ecdf, shares):
        fig.set_size_inches(*CHART_INCHES)
    return figure_png(ecdf, 110), figure_png(shares, 110)


@_cache(show_spinner=False, max_entries=300)
def cached_frame(path: str, digest: str, a: tuple, b: tuple, n: int, code: str, t: float) -> bytes:
    """The map of replication 1 of A and B at minute ``t``, as PNG, in language ``code``."""
    res = cached_result(path, digest, a, b, n)
    layout = MapLayout.of(cached_scenario(path, digest))
    use_cjk_font()
    with use(code):
        replays = [Replay(g, layout, _("Policy {side}").format(side=v))
                   for v, g in demo.replay_logs(res).items()]  # fmt: skip
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
    values = {f: st.session_state[widget_key(side, f)] for f in POLICY_FIELDS}
    for g in HOUR_GROUPS:  # a range slider may hand back a list
        values[f"{g}_hours"] = tuple(float(h) for h in values[f"{g}_hours"])
    return Policy(**values)


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
    names = demo.field_names()
    st.subheader(_("Policy {side}").format(side=side))
    st.markdown("**" + _("Staffing") + "**")
    c1, c2 = st.columns(2)
    for col, crews in ((c1, ("repair", "cleaning")), (c2, ("patrol", "fire"))):
        for c in crews:
            top = _crew_max(getattr(defaults, c), 10)
            col.slider(names[c], 0, top, step=1, key=widget_key(s, c))
    c1.slider(names["volunteers"], 0, _crew_max(defaults.volunteers, 50), step=1,
              key=widget_key(s, "volunteers"))  # fmt: skip
    c2.radio(names["grid_workers"], _grid_worker_options(defaults),
             format_func=_words(GRID_WORKER_MODES), key=widget_key(s, "grid_workers"),
             horizontal=True)  # fmt: skip
    hours_controls(s, defaults)
    st.markdown("**" + _("Rules") + "**")
    c1, c2 = st.columns(2)
    c1.selectbox(names["dispatch"], list(demo.DISPATCH_RULES),
                 format_func=_words(demo.DISPATCH_RULES),
                 key=widget_key(s, "dispatch"))  # fmt: skip
    c2.selectbox(names["queue"], list(demo.QUEUE_RULES), format_func=_words(demo.QUEUE_RULES),
                 key=widget_key(s, "queue"))  # fmt: skip
    c1.slider(_("patrol rounds a day"), 0, _crew_max(defaults.patrols, 3), step=1,
              key=widget_key(s, "patrols"))  # fmt: skip
    days = {d: _("{n} days").format(n=f"{d:g}") for d in _meeting_options(defaults)}
    c2.select_slider(_("joint meeting every"), list(days), format_func=days.__getitem__,
                     key=widget_key(s, "joint_meeting"))  # fmt: skip


def hours_controls(s: str, defaults: Policy) -> None:
    """Hours on duty (range sliders: the day cannot end before it starts) and night
    on-call crews, in an expander (the room changes them less often)."""
    names = demo.field_names()
    with st.expander(_("Hours on duty and night on-call")):
        st.caption(_("Breaks inside the hours stay; night on-call crews cover the rest of "
                     "the day and need day crews of their colour."))  # fmt: skip
        for g in HOUR_GROUPS:
            st.slider(names[f"{g}_hours"], 0.0, 24.0, step=0.5, format="%.1f h",
                      key=widget_key(s, f"{g}_hours"))  # fmt: skip
        cols = st.columns(2)
        for i, c in enumerate(CREW_COLOURS):
            top = _crew_max(getattr(defaults, f"{c}_on_call"), 5)
            cols[i % 2].slider(names[f"{c}_on_call"], 0, top, step=1,
                               key=widget_key(s, f"{c}_on_call"))  # fmt: skip


def _words(choices: dict[str, str]) -> Callable[[str], str]:
    """A picker's option names, translated now: Streamlit (and its test harness) may call
    the function after the page's language context has ended."""
    return {value: _(text) for value, text in choices.items()}.__getitem__


def controls(defaults: Policy) -> None:
    """A and B side by side, and a button that copies A to B."""
    cols = st.columns(2, gap="large")
    for col, side in zip(cols, SIDES, strict=True):
        with col:
            policy_controls(side, defaults)
    cols[1].button(_("Copy A's settings to B"), key="copy_a_to_b", on_click=_copy_a_to_b)


def policy_summary(a: Policy, b: Policy) -> list[str]:
    """The two policies in words, and what B changes (facilitator mode shows only this)."""
    cols = st.columns(2, gap="large")
    for col, side, p in ((cols[0], "A", a), (cols[1], "B", b)):
        col.markdown(f"**{_('Policy {side}').format(side=side)}**: {demo.describe_policy(p)}")
    changes = demo.policy_differences(a, b)
    st.info(_("B changes: {changes}").format(changes="; ".join(changes)) if changes
            else _("A and B are the same."))  # fmt: skip
    return changes


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
    ("staff cost a year (CNY)", "B: staff cost a year"),
)
"""The assessment rates ("三率") when the preset has orders, and the staff cost when it
prices its staff: a second row of big figures."""


def metric_labels() -> dict[str, str]:
    """The big figures' labels in the language in use (literals, for the catalog check)."""
    return {
        "B: mean time to on site": _("B: mean time to on site"),
        "B: on site within target": _("B: on site within target"),
        "B: routine resolved within target": _("B: routine resolved within target"),
        "B: repair issues, mean time to on site": _("B: repair issues, mean time to on site"),
        "B: work orders signed in time": _("B: work orders signed in time"),
        "B: work orders resolved in time": _("B: work orders resolved in time"),
        "B: residents satisfied": _("B: residents satisfied"),
        "B: staff cost a year": _("B: staff cost a year"),
    }


def headline_metrics(table: pd.DataFrame) -> None:
    """B's headline numbers as big figures, each with its difference from A."""
    rows = {r["kpi"]: r for r in table.to_dict("records")}
    labels = metric_labels()
    for metrics in (METRICS, RATE_METRICS):
        shown = [(rows[k], labels[label]) for k, label in metrics if k in rows]
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
        return {"delta": _("same as A"), "delta_color": "off"}
    text = _("{diff} vs A").format(
        diff=demo.format_value(diff, row["unit"], signed=True, kpi=row["key"])
    )
    lower = demo.better_way(row["key"]) == "lower"
    return {"delta": text, "delta_color": "inverse" if lower else "normal"}


def replication_buttons(n: int) -> None:
    if n < demo.MORE_REPLICATIONS:
        if st.button(_("More: {n} replications").format(n=demo.MORE_REPLICATIONS), key="more"):
            st.session_state["replications"] = demo.MORE_REPLICATIONS
            st.rerun()
    elif st.button(_("Fewer: {n} replications (faster)").format(n=demo.LIVE_REPLICATIONS),
                   key="fewer"):  # fmt: skip
        st.session_state["replications"] = demo.LIVE_REPLICATIONS
        st.rerun()


def verdict_rows(result: demo.PairResult) -> dict[str, list[tuple[str, str]]]:
    """Per side: its heading ("Policy A: 5 of 7 goals met", status "") and one (status,
    line) per goal."""
    found = demo.goal_verdicts(result)
    out: dict[str, list[tuple[str, str]]] = {}
    for side in SIDES:
        mine = [v for v in found if v.variant == side]
        if not mine:
            continue
        met = sum(v.status == "met" for v in mine)
        heading = _("Policy {side}: {met} of {n} goals met").format(side=side, met=met,
                                                                   n=len(mine))  # fmt: skip
        lines = [(v.status, verdict_line(v, result.target_spec)) for v in mine]
        out[side] = [("", heading), *lines]
    return out


def goals_section(rows: dict[str, list[tuple[str, str]]]) -> None:
    """The goals met or missed by A and by B, side by side (large type in facilitator
    mode, through the page's CSS)."""
    if not rows:
        return
    st.header(_("Goals: met or missed"))
    cols = st.columns(len(rows), gap="large")
    for col, (side, lines) in zip(cols, rows.items(), strict=True):
        items = "".join(
            f'<li style="color:{STATUS_COLOURS[status]}">{html.escape(line)}</li>'
            for status, line in lines if status
        )  # fmt: skip
        col.markdown(f'<div class="gs-verdicts" id="verdicts-{side.lower()}"><h3>'
                     f"{html.escape(lines[0][1])}</h3><ul>{items}</ul></div>",
                     unsafe_allow_html=True)  # fmt: skip
    st.caption(_("Met or missed from the 95% interval of these short runs: {words}.").format(
        words=", ".join(_(w) for w in STATUS_WORDS.values())))  # fmt: skip


def export_button(scenario: Scenario, a: Policy, b: Policy, changes: list[str],
                  result: demo.PairResult, charts: dict[str, bytes],
                  verdicts: dict[str, list[tuple[str, str]]]) -> None:  # fmt: skip
    """Download the A/B result for the meeting record: one HTML file, figures embedded."""
    record = Record(
        scenario=scenario.name,
        policies={"A": demo.describe_policy(a), "B": demo.describe_policy(b)},
        changes=changes, note=demo.replication_note(result), verdicts=verdicts,
        table=demo.display_table(demo.kpi_table(result)), figures=charts,
        font_face=han_font_face(scenario.name) if lang() == "zh" else "",
    )  # fmt: skip
    st.download_button(_("Export the A/B result for the meeting record (HTML)"),
                       record_html(record).encode("utf-8"), file_name="gridsim-a-b.html",
                       mime="text/html", key="export")  # fmt: skip


def results(key: tuple, result: demo.PairResult, facilitator: bool) -> dict[str, bytes]:
    """The numbers, the distributions and the target shares of A and B; returns the
    figures by caption."""
    st.header(_("Results"))
    st.caption(demo.replication_note(result))
    replication_buttons(result.replications)
    table = demo.kpi_table(result)
    headline_metrics(table)
    shown = demo.display_table(table)
    if facilitator:  # plain HTML: its text grows with the page's for the room
        st.table(shown.set_index("KPI"))
    else:
        st.dataframe(shown, hide_index=True, height=38 + 35 * len(shown))
    ecdf_png, shares_png = cached_charts(*key, lang())
    charts = {
        _("Time from report to on site: the share of issues reached by then (the line is the "
          "10-minute target)"): ecdf_png,
        _('Share of issues meeting each of the "三个一" targets'): shares_png,
    }  # fmt: skip
    for col, (caption, png) in zip(st.columns(2), charts.items(), strict=True):
        col.image(png, caption=caption)
    return charts


def replay(key: tuple, scenario: Scenario) -> None:
    """The community map at a chosen moment of a simulated week, and a play button."""
    st.header(_("A simulated week on the map"))
    st.caption(_(
        "Replication 1 of A and B: the same issues arise in both; watch who gets "
        "there first. Issues are coloured by state; crews are labelled boxes."
    ))  # fmt: skip
    start = replay_start(scenario)
    options = [float(t) for t in np.arange(start, start + demo.REPLAY_DAYS * DAY_MIN,
                                           REPLAY_GRANULE_MIN)]  # fmt: skip
    if "replay_goto" in st.session_state:
        st.session_state["replay_time"] = st.session_state.pop("replay_goto")
    _init("replay_time", start + 10 * 60.0, options)
    _init("replay_step", 60, PLAY_STEPS)
    c1, c2, c3 = st.columns([6, 2, 2])
    c1.select_slider(_("Time"), options, key="replay_time",
                     format_func=lambda t: clock_text(t, scenario.calendar.start_date))  # fmt: skip
    c2.selectbox(_("Play: minutes a frame"), PLAY_STEPS, key="replay_step")
    play = c3.button(_("▶ Play the rest of the week"), key="play")
    frame = st.empty()
    now = st.session_state["replay_time"]
    code = lang()
    if not play:
        frame.image(cached_frame(*key, code, now))
        return
    end = options[-1]
    t = now
    for t in np.arange(now, end + 1e-9, st.session_state["replay_step"]):
        frame.image(cached_frame(*key, code, float(t)))
        time.sleep(PLAY_PAUSE_S)
    st.session_state["replay_goto"] = min(options, key=lambda o: abs(o - float(t)))
    st.rerun()


# ---------------------------------------------------------------------------------------------
# The page


def choose_preset(presets: dict[str, Path], default: str) -> str:
    _init("preset", default, list(presets))
    return st.sidebar.selectbox(_("Scenario"), list(presets), key="preset",
                                on_change=_reset_policies)  # fmt: skip


def choose_language(given: str | None) -> str:
    """The language switch (sidebar), starting from ``--lang`` or the environment."""
    _init("lang", given if given in LANGS else lang(), LANGS)
    return st.sidebar.radio("Language / 语言", LANGS, key="lang", horizontal=True,
                            format_func=LANGUAGE_NAMES.__getitem__)  # fmt: skip


def open_preset(args: Any) -> tuple[Path, str, Scenario]:
    """The chosen preset's path, fingerprint and scenario; stops the page with a message
    when the folders or the file cannot be used."""
    try:
        dirs = demo.allowed_dirs(args.scenarios)
        wanted = demo.resolve_scenario(args.scenario, dirs) if args.scenario else None
        presets = demo.list_presets(dirs)
    except demo.DemoPathError as e:
        st.error(str(e))
        st.stop()
    if not presets:
        st.error(_("No scenario files (.yaml) in the allowed folders."))
        st.stop()
    _keep_widget_state()
    label = choose_preset(presets, demo.default_preset(presets, wanted) or "")
    try:
        path = demo.resolve_scenario(presets[label], dirs)  # checked again at use
        digest = demo.file_digest(path, dirs)
        return path, digest, cached_scenario(str(path), digest)
    except (demo.DemoPathError, ScenarioError) as e:
        st.error(_("This scenario cannot be used:") + f"\n\n{e}")
        st.stop()
        raise  # st.stop() raises; this line keeps type checkers content


def main() -> None:
    args = demo.parse_app_arguments(sys.argv[1:])
    from_url = _flag(st.query_params.get("facilitator", "")) or bool(args.facilitator)
    st.set_page_config(page_title="gridsim", layout="wide",
                       initial_sidebar_state="collapsed" if from_url else "expanded")  # fmt: skip
    with use(choose_language(args.lang)):
        page(args, from_url)


def page(args: Any, from_url: bool) -> None:
    """The page in the chosen language."""
    path, digest, scenario = open_preset(args)
    _init("facilitator", from_url)
    facilitator = st.sidebar.toggle(_("Facilitator mode (big type, controls hidden)"),
                                    key="facilitator")  # fmt: skip
    _init("replications", demo.LIVE_REPLICATIONS)
    st.sidebar.caption(demo.replication_note_short(st.session_state["replications"]))
    st.markdown(FACILITATOR_CSS if facilitator else BASE_CSS, unsafe_allow_html=True)
    han_font(f"{scenario.name} {scenario.description}")
    st.title(_("What if we change staffing or rules?"))
    st.caption(f"{scenario.name}: {scenario.description}".strip())
    defaults = demo.policy_of(scenario)
    init_controls(defaults)
    if not facilitator:
        controls(defaults)
    a, b = _policy("a"), _policy("b")
    changes = policy_summary(a, b)
    n = st.session_state["replications"]
    key = (str(path), digest, a.as_tuple(), b.as_tuple(), n)
    try:
        with st.spinner(_("Simulating {n} replications of A and B...").format(n=n)):
            result = cached_result(*key)
    except demo.ImpossiblePolicy as e:
        impossible_message(e)
        return
    verdicts = verdict_rows(result)
    goals_section(verdicts)
    charts = results(key, result, facilitator)
    export_button(scenario, a, b, changes, result, charts, verdicts)
    replay(key, scenario)


def han_font(text: str) -> None:
    """Chinese text draws on a computer without a CJK font (`gridsim.views.demo_font`):
    in Chinese, or when the scenario's own text has Han characters. Icons keep their font."""
    if lang() != "zh" and text.isascii():
        return
    face = han_font_face(text)
    if face:
        family = f'"Source Sans", "Source Sans Pro", "{HAN_FAMILY}", sans-serif'
        rule = f'.stApp *:not([data-testid="stIconMaterial"]) {{ font-family: {family}; }}'
        st.markdown(f"<style>{face} {rule}</style>", unsafe_allow_html=True)


def impossible_message(e: demo.ImpossiblePolicy) -> None:
    """What cannot run, in residents' words; the validation's own words for the facilitator."""
    for message in e.messages:
        st.error(message)
    if e.detail:
        st.caption(_("For the facilitator: {detail}").format(detail=e.detail))


def run() -> None:
    """The page, with unexpected failures shown as a message (details go to the server's
    log), never as a traceback in front of the room."""
    try:
        main()
    except Exception as e:  # st.stop() and st.rerun() raise BaseExceptions: they pass
        log.exception("gridsim demo failed")
        st.error(_("Something went wrong ({what}). Try other settings.").format(
            what=f"{type(e).__name__}: {e}"))  # fmt: skip


if __name__ == "__main__":  # Streamlit runs the file as __main__
    run()
