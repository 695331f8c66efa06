"""What every part of the model on top of the core (the ladder, the dispute path,
discovery) works through: the clock, the ledger, the jobs and the rosters, and nothing else
of the model.
"""

from __future__ import annotations

from dataclasses import dataclass

from gridsim.model.duty import Duty
from gridsim.model.jobs import Jobs
from gridsim.model.kernel import Kernel
from gridsim.model.ledger import Ledger


@dataclass(frozen=True)
class Core:
    """The clock, what happened to each issue, the pools doing jobs and who is on duty."""

    kernel: Kernel
    ledger: Ledger
    jobs: Jobs
    duty: Duty


class Part:
    """A part of the model; it moves issues only through the core."""

    def __init__(self, core: Core) -> None:
        self.kernel = core.kernel
        self.ledger = core.ledger
        self.jobs = core.jobs
        self.duty = core.duty
