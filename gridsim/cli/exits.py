"""How a command ends: exit codes, Ctrl-C and SIGTERM, a closed stdout pipe, and each known
error as one located message instead of a traceback."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from typing import TextIO

from gridsim.experiment.executors import ExecutorError
from gridsim.experiment.results import OutputError
from gridsim.fit.orders import LogError
from gridsim.scenario import ScenarioError
from gridsim.views.data import ReportError

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
EXIT_BROKEN_PIPE = 141


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: finished runs are kept, half-written files removed."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


class _Stdout:
    """Standard output that outlives a reader who stops reading (`gridsim schema | head`).

    From the first broken pipe on, output goes to /dev/null (the recipe of Python's `signal`
    docs), so the command still finishes the files it writes; `main` then exits with 141,
    128 + SIGPIPE, as a shell tool stopped by the closed pipe does.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.broken = False

    def _call(self, method: str, *args: object) -> object:
        try:
            return getattr(self.stream, method)(*args)
        except BrokenPipeError:
            self.broken = True
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
            os.close(devnull)
            return None

    def write(self, text: str) -> int:
        self._call("write", text)
        return len(text)

    def flush(self) -> None:
        self._call("flush")

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def _run(
    commands: Mapping[str, Callable[[argparse.Namespace], int]], args: argparse.Namespace
) -> int:
    """The command, its errors as one located message each (exit 2)."""
    try:
        return commands[args.command](args)
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OutputError, ExecutorError, ReportError, LogError) as e:
        print(f"gridsim: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as e:  # a path the checks could not foresee: read-only, full, vanished
        where = f"{e.filename}: " if e.filename else ""
        print(f"gridsim: error: {where}{e.strerror or e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as e:
        print(
            "\ngridsim: interrupted; finished runs are kept in the results folder", file=sys.stderr
        )
        return EXIT_TERMINATED if isinstance(e, Terminated) else EXIT_INTERRUPTED
