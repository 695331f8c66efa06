"""Response rules, each a small object chosen by name in the scenario."""

from gridsim.policies.dispatch import dispatch_rule
from gridsim.policies.queues import discipline

__all__ = ["discipline", "dispatch", "dispatch_rule", "queues"]
