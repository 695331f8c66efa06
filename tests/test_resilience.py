"""Resilience: a Dask worker lost in the middle of a sweep, and a page reloaded in the middle
of a demo run.

* A sweep on a real `dask scheduler` with three single-thread `dask worker` processes, one of
  which is SIGKILLed (nanny and worker together, as when a machine dies) while it runs a
  replication: Dask runs that replication again elsewhere, the sweep exits 0, and its tables
  are those of the same sweep run serially: every (point, replication) once, none lost or
  doubled.
* The Streamlit demo in headless Chromium, reloaded while the script reruns for a new B:
  the new session renders results, shows no exception, still answers a slider, and the
  server neither dies nor logs a traceback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from itertools import groupby
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import (
    BIN,
    browser_or_skip,
    chrome,
    dask_cluster,
    free_port,
    press_right,
    repair_metric,
    stop,
    wait_for_http,
)

from gridsim.experiment.results import read_summary

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"


# ---------------------------------------------------------------------------------------------
# A Dask worker killed in the middle of a sweep

# Five years: about half a second a run, so 12 runs on 3 workers take a few seconds and a
# worker can be killed while the sweep is well under way.
SWEEP = ["--grid", "staff.crews.repair=1,2,3,4", "-r", "3",
         "--set", "calendar.horizon_days=1825", "-q"]  # fmt: skip
POINTS = [f"p{i:03d}" for i in range(1, 5)]
REPLICATIONS = 3
WORKERS = 3


def sweep_command(out: Path, *extra: str) -> list[str]:
    return [str(BIN / "gridsim"), "sweep", str(BASELINE), *SWEEP, "--out", str(out), *extra]


def busy_worker(client, workers: list[subprocess.Popen]) -> subprocess.Popen | None:
    """One of our `dask worker` processes (the nanny) whose worker is running a task now."""
    nanny_of = client.run(os.getppid)  # worker address -> pid of its nanny (our Popen)
    by_pid = {p.pid: p for p in workers if p.poll() is None}
    for address, keys in client.processing().items():
        if keys and nanny_of.get(address) in by_pid:
            return by_pid[nanny_of[address]]
    return None


@pytest.mark.slow
def test_a_worker_killed_mid_sweep_loses_and_duplicates_no_run(tmp_path: Path) -> None:
    from distributed import Client

    serial_out = tmp_path / "serial"
    serial = subprocess.run(sweep_command(serial_out, "--executor", "serial"),
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert serial.returncode == 0, serial.stderr

    out = tmp_path / "dask"
    with dask_cluster(tmp_path / "cluster", WORKERS) as cluster, Client(cluster.address) as client:
        sweep = subprocess.Popen(sweep_command(out, "--scheduler", cluster.address),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 start_new_session=True)  # fmt: skip
        try:
            deadline = time.monotonic() + 120
            victim = None
            while victim is None:
                assert sweep.poll() is None, ("the sweep ended before a worker could be "
                                              f"killed:\n{sweep.communicate()[1]}")  # fmt: skip
                assert time.monotonic() < deadline, "no part and busy worker in 120 s"
                if list((out / "parts").glob("*-r*.csv")):
                    victim = busy_worker(client, cluster.workers)
                if victim is None:
                    time.sleep(0.02)
            os.killpg(victim.pid, signal.SIGKILL)  # the nanny and its worker, no goodbye
            parts_at_kill = len(list((out / "parts").glob("*-r*.csv")))
            running_at_kill = sweep.poll() is None
            victim.wait(timeout=15)
            _, stderr = sweep.communicate(timeout=300)
        finally:
            stop(sweep)
        alive = len(client.scheduler_info()["workers"])
        logs = cluster.logs()

    assert running_at_kill and 1 <= parts_at_kill < len(POINTS) * REPLICATIONS, parts_at_kill
    assert alive == WORKERS - 1, logs  # the kill took effect: the sweep finished on two
    assert sweep.returncode == 0, f"{stderr}\n{logs}"
    assert "Traceback" not in stderr
    assert not (out / "parts").exists()

    # Every (point, replication) exactly once, in run order, each a single block of rows.
    rows = read_summary(out / "summary.csv")
    pairs = [(r["variant"], r["replication"]) for r in rows]
    blocks = [key for key, _ in groupby(pairs)]
    assert blocks == [(p, r) for r in range(REPLICATIONS) for p in POINTS]
    per_row = Counter((r["variant"], r["replication"], r["kpi"], r["scope"]) for r in rows)
    assert max(per_row.values()) == 1
    log = pq.read_table(out / "issues.parquet")
    assert sorted(Counter(zip(log["variant"].to_pylist(), log["replication"].to_pylist(),
                              strict=True))) == sorted(set(pairs))  # fmt: skip

    # The same tables as the serial sweep, bit for bit.
    assert log.num_rows > 0
    assert log.equals(pq.read_table(serial_out / "issues.parquet"))
    assert (out / "summary.csv").read_bytes() == (serial_out / "summary.csv").read_bytes()


# ---------------------------------------------------------------------------------------------
# The demo reloaded in the middle of a run


def _failures(driver) -> list[str]:
    """Exception boxes, tracebacks, and the app's own 'Something went wrong' message."""
    from selenium.webdriver.common.by import By

    found = [e.text for e in driver.find_elements(
        By.CSS_SELECTOR, '[data-testid="stException"], .stException')]  # fmt: skip
    body = driver.find_element(By.TAG_NAME, "body").text
    found += [text for text in ("Traceback", "Something went wrong") if text in body]
    return found


def _stale(driver) -> int:
    """Elements of the last run not yet drawn again: the script is running."""
    return driver.execute_script("return document.querySelectorAll('[data-stale=\"true\"]').length")


@pytest.mark.slow
def test_demo_survives_a_reload_in_the_middle_of_a_run(tmp_path: Path) -> None:
    webdriver = browser_or_skip()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server_log = tmp_path / "server.err"
    server_out = tmp_path / "server.out"
    with open(server_log, "wb") as err, open(server_out, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "gridsim", "demo", "--port", str(port)],
                                  cwd=tmp_path, start_new_session=True, stdout=out,
                                  stderr=err)  # fmt: skip
    driver = None
    try:
        wait_for_http(url, server)
        driver = chrome(webdriver, tmp_path / "profile")
        driver.get(url)
        wait = WebDriverWait(driver, 90)
        default = wait.until(lambda d: repair_metric(d))
        wait.until(lambda d: _stale(d) == 0)  # the first run is over

        # 'More' starts a longer run (10 replications, a few seconds: a slider's 3 runs can
        # end before the page shows them running); reload as soon as it shows it running.
        driver.find_element(By.CSS_SELECTOR, ".st-key-more button").click()
        WebDriverWait(driver, 10, poll_frequency=0.01).until(lambda d: _stale(d) > 0)
        mid_run = _stale(driver) > 0
        driver.refresh()
        assert mid_run, "the run ended before the reload: reloaded too late"

        # A new session: the preset's settings again, results drawn, nothing broken.
        again = wait.until(lambda d: repair_metric(d))
        wait.until(lambda d: _stale(d) == 0)
        assert again == default
        assert not _failures(driver)
        assert driver.find_elements(By.CSS_SELECTOR, '[data-testid="stImage"], img')

        # The slider still drives the results.
        press_right(driver, "b_repair", times=1)
        wait.until(lambda d: "repair crews 2 → 3" in d.find_element(By.TAG_NAME, "body").text)
        changed = wait.until(lambda d: (v := repair_metric(d)) != default and v)
        wait.until(lambda d: _stale(d) == 0)
        assert changed != default
        assert not _failures(driver)
        assert server.poll() is None, "the demo server died"
    finally:
        if driver is not None:
            driver.quit()
        stop(server)
    assert server.poll() is not None
    logged = server_log.read_text(errors="replace") + server_out.read_text(errors="replace")
    assert "Traceback" not in logged, logged
