"""Recovery: immediate vs post-recovery effects, seeded Monte Carlo, the hub paradox."""

from __future__ import annotations

import igraph as ig
import numpy as np
import pytest

from offensief.disrupt.conventions import Conventions
from offensief.disrupt.graphs import prepare
from offensief.disrupt.recovery import RecoveryParams, assess, recover
from offensief.model.errors import InputError

UNDIRECTED = Conventions(directed=False, component="weak", weight_meaning="none")


def hub_network() -> ig.Graph:
    """A hub tied to six lieutenants who form a ring; each lieutenant runs three workers."""
    names = ["H"] + [f"L{i}" for i in range(6)] + [f"W{i}{j}" for i in range(6) for j in range(3)]
    index = {name: i for i, name in enumerate(names)}
    ties = [("H", f"L{i}") for i in range(6)]
    ties += [(f"L{i}", f"L{(i + 1) % 6}") for i in range(6)]
    ties += [(f"L{i}", f"W{i}{j}") for i in range(6) for j in range(3)]
    graph = ig.Graph([(index[a], index[b]) for a, b in ties])
    graph.vs["name"] = names
    graph.es["weight"] = [1.0] * graph.ecount()
    return graph


def test_hitting_the_hub_makes_the_network_more_efficient_after_recovery():
    graph = hub_network()
    result = assess(graph, ["H"], conventions=UNDIRECTED, runs=300, seed=7)
    start, now, after = (result.start["efficiency"], result.immediate["efficiency"],
                         result.recovered["efficiency"])
    assert now < start  # the immediate effect is a loss of efficiency ...
    assert after["mean"] > start  # ... but after recovery the network is more efficient
    effect = result.effect("efficiency")
    assert effect["immediate"] > 0 > effect["recovered"]
    assert effect["band"][0] < effect["recovered"] < effect["band"][1]  # and it is uncertain
    certain = assess(graph, ["H"], conventions=UNDIRECTED, runs=50, seed=7,
                     params=RecoveryParams(relink=1.0, relink_stranger=0.0))
    assert certain.recovered["efficiency"]["p05"] > start


def test_a_member_with_one_contact_leaves_nothing_to_recover():
    result = assess(hub_network(), ["W00"], conventions=UNDIRECTED, runs=20, seed=7)
    assert result.recovered["efficiency"]["std"] == 0.0
    assert result.recovered["efficiency"]["mean"] == pytest.approx(result.immediate["efficiency"])
    assert result.events["relinked"] == 0.0


def test_monte_carlo_is_reproducible_per_seed_and_varies_between_seeds():
    graph = hub_network()
    one = assess(graph, ["H", "L0"], conventions=UNDIRECTED, runs=40, seed=3)
    two = assess(graph, ["H", "L0"], conventions=UNDIRECTED, runs=40, seed=3)
    three = assess(graph, ["H", "L0"], conventions=UNDIRECTED, runs=40, seed=4)
    assert one.as_dict() == two.as_dict()
    assert one.recovered != three.recovered


def roles_network() -> ig.Graph:
    """Kingpin K with lieutenant T; K alone links two cells; F is the only money facilitator."""
    names = ["K", "T", "A", "B", "C", "D", "F", "X"]
    ties = [("K", "T"), ("K", "A"), ("K", "C"), ("A", "B"), ("C", "D"), ("T", "A"),
            ("F", "K"), ("F", "X")]
    index = {name: i for i, name in enumerate(names)}
    graph = ig.Graph([(index[a], index[b]) for a, b in ties])
    graph.vs["name"] = names
    graph.vs["role"] = ["kingpin", "lieutenant", None, None, None, None, "facilitator", None]
    graph.vs["step"] = ["distribution", "transport", "distribution", "transport", "transport",
                        "distribution", "finance", "finance"]
    graph.es["weight"] = [5.0, 2.0, 3.0, 1.0, 1.0, 1.0, 2.0, 1.0]
    return graph


def test_lieutenant_takes_over_the_kingpins_ties():
    graph = prepare(roles_network(), UNDIRECTED)
    never_relink = RecoveryParams(relink=0.0, relink_stranger=0.0, takeover=1.0, replace=0.0)
    recovered, events = recover(graph, [0], params=never_relink, conventions=UNDIRECTED,
                                rng=np.random.default_rng(0))
    names = recovered.vs["name"]
    heir = names.index("T")
    assert events["takeovers"] == 1
    assert {names[u] for u in recovered.neighbors(heir)} >= {"A", "C", "F"}


def test_facilitator_is_replaced_at_a_cost():
    params = RecoveryParams(relink=0.0, relink_stranger=0.0, replace=1.0, replace_ties=1.0,
                            replacement_cost=2.5)
    result = assess(roles_network(), ["F"], conventions=UNDIRECTED, params=params, runs=10)
    assert result.events["replacements"] == 1.0
    assert result.events["replacement_cost"] == 2.5
    assert result.recovered["lcc"]["mean"] == result.start["lcc"]


def test_capacity_reported_immediate_and_after_recovery():
    result = assess(roles_network(), ["K"], conventions=UNDIRECTED, runs=50, seed=1)
    assert result.start["capacity"] >= 1
    assert result.immediate["capacity"] <= result.start["capacity"]
    assert set(result.recovered["capacity"]) == {"mean", "std", "p05", "p95"}


def test_unknown_target_is_an_input_error():
    with pytest.raises(InputError):
        assess(hub_network(), ["nobody"], runs=1)
