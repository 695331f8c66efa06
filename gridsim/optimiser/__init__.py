"""What would it take: the cheapest plan (integer levers) that meets stated requirements,
with a stated confidence. `problem` reads levers and requirements, `space` orders the plans
by their cost, `feasibility` decides each plan sequentially, `search` puts them together."""

from gridsim.optimiser.problem import Lever, Problem, Requirement, parse_lever, parse_requirement
from gridsim.optimiser.result import Optimum
from gridsim.optimiser.search import optimise

__all__ = [
    "Lever",
    "Optimum",
    "Problem",
    "Requirement",
    "optimise",
    "parse_lever",
    "parse_requirement",
    "search",
]
