"""The scenario's vocabulary and the base of every section: who handles issues, the
ladder's levels, the checked scalar types, and the checks several sections share.

Every section forbids unknown keys, so a misspelt field is an error, never a silent default.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

CREW_COLOURS = ("repair", "cleaning", "patrol", "fire")
"""The seed's four quick-repair crews ("四色"): water/power/heating, cleaning, order, fire."""

HANDLERS = (*CREW_COLOURS, "grid_worker", "volunteer", "mediation")
"""Who answers an issue: a crew of one colour, the grid worker of the issue's grid, a
volunteer, or the dispute path (mediation by the grid worker, the police post, the room)."""

SEVERITIES = ("low", "medium", "high")
"""Severity ranks 0, 1, 2: priority rules read the rank."""


MIN_INTERVAL_DAYS = 1 / 24
"""The shortest interval of a recurring process (a meeting, a screening round): an hour.
Shorter ones only multiply events (horizon / interval of them) until a run never ends."""

MIN_FIND_PROBABILITY = 1e-12
"""The smallest non-zero chance of a find or a settlement: tries until success are drawn as a
64-bit count, and a smaller chance needs more tries than that holds (0 means never)."""

MIN_PEAK_WEIGHT = 1e-6
"""A profile's largest weight is at least this: weights are relative (scaled to mean 1),
and a profile of only tiny weights has a mean that underflows to 0 when scaled."""

DATE_MARGIN_DAYS = 366
"""Days after the horizon that date arithmetic may reach (the demand's last chunk), all of
which must stay before 9999-12-31 (a calibration month range past it is not in the run)."""

LEVELS = ("grid_worker", "grid_leader", "community", "joint_meeting", "town", "above_town")
"""The governance ladder, bottom to top; `above_town` counts what should never happen."""

NAME_PATTERN = r"^[^\W_][\w.\-]*$"
"""A name: letters of any script (网格一 as well as grid-01), digits, '_', '.' and '-',
starting with a letter or digit. Names become file names, scopes ("grid:网格一") and dotted
paths, so spaces, slashes, colons and control characters stay out."""

Name = Annotated[str, Field(pattern=NAME_PATTERN, max_length=64)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Minutes = Annotated[float, Field(ge=0.0, le=1e7, allow_inf_nan=False)]
Weight = Annotated[float, Field(ge=0.0, le=1e6, allow_inf_nan=False)]
Finder = Literal["patrol", "screening"]
"""Who can find an issue no resident reports."""


def _patrols_only() -> list[Finder]:
    return ["patrol"]


class Section(BaseModel):
    """Base of every section: unknown keys are errors, and a built scenario never changes."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)


def _profile(values: list[float], length: int) -> list[float]:
    if len(values) != length:
        raise ValueError(f"needs {length} values, found {len(values)}")
    if not any(v > 0 for v in values):
        raise ValueError("needs at least one positive value")
    if max(values) < MIN_PEAK_WEIGHT:
        raise ValueError(
            f"needs a largest weight of at least {MIN_PEAK_WEIGHT:g}, found {max(values):g} "
            "(weights are relative: scale them all up; tiny ones underflow when scaled to mean 1)"
        )
    return values


def check_hours(start_hour: float, end_hour: float) -> None:
    """Working hours end after they start (a shift past midnight is two entries, not one)."""
    if end_hour <= start_hour:
        raise ValueError(f"end_hour ({end_hour}) must be after start_hour ({start_hour})")


def _at_least(value: float, floor: float, what: str) -> float:
    """A recurring process's interval, refused below `floor` with the reason."""
    if value < floor:
        raise ValueError(
            f"must be at least {floor:.4g} days ({what}; shorter only multiplies events until "
            f"the run never ends), found {value:g}"
        )
    return value


def _chance(value: float) -> float:
    """A chance per try, whose tries until success are drawn as a 64-bit count."""
    if 0.0 < value < MIN_FIND_PROBABILITY:
        raise ValueError(
            f"must be 0 (never) or at least {MIN_FIND_PROBABILITY:g}, found {value:g} (the "
            "tries until a success would not fit in a 64-bit count)"
        )
    return value
