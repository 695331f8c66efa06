"""Helpers shared by the tests that start real processes: free ports, stopping process
groups, a real Dask scheduler with workers, and a headless Chromium driven by Selenium."""

from __future__ import annotations

import contextlib
import copy
import hashlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from gridsim.experiment import runner
from gridsim.experiment.runner import run_replication

BIN = Path(sys.executable).parent  # the venv's bin: the `dask` and `gridsim` scripts
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    """SIGTERM the process group we started (a worker's nanny and its child, a launcher and
    Streamlit), then SIGKILL it if it does not exit in time."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)


# -- a real Dask cluster ----------------------------------------------------------------------


class Cluster:
    def __init__(self, address: str, scheduler: subprocess.Popen, workers: list, folder: Path):
        self.address = address
        self.scheduler = scheduler
        self.workers = workers
        self.folder = folder
        self.scheduler_file = folder / "scheduler.json"

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
                         for p in sorted(self.folder.glob("*.log")))  # fmt: skip


@contextlib.contextmanager
def dask_cluster(folder: Path, n_workers: int) -> Iterator[Cluster]:
    """`dask scheduler` on a free port (also writing a scheduler file) and ``n_workers``
    single-thread `dask worker` processes (each in its own process group) on 127.0.0.1;
    waits until every worker is registered; all of them stopped on exit."""
    from distributed import Client

    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler_file = folder / "scheduler.json"
    procs: list[subprocess.Popen] = []
    with contextlib.ExitStack() as stack:

        def start(name: str, *args: str) -> subprocess.Popen:
            log = stack.enter_context(open(folder / f"{name}.log", "wb"))
            proc = subprocess.Popen([str(BIN / "dask"), *args], stdout=log,
                                    stderr=subprocess.STDOUT, cwd=folder,
                                    start_new_session=True)  # fmt: skip
            procs.append(proc)
            return proc

        try:
            scheduler = start("scheduler", "scheduler", "--host", "127.0.0.1", "--port",
                              str(port), "--no-dashboard", "--scheduler-file",
                              str(scheduler_file))  # fmt: skip
            workers = [
                start(f"worker{k}", "worker", address, "--nthreads", "1", "--no-dashboard")
                for k in range(n_workers)
            ]
            deadline = time.monotonic() + 60
            while not scheduler_file.exists():
                assert scheduler.poll() is None, (folder / "scheduler.log").read_text()
                assert time.monotonic() < deadline, "the dask scheduler did not start in 60 s"
                time.sleep(0.1)
            with Client(address, timeout="30s") as client:
                while len(client.scheduler_info()["workers"]) < n_workers:
                    dead = [p.args for p in procs if p.poll() is not None]
                    assert not dead, f"exited early: {dead}"
                    assert time.monotonic() < deadline, "the dask workers did not register in 60 s"
                    time.sleep(0.1)
            yield Cluster(address, scheduler, workers, folder)
        finally:
            for proc in reversed(procs):  # workers first, then the scheduler
                stop(proc)


# -- a headless browser -----------------------------------------------------------------------


def browser_or_skip():
    """Selenium's webdriver module; skip when the browser, its driver, Selenium or Streamlit
    is missing, unless GRIDSIM_REQUIRE_CHROMIUM=1 (as CI sets it): then fail."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    required = os.environ.get("GRIDSIM_REQUIRE_CHROMIUM") == "1"
    if missing:
        if required:
            pytest.fail(f"missing {', '.join(missing)} (GRIDSIM_REQUIRE_CHROMIUM=1)")
        pytest.skip(
            f"browser test not run: headless Chromium and its driver are needed, and "
            f"{' and '.join(missing)} is missing (Debian: apt-get install chromium "
            f"chromium-driver; .ci/run installs them and sets GRIDSIM_REQUIRE_CHROMIUM=1)"
        )
    for module in ("selenium.webdriver", "streamlit"):
        try:
            __import__(module)
        except ImportError:
            if required:
                pytest.fail(f"cannot import {module} (GRIDSIM_REQUIRE_CHROMIUM=1)")
            pytest.skip(f"browser test not run: cannot import {module} (pip install -e '.[test]')")
    from selenium import webdriver

    return webdriver


def wait_for_http(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the demo server exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"the demo did not answer at {url}")


def chrome(webdriver, profile: Path, network_log: bool = False):
    """Headless Chromium that cannot reach any host but this computer (so a page that needs
    a CDN shows it); ``network_log`` records every request for inspection."""
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run",
                "--window-size=1500,2200", f"--user-data-dir={profile}",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"):  # fmt: skip
        options.add_argument(arg)
    if network_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def press_right(driver, key: str, times: int) -> None:
    """Move a slider with the keyboard, as a facilitator might: focus its thumb (an input
    of type range in recent Streamlit, a role="slider" element in older ones) and press
    the right arrow."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    thumb = driver.find_element(
        By.CSS_SELECTOR, f'.st-key-{key} input[type="range"], .st-key-{key} [role="slider"]'
    )
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", thumb
    )
    actions = ActionChains(driver)
    for _ in range(times):
        actions.send_keys(Keys.ARROW_RIGHT).pause(0.1)
    actions.perform()


def repair_metric(driver) -> str:
    """The shown value of B's repair-crew KPI metric, or "" while it is not on the page."""
    from selenium.webdriver.common.by import By

    for m in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMetric"]'):
        if "repair" in m.text:
            return m.find_element(By.CSS_SELECTOR, '[data-testid="stMetricValue"]').text
    return ""


# -- scenario dicts and hypothesis ------------------------------------------------------------


def merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``over`` merged in, dicts recursively (a copy; neither is changed)."""
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def props(n: int) -> settings:
    """Fixed examples (derandomize), no per-example deadline, no database writes needed."""
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- runs interrupted, folders compared -------------------------------------------------------


def counting(monkeypatch: pytest.MonkeyPatch, interrupt_at: int | None = None) -> list[tuple]:
    """Count calls of `run_replication` (and raise KeyboardInterrupt on the given call);
    replaces any earlier wrapper, so each list counts one attempt."""
    calls: list[tuple] = []

    def wrapped(scenario, variant, replication, *args):
        calls.append((variant, replication))
        if len(calls) == interrupt_at:
            raise KeyboardInterrupt
        return run_replication(scenario, variant, replication, *args)

    monkeypatch.setattr(runner, "run_replication", wrapped)
    return calls


def folder_snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` and its sha256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def load_script(path: Path, name: str) -> ModuleType:
    """A script that is not a package module (a benchmark, a study) imported as ``name``,
    registered in sys.modules so its dataclasses find their module."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
