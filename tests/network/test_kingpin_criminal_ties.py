"""A kingpin heads a criminal group: where the data hold criminal evidence, a kingpin candidate
stands in the criminal part of the network (issue 13, full-size blind world: business owners with
a large income and straw men with hundreds of ordinary callers filled the kingpin rows).

Partner data as delivered: the police register a group's lieutenants and workers
(``politie-bvh``, Wpg); the head keeps his distance and is not registered — the telecom
production order (``telecom``, Wpg traffic data: no registration) names him as the subscriber
who phones the lieutenants. A wealthy benign shop owner is called and paid by fifty ordinary
customers (``brp``, ``bank``). Without the gate his income and reach put him above the head."""

from __future__ import annotations

from pathlib import Path

import igraph as ig
import numpy as np
import pytest

from offensief.network import roles
from offensief.network.evidence import criminal_ties
from offensief.network.graph import entity_graph, person_projection
from offensief.network.roles import CRIMINAL_TIES, analyse_roles
from offensief.store.duckstore import Store
from tests.network.world import _e, load_sources, person


def _calls(a: str, b: str, times: int) -> list[dict]:
    return [_e(f"call-{a}-{b}-{k}", "Call", caller=a, receiver=b) for k in range(times)]


def _world() -> dict[str, list[dict]]:
    police: list[dict] = []
    telecom: list[dict] = [person("head", "Hoofd Op Afstand")]
    brp: list[dict] = [person("owner", "Winkelier Welgesteld", address="Markt 1, 1234 AB Ergens")]
    bank: list[dict] = []
    lts = [f"lt{i}" for i in range(3)]
    for lt in lts:
        police.append(person(lt, f"Luitenant {lt}"))
        telecom += _calls("head", lt, 4)
        crew = [f"{lt}-w{k}" for k in range(4)]
        for w in crew:
            police.append(person(w, f"Werker {w}"))
            telecom += _calls(lt, w, 3)
        telecom += _calls(crew[0], crew[1], 1)
    telecom += _calls(lts[0], lts[1], 2) + _calls(lts[1], lts[2], 2)
    for h in range(10):  # ordinary households who call the shop and pay it
        family = [f"h{h}-{k}" for k in range(5)]
        brp += [person(m, f"Klant {m}", address=f"Dorpsstraat {h}, 1234 AB Ergens") for m in family]
        for k, m in enumerate(family):
            telecom += _calls(m, "owner", 2)
            bank.append(_e(f"pay-{m}", "Payment", payer=m, beneficiary="owner", amount="25000",
                           description="Factuur verbouwing"))
            if k:
                telecom += _calls(family[0], m, 2)
    return {"politie-bvh": police, "telecom": telecom, "brp": brp, "bank": bank}


def _analyse(store: Store, tmp_path: Path, sources: dict[str, list[dict]]) -> list[dict]:
    load_sources(store, tmp_path, sources)
    return _kingpins(store)


def _kingpins(store: Store) -> list[dict]:
    eg = entity_graph(store)
    out = analyse_roles(person_projection(eg), entity_graph=eg, top=80, seeds=2)
    return [r for r in out["roles"] if r["role"] == "kingpin"]


def _rank(rows: list[dict], pid: str) -> int | None:
    return next((r["rank"] for r in rows if r["id"] == pid), None)


def test_benign_business_owner_is_no_kingpin_above_a_distant_head(store: Store, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _analyse(store, tmp_path, _world())
    assert _rank(rows, "head") is not None
    assert _rank(rows, "owner") is None  # no criminal ties: not a candidate at all
    head = next(r for r in rows if r["id"] == "head")
    assert "in the criminal part of the network: 100% of his tie strength" in head["explanation"]["text"]
    assert all("criminal part of the network" in r["explanation"]["text"] for r in rows)
    # the fixture tells the two apart only through the gate: without it the owner ranks above the head
    monkeypatch.setattr(roles, "SHARE_GATES", {})
    ungated = _kingpins(store)
    assert _rank(ungated, "owner") is not None
    assert _rank(ungated, "owner") < _rank(ungated, "head")


def test_without_criminal_evidence_the_ranking_is_unchanged(store: Store, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The same world with the police registrations delivered as municipal records and no
    observed meetings or registered associates: nothing to check, nobody held back."""
    world = _world()
    world["brp"] += world.pop("politie-bvh")
    rows = _analyse(store, tmp_path, world)
    assert _rank(rows, "owner") is not None
    assert not any("criminal part" in r["explanation"]["text"] for r in rows)
    monkeypatch.setattr(roles, "SHARE_GATES", {})
    ungated = _kingpins(store)
    assert [(r["id"], r["rank"], r["score"]) for r in rows] == [(r["id"], r["rank"], r["score"]) for r in ungated]


def test_edge_list_without_store_has_no_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    """A published edge list (CAVIAR, Noordin Top) holds no evidence: the feature is absent."""
    g = ig.Graph([(0, 1), (0, 2), (0, 3), (1, 2), (3, 4), (4, 5), (3, 5)])
    g.vs["name"] = [f"n{i}" for i in range(6)]
    g.es["weight"] = [1.0] * g.ecount()
    features, _ = roles.role_features(g, entity_graph=None, membership=[0, 0, 0, 1, 1, 1])
    assert "criminal_ties" not in features
    rows = analyse_roles(g, top=10, seeds=1)["roles"]
    monkeypatch.setattr(roles, "SHARE_GATES", {})
    assert rows == analyse_roles(g, top=10, seeds=1)["roles"]


def test_criminal_ties_share_of_tie_strength() -> None:
    g = ig.Graph([(0, 1), (0, 2), (1, 2), (2, 2), (3, 4)])
    g.es["weight"] = [2.0, 1.0, 1.0, 5.0, 1.0]
    share = criminal_ties(g, [False, True, False, False, False])
    assert np.allclose(share, [2 / 3, 0.0, 0.5, 0.0, 0.0])  # the loop is no tie to anyone
    assert CRIMINAL_TIES == pytest.approx(1 / 3)
