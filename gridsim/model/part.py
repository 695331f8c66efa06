"""What every part of the model on top of the core (the ladder, the dispute path,
discovery) works through: the clock, the ledger and the jobs, and nothing else of the model.
"""

from __future__ import annotations

from dataclasses import dataclass

from gridsim.model.jobs import Jobs
from gridsim.model.kernel import Kernel
from gridsim.model.ledger import Ledger


@dataclass(frozen=True)
class Core:
    """The clock, what happened to each issue, and the pools doing jobs."""

    kernel: Kernel
    ledger: Ledger
    jobs: Jobs


class Part:
    """A part of the model; it moves issues only through the core."""

    def __init__(self, core: Core) -> None:
        self.kernel = core.kernel
        self.ledger = core.ledger
        self.jobs = core.jobs
