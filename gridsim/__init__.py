"""gridsim: discrete-event simulation of grid-based community governance."""

__version__ = "0.2.0"

__all__ = ["Results", "evaluate", "load_scenario", "run_experiment"]


def __getattr__(name: str):
    """The API is imported on first use, so `python -m gridsim --help` stays quick."""
    if name in ("Results", "evaluate", "run_experiment"):
        from gridsim import api

        return getattr(api, name)
    if name == "load_scenario":
        from gridsim.scenario import load_scenario

        return load_scenario
    raise AttributeError(f"module 'gridsim' has no attribute {name!r}")
