"""Every strategy runs in both modes; random bands, custom lists, block mode, capacity rows."""

from __future__ import annotations

from itertools import pairwise

import igraph as ig
import pytest

from offensief.disrupt.conventions import Conventions, preset
from offensief.disrupt.graphs import load, prepare, running_max_scaling
from offensief.disrupt.simulate import simulate
from offensief.disrupt.strategies import STRATEGIES, fragmentation
from offensief.model.errors import InputError

from .worlds import criminal_world

CAVIAR = "/work/shared/data/networks/caviar/aggregate/morselli_caviar.csv"


@pytest.fixture(scope="module")
def caviar() -> ig.Graph:
    return load(CAVIAR)


@pytest.mark.parametrize("name", sorted(set(STRATEGIES) - {"custom"}))
@pytest.mark.parametrize("mode", ["sequential", "block"])
def test_every_strategy_removes_distinct_nodes_and_the_curve_falls(caviar, name, mode):
    conventions = Conventions(directed=True, component="weak", mode=mode, block_size=4)
    run = simulate(caviar, strategy=name, conventions=conventions, steps=12, seed=3,
                   runs=3 if name == "random" else 1)
    lcc = run.column("lcc")
    assert len(lcc) == 13 and lcc[0] == 110  # CAVIAR is weakly connected
    assert all(a >= b for a, b in pairwise(lcc)) or name == "random"
    if name != "random":
        assert len(set(run.removed)) == 12


def test_targeted_beats_random_on_caviar(caviar):
    conventions = Conventions(directed=False, component="weak")
    degree = simulate(caviar, strategy="degree", conventions=conventions, steps=10)
    random = simulate(caviar, strategy="random", conventions=conventions, steps=10, runs=30)
    assert degree.rows[10]["lcc"] < random.rows[10]["lcc_band"][0]
    assert random.rows[10]["lcc_band"][0] <= random.rows[10]["lcc"] <= random.rows[10]["lcc_band"][1]
    assert random.runs == 30 and random.removed == []


def test_custom_list_in_order_and_unknown_names(caviar):
    run = simulate(caviar, strategy="custom", custom=["3", "1", "12"], steps=10,
                   conventions=preset("anastasiadis2024"))
    assert run.removed == ["3", "1", "12"]
    with pytest.raises(InputError):
        simulate(caviar, strategy="custom", custom=["nobody"], steps=2)
    with pytest.raises(InputError):
        simulate(caviar, strategy="no-such-strategy", steps=2)


def test_tie_orders_change_who_goes_first():
    star = ig.Graph([(0, 1), (2, 3)])
    star.vs["name"] = ["b", "a", "d", "c"]
    first = {ties: simulate(star, strategy="degree", steps=1,
                            conventions=Conventions(directed=False, ties=ties)).removed[0]
             for ties in ("input", "reverse", "id")}
    assert first == {"input": "b", "reverse": "c", "id": "a"}


def test_block_mode_ranks_once_per_block():
    # a path: sequential degree removal re-ranks; block of 3 takes the top 3 of one ranking
    path = ig.Graph.Ring(9, circular=False)
    path.vs["name"] = [str(i) for i in range(9)]
    block = simulate(path, strategy="degree", steps=3,
                     conventions=Conventions(directed=False, mode="block", block_size=3))
    sequential = simulate(path, strategy="degree", steps=3, conventions=Conventions(directed=False))
    assert block.removed == ["1", "2", "3"]
    assert sequential.removed == ["1", "3", "5"]


def test_capacity_per_step_in_simulation_rows():
    run = simulate(criminal_world(), strategy="bridges", steps=5,
                   conventions=Conventions(directed=False))
    capacity = run.column("capacity")
    assert capacity[0] == 6 and capacity[-1] < 6


def test_running_max_scaling_matches_the_published_loop():
    weights = [3.0, 5.0, 2.0, 4.0, 1.0]
    expected = list(weights)
    for i in range(len(expected)):
        expected[i] /= max(expected)
    assert running_max_scaling(weights) == expected


def test_prepare_rejects_bad_weights_and_fragmentation_bounds():
    g = ig.Graph([(0, 1)])
    g.es["weight"] = [0.0]
    with pytest.raises(InputError):
        prepare(g, Conventions(directed=False))
    assert fragmentation([5], 5) == 0.0
    assert fragmentation([1, 1, 1], 3) == 1.0
