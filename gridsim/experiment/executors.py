"""Executors behind one interface (`concurrent.futures.Executor`): serial, a local process
pool, or a Dask cluster. Nothing below the experiment layer knows which one runs it, and the
results are the same bit for bit: every run draws from its own named streams, and results
are combined in run order, not in the order they finish.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any

EXECUTORS = ("serial", "process", "dask")


class ExecutorError(Exception):
    """An executor cannot be started (a missing extra, an unreachable scheduler)."""


class SerialExecutor(Executor):
    """Runs each task in this process when it is submitted: simple, and easy to debug."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as e:  # KeyboardInterrupt must reach the caller
            if not isinstance(e, Exception):
                raise
            future.set_exception(e)
        return future


def _worker_init() -> None:
    """In a pool worker: leave interruptions to the parent, which stops the workers itself
    (Ctrl-C reaches every process of the terminal; workers ignore it and die quietly on
    SIGTERM), and on Linux end with the parent, so a run killed outright (SIGKILL, the
    out-of-memory killer) leaves no orphaned workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


PR_SET_PDEATHSIG = 1


def _stop(pool: ProcessPoolExecutor) -> None:
    """After an interruption: cancel what has not started and end the workers now, rather
    than wait for them (a worker hit by the same Ctrl-C can leave the pool stuck)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public way
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, AttributeError):
            process.terminate()
    for process in processes:  # gone before the caller tidies the files they wrote
        with contextlib.suppress(OSError, AttributeError, AssertionError):
            process.join(STOP_WAIT_S)


STOP_WAIT_S = 5.0
"""How long a terminated worker may take to end (it dies at once on SIGTERM)."""


def workers(jobs: int, tasks: int | None = None) -> int:
    """Worker count: ``jobs``, or every core when 0 or negative; never more than the cores
    or the ``tasks`` (more would only wait, and a huge number exhausts the machine), which
    is said in one line when ``jobs`` asked for more."""
    cores = os.cpu_count() or 1
    limit = max(1, min(cores, tasks if tasks is not None else cores))
    if jobs > limit:
        print(f"gridsim: --jobs {jobs} capped at {limit} ({tasks} run(s), {cores} core(s))",
              file=sys.stderr)  # fmt: skip
    return min(jobs, limit) if jobs > 0 else limit


@contextlib.contextmanager
def make_executor(
    kind: str = "process", jobs: int = 0, scheduler: str | None = None, tasks: int | None = None
) -> Iterator[tuple[Executor, int]]:
    """(executor, how many tasks it runs at once), shut down on exit; ``tasks`` (how many
    there are) bounds the local workers."""
    n = workers(jobs, tasks) if kind == "process" else 1
    if kind == "serial" or (kind == "process" and n == 1):
        yield SerialExecutor(), 1
        return
    if kind == "process":
        pool = ProcessPoolExecutor(max_workers=n, initializer=_worker_init)
        try:
            yield pool, n
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown(wait=True)
        return
    if kind == "dask":
        with _dask(jobs, scheduler, tasks) as pair:
            yield pair
        return
    raise ExecutorError(f"unknown executor {kind!r}; known: {', '.join(EXECUTORS)}")


CONNECT_TIMEOUT_S = 10
"""How long to wait for a Dask scheduler before giving up (and saying so)."""


def scheduler_address(scheduler: str) -> str:
    """The address to connect to: ``scheduler`` itself, or the one in the scheduler file it
    names (read here, so a missing or broken file is said at once, rather than waited for
    forever as the Dask client does)."""
    if "://" in scheduler or not (scheduler.endswith(".json") or os.path.isfile(scheduler)):
        return scheduler
    where = f"--scheduler {scheduler}"
    try:
        with open(scheduler, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise ExecutorError(f"{where}: no such scheduler file") from None
    except (OSError, ValueError) as e:
        raise ExecutorError(f"{where}: cannot be read as a Dask scheduler file ({e})") from None
    address = data.get("address") if isinstance(data, dict) else None
    if not isinstance(address, str) or not address:
        raise ExecutorError(f'{where}: expected a Dask scheduler file (JSON with an "address"), '
                            f"found no address in it")  # fmt: skip
    return address


@contextlib.contextmanager
def _dask(jobs: int, scheduler: str | None, tasks: int | None) -> Iterator[tuple[Executor, int]]:
    """A Dask client on a scheduler (address or scheduler file), or on a local cluster."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise ExecutorError(
            "the dask executor needs the dask extra: pip install -e '.[dask]' in gridsim's checkout"
        ) from e
    cluster = None
    address = None if scheduler is None else scheduler_address(scheduler)
    try:
        if address is None:
            cluster = LocalCluster(
                n_workers=workers(jobs, tasks), threads_per_worker=1, processes=True,
                dashboard_address=":0",
            )  # fmt: skip
            client = Client(cluster)
        else:
            client = Client(address, timeout=f"{CONNECT_TIMEOUT_S}s")
    except (OSError, TimeoutError, ValueError) as e:
        if cluster is not None:
            cluster.close()
        raise ExecutorError(f"cannot reach the Dask scheduler {scheduler!r} within "
                            f"{CONNECT_TIMEOUT_S} s: {e}") from e  # fmt: skip
    try:
        n = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        yield client.get_executor(pure=False), max(n, 1)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
