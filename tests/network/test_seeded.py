"""The same graph gives the same picture on every run (network/seeded.py): the network tab's
layout, at every size it handles, and igraph's Leiden, without moving the process's own random
state (found by comparing two runs of the network API on one world: the positions differed)."""

from __future__ import annotations

import random

import igraph as ig
import pytest

from offensief.casework import network as tab
from offensief.network.communities import _run_igraph


@pytest.mark.parametrize("n", [40, 2 * tab.FR_LIMIT])
def test_the_layout_is_the_same_on_every_run(n: int) -> None:
    g = ig.Graph.Erdos_Renyi(n, 6 / n, directed=False)
    g.es["weight"] = [1.0] * g.ecount()
    membership = [v % 5 for v in range(n)]
    first = tab._layout(g, membership)
    random.seed(99)  # another draw in between changes nothing
    random.random()
    assert tab._layout(g, membership) == first
    assert tab._layout(g, None) == tab._layout(g, None)


def test_igraph_leiden_is_seeded_without_touching_the_process_random_state() -> None:
    g = ig.Graph.Erdos_Renyi(500, 0.01)
    g.es["weight"] = [1.0] * g.ecount()
    random.seed(7)
    expected = random.random()
    random.seed(7)
    first = _run_igraph(g, seed=3, resolution=1.0)
    assert random.random() == expected  # the caller's random stream is not reset or consumed
    assert _run_igraph(g, seed=3, resolution=1.0) == first
