"""igraph's random draws from a seeded generator: the same graph gives the same layout and the same
partition on every run, in every process (a network picture, a report or an ANX export of a case
that did not change does not move), without touching the process-wide :mod:`random` state that
other threads draw from."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import igraph as ig

#: The seed of every layout.
SEED = 0

_LOCK = threading.RLock()  # igraph has one generator per process: one seeded block at a time


@contextmanager
def seeded(seed: int = SEED) -> Iterator[None]:
    """igraph draws from ``random.Random(seed)`` inside the block, from :mod:`random` again after it."""
    with _LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)


def fruchterman_reingold(graph: ig.Graph, **options: object) -> list[tuple[float, float]]:
    """``graph.layout_fruchterman_reingold(**options)``, seeded: the same on every run.

    >>> g = ig.Graph.Ring(12)
    >>> fruchterman_reingold(g, niter=50) == fruchterman_reingold(g, niter=50)
    True
    """
    with seeded():
        return [(float(x), float(y)) for x, y in graph.layout_fruchterman_reingold(**options).coords]
