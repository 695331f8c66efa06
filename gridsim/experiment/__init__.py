"""Experiments: replications on an executor, kept in a results folder that is whole or absent,
and the studies built from them (comparisons, sweeps, warm-up, replication count).

The public names are the modules, imported where used (``from gridsim.experiment import
runner``); `gridsim.api` is the short way in.
"""

__all__ = ["executors", "folder", "results", "runner", "studies", "sweep"]
