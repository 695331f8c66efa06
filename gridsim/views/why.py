"""The one-line reason under a missed (or too close to call) goal, drawn from the issue log,
in the language in use: for the "三个一" targets from the decomposition of the time to the
target (`gridsim.stats.decompose`), for the work-order rates from the counts of late orders
(`gridsim.views.report.misses`).

`reasons_for` is what the console, the report and the demo call: it takes a results folder
(or an issue log with its scenario) and the verdicts, and gives the reasons in the form
`gridsim.views.verdicts.verdict_lines` takes them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from gridsim.i18n import _
from gridsim.stats.decompose import PART_WORDS, TARGET_PARTS, TARGETS, issue_parts
from gridsim.stats.goals import MET, Verdict
from gridsim.views.amounts import amount, time_text

if TYPE_CHECKING:
    from gridsim.scenario.schema import Scenario
    from gridsim.views.data import ResultsData
    from gridsim.views.report.misses import Misses

__all__ = ["reasons_for", "scenarios_of", "target_reason", "why"]


def target_reason(parts: pd.DataFrame, target: str) -> str:
    """'29% of reports arrive when nobody is on duty and wait 9.5 h on average; the others:
    triage 3.0 min, wait for a crew 1.0 min, travel 5.0 min on average' (``parts``: the
    issues one target's KPI counts, from `issue_parts`)."""
    if not len(parts):
        return ""
    off = parts["off_duty"].to_numpy(float)
    waiting = off > 0
    others = parts[~waiting]
    means = {p: float(others[p].mean()) for p in TARGET_PARTS[target][1:]}
    steps = ", ".join(  # a part that rounds to 0.0 min says nothing: left out
        _("{part} {time}").format(part=_(PART_WORDS[p]), time=time_text(m))
        for p, m in means.items()
        if not m < 0.05
    )
    if not waiting.any():
        return _("nobody waits for someone on duty; on average: {steps}").format(steps=steps)
    text = _("{share} of reports arrive when nobody is on duty and wait {wait} on average").format(
        share=amount(float(waiting.mean()), "share", 0), wait=time_text(float(off[waiting].mean()))
    )
    if len(others):
        text += _("; the others: {steps} on average").format(steps=steps)
    return text


def order_reason(kpi: str, m: Misses) -> str:
    """The work-order rates' reason, from the counts of late orders."""
    if kpi == "response_rate" and m.late_sign_offs > 0 and not math.isnan(m.off_duty):
        return _("{off} of late sign-offs were reported while the grid worker was off duty; "
                 "{hotline} came by the hotline").format(
            off=amount(m.off_duty, "share", 0), hotline=amount(m.hotline, "share", 0))  # fmt: skip
    if kpi == "on_time_rate" and m.late > 0 and not math.isnan(m.signed_late):
        return _("{signed} of late resolutions were signed for late; {town} went to the town "
                 "or above; {open} were still open at the end").format(
            signed=amount(m.signed_late, "share", 0), town=amount(m.town, "share", 0),
            open=amount(m.unresolved, "share", 0))  # fmt: skip
    return ""


def _scoped(parts: pd.DataFrame, variant: str, scope: str) -> pd.DataFrame:
    mine = parts[parts["variant"].astype(str) == variant]
    what, _sep, name = scope.partition(":")
    if what in ("kind", "grid"):
        return mine[mine[what].astype(str) == name]
    return mine if what == "community" else mine.iloc[0:0]


def why(
    v: Verdict,
    log: pd.DataFrame,
    scenario: Scenario | Mapping[str, Scenario],
    cache: dict[str, object] | None = None,
) -> str:
    """The one-line reason for one verdict ('' when the log cannot say, or the goal is met).
    ``cache`` keeps what was computed for other verdicts of the same log."""
    if v.status == MET:
        return ""
    cache = {} if cache is None else cache
    target = next((t.name for t in TARGETS.values() if t.kpi == v.goal.kpi), None)
    if target is not None:
        if target not in cache:
            cache[target] = issue_parts(log, scenario, target)
        parts = cache[target]
        assert isinstance(parts, pd.DataFrame)
        return target_reason(_scoped(parts, v.variant, v.goal.scope), target)
    if v.goal.kpi in ("response_rate", "on_time_rate") and v.goal.scope == "community":
        from gridsim.views.report.misses import order_misses

        if "orders" not in cache:
            base = scenario if not isinstance(scenario, Mapping) else next(iter(scenario.values()))
            cache["orders"] = order_misses(log, base)
        misses = cache["orders"]
        assert isinstance(misses, dict)
        return order_reason(v.goal.kpi, misses[v.variant]) if v.variant in misses else ""
    return ""


def scenarios_of(data: ResultsData) -> dict[str, Scenario]:
    """Each variant's scenario of a results folder: the base's own variants, and a sweep's
    design points rebuilt from sweep.csv (their rosters may differ); a variant of another
    file in a comparison is not kept in the folder, so it is read with the base's."""
    from gridsim.api import scenario_of
    from gridsim.experiment.sweep import BASE
    from gridsim.scenario import variant_scenarios

    base = data.scenario
    out = variant_scenarios(base) if base.variants else {"base": base}
    if data.sweep is not None:
        params = [c for c in data.sweep.columns if "." in c]
        for row in data.sweep.drop_duplicates("point").itertuples(index=False):
            values = dict(zip(data.sweep.columns, row, strict=True))
            changes = {p: values[p] for p in params}
            if values["point"] == BASE or any(pd.isna(v) for v in changes.values()):
                out[str(values["point"])] = base  # the current plan, as it was run
                continue
            out[str(values["point"])] = scenario_of(base, changes)
    return out


def reasons_for(
    data_or_log: ResultsData | pd.DataFrame,
    scenario: Scenario | Mapping[str, Scenario] | None,
    verdicts: list[Verdict],
) -> dict[tuple[str, int], str]:
    """The reason under each missed or too-close-to-call goal, by (variant, index of the
    goal among that variant's verdicts), as `verdict_lines` takes them.

    ``data_or_log``: a results folder's data (`gridsim.views.data.ResultsData`; then
    ``scenario`` may be None: the folder's is used) or an issue log (issues.parquet as a
    DataFrame) with its ``scenario`` (or a scenario per variant, for variants whose rosters
    differ). The text is in the language in use; goals the log cannot explain get none.
    """
    if isinstance(data_or_log, pd.DataFrame):
        log = data_or_log
    else:
        log = data_or_log.issues
        scenario = scenario or scenarios_of(data_or_log)
    if scenario is None:
        raise ValueError("reasons_for: give the scenario of the log")
    out: dict[tuple[str, int], str] = {}
    cache: dict[str, object] = {}
    index: dict[str, int] = {}
    for v in verdicts:
        i = index[v.variant] = index.get(v.variant, -1) + 1
        text = why(v, log, scenario, cache)
        if text:
            out[(v.variant, i)] = text
    return out
