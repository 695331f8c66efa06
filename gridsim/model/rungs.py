"""The rungs of the governance ladder, lowest first, as the model numbers them.

A rung's value is its index into the schema's `LEVELS` (the names the log and the scenario
use); adding a rung means adding it here and there, and the check below keeps them in step.
"""

from __future__ import annotations

from enum import IntEnum

from gridsim.scenario.schema import LEVELS


class Rung(IntEnum):
    """Where an issue stands: the grid worker answers first; `ABOVE_TOWN` counts issues
    whose nature needs more than the town can give."""

    GRID_WORKER = 0
    GRID_LEADER = 1
    COMMUNITY = 2
    JOINT_MEETING = 3
    TOWN = 4
    ABOVE_TOWN = 5


FIRST_RUNG = Rung.GRID_WORKER
"""Where every issue starts, bound once for the per-issue paths: looking a member up on an
Enum class costs several times a global name."""

if tuple(r.name.lower() for r in Rung) != LEVELS:  # pragma: no cover - a programming error
    raise ImportError(f"Rung {[r.name for r in Rung]} does not match LEVELS {LEVELS}")
