"""Queue disciplines: the order in which waiting issues are served.

Each discipline makes queues that stay O(log n) per operation however long they grow (a
deque for first come first served, a heap otherwise), so an overloaded policy does not slow
to a crawl the way a queue re-sorted on every request does.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable
from typing import Protocol

# Larger than any time in minutes (ten years is about 5.3e6), so a class offset dominates.
CLASS_OFFSET = 1e9


class IssueQueue(Protocol):
    """Issues waiting for a crew."""

    def push(self, issue: int, queued_at: float, severity: int, vulnerable: bool) -> None: ...
    def pop(self) -> int: ...
    def peek(self) -> tuple[float, int]:
        """(key, issue) of the next issue; keys of one discipline compare across queues."""
        ...

    def __len__(self) -> int: ...


class FifoQueue:
    """First come, first served: in the order issues joined; the key is the time they did."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: deque[tuple[float, int]] = deque()

    def push(self, issue: int, queued_at: float, severity: int, vulnerable: bool) -> None:
        self._items.append((queued_at, issue))

    def pop(self) -> int:
        return self._items.popleft()[1]

    def peek(self) -> tuple[float, int]:
        return self._items[0]

    def __len__(self) -> int:
        return len(self._items)


PriorityKey = Callable[[float, int, bool], float]
"""Maps (queued_at, severity, vulnerable) to a key; smallest is served first."""


class PriorityQueue:
    """A heap on a fixed key; ties go to the lower issue id, which is the earlier report."""

    __slots__ = ("_heap", "_key")

    def __init__(self, key: PriorityKey) -> None:
        self._heap: list[tuple[float, int]] = []
        self._key = key

    def push(self, issue: int, queued_at: float, severity: int, vulnerable: bool) -> None:
        heapq.heappush(self._heap, (self._key(queued_at, severity, vulnerable), issue))

    def pop(self) -> int:
        return heapq.heappop(self._heap)[1]

    def peek(self) -> tuple[float, int]:
        return self._heap[0]

    def __len__(self) -> int:
        return len(self._heap)


class Discipline:
    """A named rule that makes empty queues."""

    def __init__(self, name: str, key: PriorityKey | None) -> None:
        self.name = name
        self._key = key

    def new_queue(self) -> IssueQueue:
        return FifoQueue() if self._key is None else PriorityQueue(self._key)

    def __repr__(self) -> str:
        return f"Discipline({self.name!r})"


def discipline(name: str, ageing_min: float = 120.0) -> Discipline:
    """The discipline called ``name`` in a scenario's ``policy.queue``."""

    def by_severity(t: float, severity: int, vulnerable: bool) -> float:
        return (2 - severity) * CLASS_OFFSET + t

    def vulnerable_first(t: float, severity: int, vulnerable: bool) -> float:
        return (0.0 if vulnerable else CLASS_OFFSET) + t

    def severity_ageing(t: float, severity: int, vulnerable: bool) -> float:
        # Serving the largest (severity * ageing + waited) is serving the smallest
        # (queued_at - severity * ageing): the key never changes while the issue waits,
        # and an issue's key is at most its own queue time, so nothing waits forever.
        return t - severity * ageing_min

    keys: dict[str, PriorityKey | None] = {
        "fcfs": None,
        "severity": by_severity,
        "vulnerable_first": vulnerable_first,
        "severity_ageing": severity_ageing,
    }
    if name not in keys:
        raise ValueError(f"unknown queue discipline {name!r}; known: {', '.join(keys)}")
    return Discipline(name, keys[name])
