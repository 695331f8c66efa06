"""What a calibration figure counts in the simulated issue log: the closed vocabulary of
`calibration.figures.N.measure`.

A measure is one small function of the log (which issues it counts) and the log column whose
time dates them (the figure's period picks the dates). Adding a measure is one line in
`MEASURES`: the scenario's schema reads this vocabulary, so a scenario may name it at once,
and `gridsim calibrate` counts it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from gridsim.scenario.section import LEVELS
from gridsim.stats.kpis import codes, column

__all__ = [
    "MEASURES",
    "REPORTED",
    "RESOLVED",
    "RUNGS",
    "Log",
    "Measure",
    "check_measure",
    "known_measures",
    "split_measure",
]

RESOLVED, REPORTED = "resolved_min", "reported_min"

RUNGS = LEVELS[1:5]
"""The rungs `reaching:<rung>` takes: grid_leader to town (above the town: `above_town`)."""


@dataclass
class Log:
    """One replication's log, each column decoded once (a table of figures reads the same
    few columns many times)."""

    table: pa.Table
    _decoded: dict[str, tuple[np.ndarray, list[str]]] = field(default_factory=dict)

    def __len__(self) -> int:
        return self.table.num_rows

    def times(self, name: str) -> np.ndarray:
        """A time column in minutes, NaN where the issue never got there."""
        return column(self.table, name)

    def is_(self, name: str, value: str) -> np.ndarray:
        """Rows whose categorical column `name` holds `value` (none when no row could)."""
        if name not in self._decoded:
            self._decoded[name] = codes(self.table, name)
        idx, names = self._decoded[name]
        return idx == names.index(value) if value in names else np.zeros(len(idx), bool)

    def rung(self) -> np.ndarray:
        """The rung each issue truly reached, as its place in LEVELS (-1: none yet)."""
        idx, names = codes(self.table, "level")
        ranks = np.array([LEVELS.index(n) for n in names] + [-1], dtype=np.int32)
        return ranks[idx]  # a null's code -1 picks the appended -1


Counts = Callable[[Log, str], np.ndarray]
"""The issues a measure counts (a mask over the log); the argument is what follows the
measure's colon (a kind, a rung), empty for a measure without one."""


@dataclass(frozen=True)
class Measure:
    counts: Counts
    dated_by: str = RESOLVED
    argument: str = ""  # "kind" or "rung": what `name:<argument>` names; "" for none
    help: str = ""


def _all(log: Log, _: str) -> np.ndarray:
    return np.ones(len(log), bool)


def _mediated(log: Log, _: str) -> np.ndarray:
    return log.is_("handler", "mediation") & (log.rung() <= LEVELS.index("community"))


MEASURES: dict[str, Measure] = {
    "issues_resolved": Measure(_all, help="issues resolved"),
    "disputes_settled": Measure(lambda log, _: log.is_("handler", "mediation"),
                                help="disputes resolved, at any rung"),
    "disputes_mediated": Measure(_mediated, help="disputes settled inside the community "
                                 "(grid worker, police post, mediation room)"),
    "kind_resolved": Measure(lambda log, kind: log.is_("kind", kind), argument="kind",
                             help="issues of one kind resolved"),
    "reaching": Measure(lambda log, rung: log.rung() >= LEVELS.index(rung), REPORTED, "rung",
                        help="issues reported that truly reached the rung or above"),
    "above_town": Measure(lambda log, _: log.is_("level", "above_town"), REPORTED,
                          help="issues reported that went above the town"),
}  # fmt: skip


def split_measure(text: str) -> tuple[str, str]:
    """`kind_resolved:repair` -> ("kind_resolved", "repair"); `above_town` -> ("above_town", "")."""
    name, _, argument = text.partition(":")
    return name, argument


def known_measures() -> str:
    """The vocabulary in words, for an error message and the schema's description."""
    return ", ".join(f"{n}:<{m.argument}>" if m.argument else n for n, m in MEASURES.items())


def check_measure(text: str) -> str:
    """`text` if it names a measure with the argument it takes (a kind is checked against the
    scenario's kinds by the scenario itself); else a ValueError saying what is known."""
    name, argument = split_measure(text)
    measure = MEASURES.get(name)
    if measure is None:
        raise ValueError(f"expected a known measure ({known_measures()}); found {text!r}")
    if bool(measure.argument) != bool(argument):
        form = f"{name}:<{measure.argument}>" if measure.argument else name
        raise ValueError(f"expected {form}; found {text!r}")
    if measure.argument == "rung" and argument not in RUNGS:
        raise ValueError(f"expected a rung of {', '.join(RUNGS)} after 'reaching:'; "
                         f"found {argument!r}")  # fmt: skip
    return text
