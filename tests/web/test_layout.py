"""The server-side layout of large case networks (community discs)."""

from __future__ import annotations

import random

import igraph as ig
import numpy as np

from offensief.casework.network import community_layout


def _planted(blocks: int = 12, size: int = 60, seed: int = 3) -> tuple[ig.Graph, list[int]]:
    """Dense blocks with a few links between them, plus three isolated vertices."""
    rng = random.Random(seed)
    n = blocks * size
    edges = [(a, b) for a in range(n) for b in range(a + 1, n)
             if rng.random() < (0.15 if a // size == b // size else 0.002)]
    graph = ig.Graph(n=n + 3, edges=edges)  # isolated communities go in a row beneath the body
    return graph, [v // size for v in range(blocks * size)] + [blocks, blocks + 1, blocks + 2]


def test_communities_are_islands() -> None:
    graph, membership = _planted()
    xy = community_layout(graph, membership, spacing=30.0)
    assert xy.shape == (graph.vcount(), 2) and np.isfinite(xy).all()
    labels = np.array(membership)
    centres = np.array([np.median(xy[labels == c], axis=0) for c in range(12)])
    spread = max(np.sqrt(((xy[labels == c] - centres[c]) ** 2).sum(1)).max() for c in range(12))
    gaps = np.sqrt(((centres[:, None] - centres[None]) ** 2).sum(-1))[np.triu_indices(12, 1)]
    # members sit inside their disc (radius 0.5 * spacing * sqrt(size)), discs do not overlap
    assert spread <= 1.01 * 0.5 * 30.0 * np.sqrt(60)
    assert gaps.min() >= 2 * 0.5 * 30.0 * np.sqrt(60)
    # the unlinked communities sit below the main body, not far away
    body_bottom = xy[: 12 * 60, 1].max()
    assert (xy[-3:, 1] > body_bottom).all()
    assert (xy[-3:, 1] - body_bottom < 200).all()


def test_neighbouring_nodes_are_spacing_apart() -> None:
    graph, membership = _planted(blocks=4, size=100)
    xy = community_layout(graph, membership, spacing=30.0)
    diff = xy[:, None] - xy[None]
    dist = np.sqrt((diff ** 2).sum(-1)) + np.diag(np.full(len(xy), np.inf))
    assert 3.0 < np.median(dist.min(1)) < 60.0
