"""Checks of command-line options, made as they are parsed, before any work starts.

Each `type=` here turns a bad value into one line that names the option, what it expects
(with the reason for a range) and what it found; `Parser` prints that line alone and exits
with status 2. Checks that need the data (a KPI of a results folder, a column of its log)
raise `option_error`, which the CLI prints the same way.
"""

from __future__ import annotations

import argparse
import difflib
import ipaddress
import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from annotated_types import Ge, Le
from pydantic import BaseModel

from gridsim.scenario import Scenario, ScenarioError
from gridsim.scenario.errors import Problem, shorten
from gridsim.scenario.shipped import shipped_scenario, shipped_scenarios


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: `gridsim run: --seed: expected ...`."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message.removeprefix('argument ')} "
                     f"(see {self.prog} --help)\n")  # fmt: skip


def option_error(option: str, message: str) -> ScenarioError:
    """A bad option found after parsing, printed as `option: message` (exit 2)."""
    return ScenarioError([Problem(option, None, "", message)])


def did_you_mean(word: str, known: Sequence[str]) -> str:
    """`; did you mean 'x'?` for the closest known name, or nothing."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def check_known(option: str, what: str, value: str, known: Sequence[str]) -> None:
    """Raise `option_error` unless ``value`` is one of ``known``."""
    if value not in known:
        names = ", ".join(sorted(known))
        raise option_error(option, f"unknown {what} {shorten(repr(value))}"
                                   f"{did_you_mean(value, known)} (known: {names})")  # fmt: skip


def _found(text: str) -> str:
    return shorten(repr(text))


def integer(low: int, high: int, why: str) -> Callable[[str], int]:
    """An integer in [low, high]; ``why`` says what the range means."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"expected an integer from {low:,} to {high:,} ({why}), found {_found(text)}"
            )
        return value

    parse.__name__ = "integer"
    return parse


def number(low: float, high: float, why: str, *, above: bool = False) -> Callable[[str], float]:
    """A finite number in [low, high], or in (low, high] when ``above``."""
    bound = f"above {low:g}" if above else f"from {low:g}"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        fits = value > low if above else value >= low
        if not (fits and value <= high):  # NaN fails both
            raise argparse.ArgumentTypeError(
                f"expected a number {bound} to {high:g} ({why}), found {_found(text)}"
            )
        return value

    parse.__name__ = "number"
    return parse


def field_integer(model: type[BaseModel], name: str, why: str) -> Callable[[str], int]:
    """An integer within the bounds the scenario schema sets for ``model.name``, so an
    option such as --seed is checked (and blamed) as itself, with the schema's own limits."""
    meta = model.model_fields[name].metadata
    low = next(m.ge for m in meta if isinstance(m, Ge))
    high = next(m.le for m in meta if isinstance(m, Le))
    assert isinstance(low, int) and isinstance(high, int), f"{model.__name__}.{name} is an integer"
    return integer(low, high, why)


def _path(text: str) -> Path:
    if not text.strip() or "\0" in text:
        raise argparse.ArgumentTypeError(f"expected a path, found {_found(text)}")
    return Path(text)


def _nearest_existing(path: Path) -> Path:
    p = path.absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def writable_folder_problem(path: Path) -> str | None:
    """Why files cannot be written in folder ``path`` (created if missing), or None."""
    if path.exists() and not path.is_dir():
        return f"{path} is a file; expected a folder"
    base = _nearest_existing(path)
    if not base.is_dir():
        return f"{base} is a file; expected a folder"
    if not os.access(base, os.W_OK | os.X_OK):
        return f"{base}: folder is not writable"
    return None


def output_folder(text: str) -> Path:
    """A folder to write results in: may not exist yet, but must be creatable and writable."""
    path = _path(text)
    problem = writable_folder_problem(path)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return path


def output_file(text: str) -> Path:
    """A file to write: not a folder, in a folder that can be written."""
    path = _path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(
            f"{path} is a folder; expected a file name such as {path / 'figure.png'}"
        )
    problem = writable_folder_problem(path.parent)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return path


def input_path(text: str) -> Path:
    """A path to read: not empty (the loader says what is wrong with what it names)."""
    return _path(text)


def existing_file(text: str) -> Path:
    """A file to read (a log, a mapping): it must exist and not be a folder."""
    path = _path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{path} is a folder; expected a file")
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{path}: file not found")
    return path


def scenario_file(text: str) -> Path:
    """A scenario to read: an existing path wins (the loader says what is wrong with it);
    else a shipped scenario by name (`baseline`, `policies/nearest`: `gridsim scenarios`
    lists them), so an installed gridsim runs them from any folder; else one line naming
    the shipped ones."""
    path = _path(text)
    if path.exists():
        return path
    shipped = shipped_scenario(text)
    if shipped is not None:
        return shipped
    names = list(shipped_scenarios())
    by_stem = {n.rsplit("/", 1)[-1]: n for n in names}
    close = difflib.get_close_matches(text.removesuffix(".yaml"), [*names, *by_stem], n=1)
    hint = f"; did you mean {by_stem.get(close[0], close[0])!r}?" if close else ""
    raise argparse.ArgumentTypeError(
        f"expected a scenario file or the name of a shipped scenario, found "
        f"{shorten(repr(text), 300)}: no such file{hint} (shipped: {', '.join(names)}; see "
        "gridsim scenarios)"
    )


# The numeric options, each with its range and why (shared by every command that has it).
REPLICATIONS = field_integer(Scenario, "replications", "the scenario schema's limit")
SEED = field_integer(Scenario, "seed", "a seed of the random streams")
JOBS = integer(0, 1_000_000, "0: every core; more than the cores are capped at the cores")
LHS_POINTS = integer(2, 10_000, "each point runs every replication; one point is not a sweep")
PRECISION = number(0, 1, "a relative half-width: 0.05 is +-5% of the mean", above=True)
PORT = integer(1, 65_535, "a TCP port")
DPI = integer(10, 300, "pixels per inch; every frame is kept in memory until the file is written")
FPS = number(0.1, 50, "a GIF keeps frame delays in hundredths of a second")
STEP = number(0, 10_080, "minutes between frames, at most a week", above=True)
DAYS = number(0, 365, "days replayed, each simulated and drawn; at most a year", above=True)
REPLICATION = integer(0, 99_999, "a replication's number, below the schema's 100,000")


def listen_address(text: str) -> str:
    """An address of this computer to listen on: an IP address or localhost."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        if text != "localhost":
            raise argparse.ArgumentTypeError(
                f"expected an IP address to listen on, such as 127.0.0.1 or 0.0.0.0, "
                f"found {_found(text)}"
            ) from None
    return text
