"""One head per group, who meets few people (network/groups.py; issue 13, third world at full
size, dev seed 12347): a group whose crews are busy filled the kingpin rows with its lieutenants
and workers while another group's head stood below them; and a crew worker who deals with many
busier co-workers ("up") was taken for his group's head.

Partner data as delivered: the police register the groups (``politie-bvh``), the telecom
production order holds the calls, the bank the crews' takings. Each head phones his lieutenants
now and then and nobody else; the lieutenants run crews who phone each other all day."""

from __future__ import annotations

from pathlib import Path

import igraph as ig
import numpy as np
import pytest

from offensief.network import groups as group_module
from offensief.network import roles
from offensief.network.graph import entity_graph, person_projection
from offensief.network.groups import CANDIDATES, candidates_first, group_heads, max_span
from offensief.network.roles import analyse_roles
from offensief.store.duckstore import Store
from tests.network.world import _e, load_sources, person


def _calls(a: str, b: str, times: int) -> list[dict]:
    return [_e(f"call-{a}-{b}-{k}", "Call", caller=a, receiver=b) for k in range(times)]


def _pay(a: str, b: str, times: int, amount: str) -> list[dict]:
    return [_e(f"pay-{a}-{b}-{k}", "Payment", payer=a, beneficiary=b, amount=amount, description="afdracht")
            for k in range(times)]


def _group(g: str, lieutenants: int, crew: int, busy: int) -> dict[str, list[dict]]:
    """A head who phones his lieutenants twice each; each lieutenant's crew of ``crew`` phones him
    and each other ``busy`` times a pair and pays him; the crews work together."""
    police = [person(f"{g}-head", f"Hoofd {g}")]
    telecom: list[dict] = []
    bank: list[dict] = []
    lts = [f"{g}-lt{i}" for i in range(lieutenants)]
    crews = []
    for lt in lts:
        police.append(person(lt, f"Luitenant {lt}"))
        telecom += _calls(f"{g}-head", lt, 2)
        workers = [f"{lt}-w{k}" for k in range(crew)]
        crews.append(workers)
        for k, w in enumerate(workers):
            police.append(person(w, f"Werker {w}"))
            telecom += _calls(lt, w, busy)
            bank += _pay(w, lt, busy, "4000")
            telecom += [c for v in workers[k + 1:] for c in _calls(w, v, busy)]
    for i, a in enumerate(lts):
        for b in lts[i + 1:]:
            telecom += _calls(a, b, 2)
    for i, one in enumerate(crews):  # the crews work together on the same shipments
        for other in crews[i + 1:]:
            telecom += [c for w, v in zip(one, other, strict=True) for c in _calls(w, v, busy)]
    return {"politie-bvh": police, "telecom": telecom, "bank": bank}


def _world() -> dict[str, list[dict]]:
    """Group ``a``: two busy crews of four; group ``b``: two quiet crews of three; and the rest of
    what the police know: small fringe cliques."""
    world: dict[str, list[dict]] = {"politie-bvh": [], "telecom": [], "bank": []}
    for part in (_group("a", 2, 4, 4), _group("b", 2, 3, 1)):
        for k, v in part.items():
            world[k] += v
    for t in range(20):
        trio = [f"t{t}-{k}" for k in range(3)]
        world["politie-bvh"] += [person(p, f"Bekende {p}") for p in trio]
        world["telecom"] += _calls(trio[0], trio[1], 2) + _calls(trio[1], trio[2], 2) + _calls(trio[0], trio[2], 2)
    return world


def _kingpins(store: Store) -> list[str]:
    eg = entity_graph(store)
    out = analyse_roles(person_projection(eg), entity_graph=eg, top=300, seeds=2, roles=("kingpin",))
    return [r["id"] for r in out["roles"] if r["role"] == "kingpin"]


def test_a_busy_group_does_not_fill_the_rows_above_another_groups_head(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_sources(store, tmp_path, _world())
    # the groups as the criminal network should divide it (Leiden cuts group a into its busy cells
    # on a network this small; how groups are found is not what is tested here)
    monkeypatch.setattr(group_module, "criminal_groups", lambda graph, evidenced, **_: [
        "ab".index(n[0]) if n[:2] in ("a-", "b-") else -1 for n in graph.vs["name"]])
    ids = _kingpins(store)
    assert {"a-head", "b-head"} <= set(ids[:4]), ids  # within 2 x groups
    for g in ("a", "b"):  # each group's two candidates before any group's third row
        rows = [k for k, i in enumerate(ids) if i.startswith(f"{g}-")]
        assert rows[CANDIDATES] > 4, ids
    # without it group a's lieutenants and crew stand above group b's head
    monkeypatch.setattr(roles, "candidates_first", lambda order, groups, **_: order)
    before = _kingpins(store)
    assert "b-head" not in before[:4], before


def test_candidates_first_keeps_every_other_row_in_its_order() -> None:
    groups = np.array([0] * 7 + [1] * 7 + [-1] + [2] * 3)  # group 2: three members, no group with a head
    order = np.array([0, 1, 2, 15, 16, 17, 3, 7, 14, 8, 9])
    # every group's candidates, then the rows in no group with a head, then the groups' further members
    assert candidates_first(order, groups).tolist() == [0, 1, 7, 8, 15, 16, 17, 14, 2, 3, 9]


def _crew_worker_graph() -> tuple[ig.Graph, int, int]:
    """One group of 16: a head who phones his two lieutenants; each lieutenant runs a crew of six
    who phone each other all day; a seventh worker of the first crew phones his lieutenant and
    five of his busier co-workers. Returns (graph, head, worker)."""
    head, lts = 0, [1, 2]
    crews = [list(range(3, 9)), list(range(9, 15))]
    worker = 15
    edges = [(head, lt) for lt in lts] + [(1, 2)]
    for lt, crew in zip(lts, crews, strict=True):
        edges += [(lt, w) for w in crew] + [(a, b) for i, a in enumerate(crew) for b in crew[i + 1:]]
    edges += [(worker, 1)] + [(worker, w) for w in crews[0][:5]]
    g = ig.Graph(edges)
    g.es["types"] = [{"call": 1}] * g.ecount()
    g.es["weight"] = [1.0] * g.ecount()
    return g, head, worker


def test_a_crew_worker_who_deals_up_with_many_heads_no_group(monkeypatch: pytest.MonkeyPatch) -> None:
    """Look-alike of a head: the seventh worker deals only up, with six better-connected members
    (his lieutenant and five busy co-workers), and stands higher as a kingpin candidate than the
    head. A head deals with his lieutenants — at most ⌈√16⌉ = 4 better-connected members — so
    the head is found, not the worker."""
    g, head, worker = _crew_worker_graph()
    monkeypatch.setattr(group_module, "criminal_groups", lambda graph, evidenced, **_: [0] * graph.vcount())
    kingpin = np.full(g.vcount(), 0.3)
    kingpin[head], kingpin[worker] = 0.5, 0.6
    found, _ = group_heads(g, evidenced=[True] * g.vcount(), kingpin=kingpin)
    assert [h.head for h in found] == [head] and max_span(16) == 4
    # without the upper bound of the span the busy worker is taken for the head
    monkeypatch.setattr(group_module, "max_span", lambda size: size)
    loose, _ = group_heads(g, evidenced=[True] * g.vcount(), kingpin=kingpin)
    assert [h.head for h in loose] == [worker]
