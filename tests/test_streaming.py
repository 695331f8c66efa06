"""City scale without holding the run: demand drawn chunk by chunk, issues in the model only
while open, the log streamed to disk in batches.

What is checked here could fail: the streamed log must hold exactly the rows of the
in-memory one; the most issues open at once must not grow with the horizon; and a shorter
run must be the beginning of a longer one, issue for issue and minute for minute (the model
is causal and the demand does not depend on the horizon).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from gridsim.experiment import runner
from gridsim.experiment.runner import run_experiment, run_replication
from gridsim.model import ledger as ledger_module
from gridsim.model.chunks import ATTRIBUTES, TIMES, Chunk
from gridsim.model.demand import CHUNK_DAYS, DAY_MIN
from gridsim.model.ledger import Ledger
from gridsim.model.model import Model
from gridsim.scenario import Scenario, load_scenario
from gridsim.scenario.messages import validate_data
from gridsim.scenario.schema import Targets

ROOT = Path(__file__).resolve().parents[1]


def baseline(**calendar: float) -> Scenario:
    raw = load_scenario(ROOT / "scenarios" / "baseline.yaml").model_dump(mode="python")
    raw["calendar"].update(calendar)
    raw["variants"] = {}
    return validate_data(raw, "baseline")


def same(rows: list[dict]) -> list[dict]:
    """KPI rows comparable with == (NaN is not equal to itself)."""
    return [{**r, "value": repr(r["value"])} for r in rows]


def by_issue(table: pa.Table) -> pa.Table:
    return table.sort_by([("issue_id", "ascending")])


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> int:
    """Batches of 64 rows, so a short run streams many of them."""
    monkeypatch.setattr(ledger_module, "BATCH", 64)
    return 64


def test_the_streamed_log_holds_the_rows_of_the_in_memory_log(
    tmp_path: Path, small_batches: int
) -> None:
    sc = baseline(horizon_days=60.0)
    memory = run_replication(sc, "base", 0)
    path = tmp_path / "log.parquet"
    streamed = run_replication(sc, "base", 0, log_path=path)
    file = pq.ParquetFile(path)
    assert file.num_row_groups > memory.log.num_rows // small_batches // 2  # in batches
    assert by_issue(file.read()).equals(by_issue(memory.log))
    assert same(streamed.rows) == same(memory.rows)  # the KPIs read back from the file are the same
    assert streamed.log is None
    ids = memory.log.column("issue_id").to_numpy()
    assert np.array_equal(np.sort(ids), np.arange(len(ids)))  # each issue exactly once


def test_a_results_folder_combines_the_parts_batch_by_batch(
    tmp_path: Path, small_batches: int
) -> None:
    sc = baseline(horizon_days=30.0)
    variants = {"a": sc, "b": sc.model_copy(update={"seed": sc.seed + 1})}
    folder = run_experiment(variants, 2, tmp_path / "out", progress=False, executor="serial")
    memory = run_experiment(variants, 2, None, progress=False, executor="serial")
    combined = pq.read_table(tmp_path / "out" / "issues.parquet")
    assert combined.equals(pa.concat_tables(memory.logs))
    assert same(folder.rows) == same(memory.rows)
    assert not list((tmp_path / "out").glob("**/.*.tmp"))


def test_the_most_issues_open_at_once_does_not_grow_with_the_horizon() -> None:
    one = Model(baseline(horizon_days=365.0), 0).run()
    three = Model(baseline(horizon_days=3 * 365.0), 0).run()
    # Over three times the issues, the peak of open issues stays where one year put it
    # (the maximum of a stationary level grows only a little with a longer window).
    assert len(three.issues) > 2.8 * len(one.issues)
    assert three.live_peak <= 1.3 * one.live_peak
    assert one.live_peak < len(one.issues) / 10


@pytest.mark.parametrize("short_days", [13.3, CHUNK_DAYS, 45.0])
def test_a_shorter_run_is_the_beginning_of_a_longer_one(short_days: float) -> None:
    long = Model(baseline(horizon_days=70.0, warmup_days=0.0), 3).run()
    short = Model(baseline(horizon_days=short_days, warmup_days=0.0), 3).run()
    h = short_days * DAY_MIN
    n = len(short.issues)
    assert n > 0 and np.all(short.issues.created < h)
    assert np.sum(long.issues.created < h) == n  # the same issues, by id...
    for name in ATTRIBUTES:  # ...with the same attributes
        assert np.array_equal(getattr(short.issues, name), getattr(long.issues, name)[:n]), name
    for name in TIMES:  # and the same history up to the shorter horizon
        before = getattr(long, name)[:n]
        expected = np.where(before < h, before, np.nan)
        assert np.array_equal(getattr(short, name), expected, equal_nan=True), name


def test_issues_no_one_can_find_leave_the_model_at_once() -> None:
    """Latent issues of a kind no patrol or screening looks for never enter the model; they
    appear in the log as created and never found."""
    raw = baseline(horizon_days=60.0).model_dump(mode="python")
    kind = next(iter(raw["demand"]["kinds"].values()))
    kind.update(latent_share=1.0, found_by=[])
    sc = validate_data(raw, "unfindable")
    res = Model(sc, 0).run()
    first = res.issues.kind == 0
    assert first.sum() > 0 and np.all(res.issues.latent[first])
    assert np.all(np.isnan(res.found[first]) & np.isnan(res.reported[first]))
    assert res.live_peak < len(res.issues)


def test_a_worker_streams_its_log_into_the_folder_it_sees(tmp_path: Path) -> None:
    sc = baseline(horizon_days=10.0)
    (tmp_path / "session").write_text("t1\n")
    task = runner.Task("base", 0, sc, log_dir=str(tmp_path), session="t1")
    done = runner.run_task(task)
    assert isinstance(done.log, Path) and done.log.parent == tmp_path
    assert done.log.name.startswith(".") and done.log.name.endswith(".tmp")  # until kept
    assert pq.read_table(done.log).num_rows > 0
    # No folder, or one this worker does not see (a stale folder of the same path, from an
    # earlier run, or none at that path on this machine): the log comes back as bytes.
    for elsewhere in ({}, {"log_dir": str(tmp_path), "session": "t0"},
                      {"log_dir": str(tmp_path / "nowhere"), "session": "t1"}):  # fmt: skip
        bytes_back = runner.run_task(runner.Task("base", 0, sc, **elsewhere))
        assert isinstance(bytes_back.log, bytes)
        assert pq.read_table(pa.BufferReader(bytes_back.log)).equals(pq.read_table(done.log))


def independent_kpis(log: pd.DataFrame, warmup: float, horizon: float, targets: Targets) -> dict:
    """Some KPIs of the community and of each grid, straight from their README definitions
    with pandas, sharing no code with `gridsim.stats.kpis`: problems are the issues reported
    after the warm-up, volunteer services left out; an issue not on site (or not resolved)
    by the horizon counts in a percentile at its time open."""
    problems = log[(log.reported_min >= warmup) & (log.handler != "volunteer")]
    out: dict[tuple[str, str], float] = {}
    groups = [("community", problems)]
    groups += [(f"grid:{g}", rows) for g, rows in problems.groupby("grid", observed=True)]
    for scope, rows in groups:
        to_site = rows.on_site_min - rows.reported_min
        to_resolve = rows.resolved_min - rows.reported_min
        open_for = horizon - rows.reported_min
        routine = rows[rows.routine]
        out |= {
            ("issues", scope): len(rows),
            ("resolved", scope): int(rows.resolved_min.notna().sum()),
            ("open_at_end", scope): int(rows.resolved_min.isna().sum()),
            ("on_site_mean_min", scope): to_site.mean(),
            ("resolution_mean_min", scope): to_resolve.mean(),
            ("target_on_site_share", scope): (to_site <= targets.on_site_min).mean(),
            ("target_resolved_share", scope): (
                (routine.resolved_min - routine.reported_min) <= targets.routine_resolved_min
            ).mean(),
            ("on_site_p90_min", scope): np.percentile(to_site.fillna(open_for), 90),
            ("resolution_median_min", scope): np.percentile(to_resolve.fillna(open_for), 50),
        }
    end = problems.resolved_min.fillna(horizon).clip(upper=horizon)
    out[("backlog_mean", "community")] = (end - problems.reported_min).sum() / (horizon - warmup)
    return out


def test_kpis_added_up_batch_by_batch_equal_an_independent_whole_log_computation(
    small_batches: int,
) -> None:
    """Summed in batches of 64 rows, the KPIs equal those computed from the whole log by
    `independent_kpis`: counts exactly, means, shares and percentiles up to rounding."""
    sc = baseline(horizon_days=90.0)
    rep = run_replication(sc, "base", 1)
    model = Model(sc, 1)
    streamed = {(r["kpi"], r["scope"]): r["value"] for r in rep.rows}
    expected = independent_kpis(rep.log.to_pandas(), model.warmup, model.horizon, sc.targets)
    assert len(expected) > 10 * 9 and expected[("open_at_end", "community")] > 0
    for key, value in expected.items():
        assert streamed[key] == pytest.approx(value, rel=1e-9, nan_ok=True), key


def test_a_few_long_open_issues_do_not_hold_whole_chunks(
    monkeypatch: pytest.MonkeyPatch, small_batches: int
) -> None:
    """Patrols that almost never find anything leave a few latent issues open for months in
    every chunk: the chunks shrink to those rows, and the log is what it would have been."""
    raw = baseline(horizon_days=730.0).model_dump(mode="python")
    raw["policy"]["patrol"]["find_probability"] = 0.002
    sc = validate_data(raw, "rarely found")
    held: dict[str, int] = {}
    flush_all = Ledger.flush_all

    def spy(self: Ledger) -> None:
        held.update(chunks=len(self.chunks), open=len(self.facts),
                    rows=sum(len(c.issues) for c in self.chunks))  # fmt: skip
        flush_all(self)

    monkeypatch.setattr(Ledger, "flush_all", spy)
    res = Model(sc, 0).run()
    compacted = dict(held)
    monkeypatch.setattr(Chunk, "worth_compacting", lambda self: False)
    whole = Model(sc, 0).run()
    assert compacted["chunks"] > 10  # most chunks still have an open issue at the end...
    assert held["rows"] > 0.8 * len(whole.issues)  # ...and whole, they would hold most rows;
    per_chunk = len(res.issues) / (730 / CHUNK_DAYS)
    assert compacted["rows"] < per_chunk + 2 * compacted["open"]  # compacted, little else
    for name in (*TIMES, "level", "channel", "crew", "sessions", "needs"):
        assert np.array_equal(getattr(res, name), getattr(whole, name), equal_nan=True), name


def test_a_run_without_a_single_issue_has_its_columns_and_kpis(tmp_path: Path) -> None:
    raw = baseline(horizon_days=10.0).model_dump(mode="python")
    for kind in raw["demand"]["kinds"].values():
        kind["rate_per_household_year"] = 0.0
    sc = validate_data(raw, "quiet")
    memory = run_replication(sc, "base", 0)
    streamed = run_replication(sc, "base", 0, log_path=tmp_path / "log.parquet")
    log = pq.read_table(tmp_path / "log.parquet")
    assert log.num_rows == 0 and log.schema.equals(memory.log.schema)
    kpis = {(r["kpi"], r["scope"]): r["value"] for r in streamed.rows}
    assert kpis[("issues", "community")] == 0 and kpis[("backlog_mean", "community")] == 0
    assert np.isnan(kpis[("on_site_p90_min", "community")])
    assert same(streamed.rows) == same(memory.rows)
