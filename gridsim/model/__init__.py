"""The SimPy model of one replication: demand, crews and pools, rosters and intake, the
staff's duties, the ladder, disputes and discovery on a small core (kernel, ledger, jobs),
composed by `gridsim.model.model.Model`.

Importing the package loads nothing; its modules are imported where used."""

__all__ = [
    "calendar",
    "chunks",
    "crews",
    "demand",
    "discovery",
    "disputes",
    "duty",
    "intake",
    "jobs",
    "kernel",
    "ladder",
    "layout",
    "ledger",
    "log",
    "model",
    "monitor",
    "part",
    "responders",
    "roster",
    "rungs",
    "seasons",
    "streams",
    "workload",
]
