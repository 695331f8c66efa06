"""Random streams keyed by stable names, so that policies are compared on the same demand.

A stream's seed depends only on the scenario seed, the replication and the stream's name
(for example ``arrivals/grid-07/repair``). Adding a crew, a kind or a grid therefore never
changes what any other stream draws: this is what gives common random numbers.
"""

from __future__ import annotations

import hashlib

import numpy as np


def stable_hash(name: str) -> int:
    """A 64-bit hash of ``name`` that is the same in every process and Python version."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "little")


class Streams:
    """Hands out one independent numpy Generator per stream name, and remembers the names."""

    def __init__(self, seed: int, replication: int) -> None:
        self.seed = seed
        self.replication = replication
        self.names: list[str] = []

    def get(self, name: str) -> np.random.Generator:
        """The generator of stream ``name``; asking twice gives two generators in the same state."""
        self.names.append(name)
        entropy = (self.seed, stable_hash(name), self.replication)
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence(entropy)))
