"""gridsim: discrete-event simulation of grid-based community governance."""

__version__ = "0.2.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the real names for type checkers; at run time __getattr__ imports them
    from gridsim.api import Results, evaluate, run_experiment
    from gridsim.optimiser import Optimum, optimise
    from gridsim.scenario import load_scenario

__all__ = [  # the API, and the modules and packages imported where used
    "Optimum",
    "Results",
    "api",
    "cli",
    "cli_args",
    "evaluate",
    "experiment",
    "load_scenario",
    "model",
    "optimise",
    "optimiser",
    "policies",
    "run_experiment",
    "scenario",
    "stats",
    "views",
]


def __getattr__(name: str) -> Any:
    """The API is imported on first use, so `python -m gridsim --help` stays quick."""
    if name in ("Results", "evaluate", "run_experiment"):
        from gridsim import api

        return getattr(api, name)
    if name in ("optimise", "Optimum"):
        from gridsim import optimiser

        return getattr(optimiser, name)
    if name == "load_scenario":
        from gridsim.scenario import load_scenario

        return load_scenario
    raise AttributeError(f"module 'gridsim' has no attribute {name!r}")
