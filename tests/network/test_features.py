"""Structural features: exact and large-graph (upper bound) 2-step reach, exposure, footprint."""

from __future__ import annotations

import random

import igraph as ig
import numpy as np
import pytest

from offensief.network import features
from offensief.network.communities import leiden


def test_reach_upper_bound_on_large_graphs(monkeypatch: pytest.MonkeyPatch) -> None:
    random.seed(2)
    g = ig.Graph.Barabasi(1500, 2)
    membership = leiden(g, seeds=1).membership
    exact = features.structural_features(g, membership=membership)["reach2"]
    monkeypatch.setattr(features, "EXACT_REACH_LIMIT", 10)
    bound = features.structural_features(g, membership=membership)["reach2"]
    assert (bound >= exact).all() and np.corrcoef(exact, bound)[0, 1] > 0.95


def test_leaf_share_and_neighbour_degree() -> None:
    # boss 0 -> lieutenants 1, 2 -> three workers each
    g = ig.Graph([(0, 1), (0, 2), (1, 3), (1, 4), (1, 5), (2, 6), (2, 7), (2, 8)])
    f = features.structural_features(g, membership=[0] * 9)
    # leaves are nodes with at most 2 contacts: the boss (2 contacts) counts as one for node 1
    assert f["leaf_share"][0] == 0.0 and f["leaf_share"][1] == pytest.approx(1.0)
    assert f["neighbour_degree"][0] == pytest.approx(4.0)
    assert f["communities_touched"].sum() == 0


def test_footprint_evidence() -> None:
    found = features.footprint(["Registeraccountant", "transportondernemer"], ["49.41", "6920"])
    assert set(found) == {"financial", "logistics"}
    assert "SBI 4941" in found["logistics"] and "'registeraccountant'" in found["financial"]
    assert features.footprint(["bakker"], ["1071"]) == {}


def test_groups_served_count_communities_of_three_or_more() -> None:
    # node 0 sits in group A (0-3) and has contacts in group B (4-6) and in a pair (7-8)
    g = ig.Graph([(0, 1), (0, 2), (0, 3), (1, 2), (0, 4), (4, 5), (5, 6), (0, 7), (7, 8)])
    membership = [0, 0, 0, 0, 1, 1, 1, 2, 2]
    f = features.structural_features(g, membership=membership)
    assert f["groups_served"][0] == 2.0 and f["communities_touched"][0] == 2.0
    assert f["participation"][0] == pytest.approx(1 - (3 / 5) ** 2 - (1 / 5) ** 2 - (1 / 5) ** 2)
    assert f["cross_pairs"][0] == (25 - 9 - 1 - 1) / 2
