"""Executors behind one interface (`concurrent.futures.Executor`): serial, a local process
pool, or a Dask cluster. Nothing below the experiment layer knows which one runs it, and the
results are the same bit for bit: every run draws from its own named streams, and results
are combined in run order, not in the order they finish.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
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


def workers(jobs: int) -> int:
    """Worker count: ``jobs``, or every core when 0 or negative."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


@contextlib.contextmanager
def make_executor(
    kind: str = "process", jobs: int = 0, scheduler: str | None = None
) -> Iterator[tuple[Executor, int]]:
    """(executor, how many tasks it runs at once), shut down on exit."""
    if kind == "serial" or (kind == "process" and workers(jobs) == 1):
        yield SerialExecutor(), 1
        return
    if kind == "process":
        n = workers(jobs)
        pool = ProcessPoolExecutor(max_workers=n, initializer=_worker_init)
        try:
            yield pool, n
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown(wait=True)
        return
    if kind == "dask":
        with _dask(jobs, scheduler) as pair:
            yield pair
        return
    raise ExecutorError(f"unknown executor {kind!r}; known: {', '.join(EXECUTORS)}")


@contextlib.contextmanager
def _dask(jobs: int, scheduler: str | None) -> Iterator[tuple[Executor, int]]:
    """A Dask client on a scheduler (address or scheduler file), or on a local cluster."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise ExecutorError(
            "the dask executor needs the dask extra: pip install 'gridsim[dask]'"
        ) from e
    cluster = None
    try:
        if scheduler is None:
            cluster = LocalCluster(
                n_workers=workers(jobs), threads_per_worker=1, processes=True,
                dashboard_address=":0",
            )  # fmt: skip
            client = Client(cluster)
        elif scheduler.endswith(".json"):
            client = Client(scheduler_file=scheduler, timeout="10s")
        else:
            client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as e:
        if cluster is not None:
            cluster.close()
        raise ExecutorError(f"cannot reach the Dask scheduler {scheduler!r}: {e}") from e
    try:
        n = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        yield client.get_executor(pure=False), max(n, 1)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
