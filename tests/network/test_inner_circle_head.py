"""A head behind his inner circle (network/hierarchy.py, conditions 1'–3'): he deals with three
lieutenants — by phone as much as in person — and with nobody else; they run the cells and talk
to everyone, and the workers meet each other more than anyone. His degree, strength, betweenness
and meeting share are a worker's, so neither the score nor the meeting-share pairs see him. Also:
two small groups that community detection put in one community each keep their head, and the
same data read in another order give the same ranking."""

from __future__ import annotations

import random
from collections import Counter
from itertools import combinations

import igraph as ig

from offensief.network.communities import Communities, leiden
from offensief.network.graph import strength, tie_weights
from offensief.network.roles import analyse_roles


def _graph(ties: dict[tuple[str, str], Counter[str]]) -> ig.Graph:
    """A person projection from typed tie counts (weights as :func:`person_projection` sets them)."""
    names = sorted({p for pair in ties for p in pair})
    index = {name: i for i, name in enumerate(names)}
    table = tie_weights()
    pairs = sorted(ties)
    g = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in pairs])
    g.vs["name"] = names
    g.es["types"] = [dict(ties[p]) for p in pairs]
    g.es["weight"] = [sum(strength(table, k, c) for k, c in ties[p].items()) for p in pairs]
    return g


def _group(ties: dict[tuple[str, str], Counter[str]], g: str, *, lieutenants: int = 3, workers: int = 5) -> None:
    def tie(a: str, b: str, **kinds: int) -> None:
        ties.setdefault((min(a, b), max(a, b)), Counter()).update(kinds)

    lts = [f"{g}-lt{i}" for i in range(lieutenants)]
    for lt in lts:
        tie(f"{g}-head", lt, call=8, meeting=2)  # the head deals with his lieutenants only
        cell = [f"{lt}-w{k}" for k in range(workers)]
        for w in cell:
            tie(lt, w, call=5, meeting=1)  # the lieutenant runs his cell
        for w, v in combinations(cell, 2):
            tie(w, v, call=3, meeting=2)  # the crew meets more than anyone
    for x, y in combinations(lts, 2):
        tie(x, y, call=4, meeting=2)
    for i, lt in enumerate(lts):  # the group's firms: workers of different cells on one board
        tie(f"{lt}-w0", f"{lts[(i + 1) % len(lts)]}-w1", co_company=1)


def _world() -> ig.Graph:
    ties: dict[tuple[str, str], Counter[str]] = {}
    for g in ("a", "b"):
        _group(ties, g)
    ties[("a-lt0-w2", "b-lt0-w2")] = Counter(call=1)  # the two groups know of each other
    return _graph(ties)


def _kingpins(out: dict) -> list[dict]:
    return [r for r in out["roles"] if r["role"] == "kingpin"]


def test_the_head_behind_his_inner_circle_is_listed_above_it() -> None:
    out = analyse_roles(_world(), top=100, seeds=2, roles=("kingpin",))
    rows = _kingpins(out)
    ids = [r["id"] for r in rows]
    for g in ("a", "b"):
        head = ids.index(f"{g}-head")
        assert all(head < ids.index(f"{g}-lt{i}") for i in range(3)), ids
        row = rows[head]
        assert "listed above his inner circle" in row["explanation"]["text"]
        assert set(row["explanation"]["hierarchy"]["above"]) <= {f"{g}-lt{i}" for i in range(3)}
        # the score is unchanged: his own is below his best lieutenant's
        assert row["score"] < max(r["score"] for r in rows if r["id"].startswith(f"{g}-lt"))
    assert set(ids[:2]) == {"a-head", "b-head"}, ids  # within 2 x groups, one head per group first
    # no worker stands above anyone: the crew he meets are not leading members who hold him close
    assert not any("-w" in r["id"] and r["explanation"].get("hierarchy", {}).get("above") for r in rows)


def test_without_observed_meetings_the_inner_circle_moves_nobody() -> None:
    g = _world()
    g.es["types"] = [{k: c for k, c in t.items() if k != "meeting"} for t in g.es["types"]]
    rows = _kingpins(analyse_roles(g, top=100, seeds=2, roles=("kingpin",)))
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert not any("hierarchy" in r["explanation"] for r in rows)


def test_two_small_groups_in_one_community_keep_both_heads() -> None:
    """Community detection merged two small groups (one community): the tier and the inner
    circles are by tie strength, so each head stands above his own lieutenants."""
    ties: dict[tuple[str, str], Counter[str]] = {}
    for g in ("a", "b"):
        _group(ties, g, lieutenants=2, workers=3)
    ties[("a-lt0", "b-lt0")] = Counter(call=2)
    g = _graph(ties)
    merged = Communities(membership=[0] * g.vcount(), modularity=0.0, engine="given", seeds=[0],
                         stability_nmi=1.0, min_nmi=1.0)
    rows = _kingpins(analyse_roles(g, communities=merged, top=100, roles=("kingpin",)))
    ids = [r["id"] for r in rows]
    assert set(ids[:2]) == {"a-head", "b-head"}, ids
    for head in ("a-head", "b-head"):
        above = rows[ids.index(head)]["explanation"]["hierarchy"]["above"]
        assert set(above) == {f"{head[0]}-lt0", f"{head[0]}-lt1"}, above


def _shuffled(g: ig.Graph, seed: int) -> ig.Graph:
    """The same graph with its nodes and edges in another order."""
    rng = random.Random(seed)
    perm = list(range(g.vcount()))
    rng.shuffle(perm)
    edges = list(range(g.ecount()))
    rng.shuffle(edges)
    out = ig.Graph(n=g.vcount(), edges=[(perm[g.es[e].source], perm[g.es[e].target]) for e in edges])
    names = [""] * g.vcount()
    for old, new in enumerate(perm):
        names[new] = g.vs[old]["name"]
    out.vs["name"] = names
    for attr in ("types", "weight"):
        out.es[attr] = [g.es[e][attr] for e in edges]
    return out


def test_the_same_data_give_the_same_ranking() -> None:
    """Two runs, and the same data in another node and edge order: the same communities (by
    name) and the same kingpin ranking."""
    g = _world()
    first = analyse_roles(g, top=100, seeds=3, roles=("kingpin",))
    again = analyse_roles(g, top=100, seeds=3, roles=("kingpin",))
    assert [r["id"] for r in _kingpins(first)] == [r["id"] for r in _kingpins(again)]
    reference = dict(zip(g.vs["name"], leiden(g, seeds=3).membership, strict=True))
    for seed in (1, 2):
        other = _shuffled(g, seed)
        assert dict(zip(other.vs["name"], leiden(other, seeds=3).membership, strict=True)) == reference
        rows = _kingpins(analyse_roles(other, top=100, seeds=3, roles=("kingpin",)))
        assert [(r["id"], r["community"]) for r in rows] == [(r["id"], r["community"]) for r in _kingpins(first)]
