"""The effect module's pieces on graphs and data small enough to check by hand."""

from __future__ import annotations

import igraph as ig
import numpy as np

from offensief.cases.effect import lr_interval, measure, mle_repeated, observe, wilson
from offensief.disrupt.recovery import RecoveryParams


def test_mle_with_one_chance_is_the_proportion():
    chances = [(1, True)] * 3 + [(1, False)] * 7
    assert abs(mle_repeated(chances) - 0.3) < 1e-9
    assert mle_repeated([(2, True)]) == 1.0 and mle_repeated([(3, False)]) == 0.0


def test_interval_coverage_and_bias_on_simulated_data():
    """300 data sets of 200 pairs with 1-3 chances each, true p = 0.3."""
    rng = np.random.default_rng(5)
    covered, estimates = 0, []
    for _ in range(300):
        ks = rng.integers(1, 4, size=200)
        hits = rng.random(200) < 1 - (1 - 0.3) ** ks
        chances = list(zip(ks.tolist(), hits.tolist(), strict=True))
        estimates.append(mle_repeated(chances))
        low, high = lr_interval(chances)
        covered += low <= 0.3 <= high
    assert 0.92 <= covered / 300 <= 0.98
    assert abs(float(np.mean(estimates)) - 0.3) < 0.01


def test_wilson_bounds():
    assert wilson(0, 0) == (0.0, 1.0)
    low, high = wilson(6, 6)
    assert 0.6 < low < 0.7 and high > 0.999


def small_world() -> tuple[ig.Graph, ig.Graph]:
    """k (kingpin) with lieutenant l and workers a, b, c; f (facilitator) serves a and d.

    After: k and f removed; l tied to a, b, c (takeover); newcomer n tied to a and d
    (replaces f); a-d not tied before and still not; b-c tied (a re-link)."""
    before = ig.Graph()
    before.add_vertices(["k", "l", "a", "b", "c", "f", "d"])
    before.add_edges([("k", "l"), ("k", "a"), ("k", "b"), ("k", "c"), ("f", "a"), ("f", "d"),
                      ("a", "d")])
    before.vs["role"] = ["kingpin", "lieutenant", "worker", "worker", "worker", "facilitator",
                         "worker"]
    before.vs["step"] = ["finance", "import", "import", "transport", "distribution", "finance",
                         "distribution"]
    before.vs["group"] = ["g", "g", "g", "g", "g", None, "g"]
    before.es["weight"] = [1.0] * before.ecount()
    after = ig.Graph()
    after.add_vertices(["l", "a", "b", "c", "d", "n"])
    after.add_edges([("l", "a"), ("l", "b"), ("l", "c"), ("b", "c"), ("n", "a"), ("n", "d"),
                     ("a", "d")])
    return before, after


def test_observe_by_hand():
    before, after = small_world()
    seen = observe(before, after, ["k", "f"])
    assert seen["replaced"] == {"f": "n"}
    assert seen["heirs"] == {"k": "l"}
    assert seen["facilitators"] == ["f"] and seen["kingpins"] == ["k"]
    # k's contacts l, a, b, c: pairs without the heir l: a-b, a-c, b-c; f's: a-d (already tied)
    # (no remaining common contact before: strangers, one chance each); only b-c linked
    assert sorted(seen["relinks"]) == [(1, False, False), (1, False, False), (1, False, True)]
    assert seen["tie_shares"] == [1.0]  # n won back both of f's remaining contacts


def test_measure_by_hand():
    before, after = small_world()
    m = measure(before, after, ["k", "f"], prior=RecoveryParams(), runs=5)
    assert m["reestimated"]["replace"]["successes"] == 1
    assert m["reestimated"]["takeover"]["estimate"] == 1.0
    assert m["reestimated"]["rehire"]["opportunities"] == 0  # no free kingpin: prior kept
    assert m["params"]["rehire"] == RecoveryParams().rehire
    assert m["seen"]["newcomers"] == 1 and m["seen"]["relinks"] == 1
