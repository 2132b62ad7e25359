"""A head above his lieutenants (network/hierarchy.py): the lieutenants are better connected,
meet among themselves and collect the money, so every score over the whole population puts
them first; the head meets them in person and stays off the phone. His kingpin row must come
before theirs — and nothing may move where no meetings were observed, or for a hanger-on who
knows two lieutenants."""

from __future__ import annotations

from itertools import combinations, pairwise
from pathlib import Path

import igraph as ig
import numpy as np

from offensief.ingest import ingest_file
from offensief.network.graph import entity_graph, person_projection
from offensief.network.hierarchy import Above, heads_above, hierarchy_order
from offensief.network.roles import analyse_roles
from offensief.store.duckstore import Store
from tests.network.world import _e, person, write_jsonl


def _world() -> list[dict]:
    out: list[dict] = []
    n = 0

    def call(a: str, b: str, times: int = 1) -> None:
        nonlocal n
        for _ in range(times):
            n += 1
            out.append(_e(f"call-{n}", "Call", caller=a, receiver=b))

    def meet(*present: str) -> None:
        nonlocal n
        n += 1
        out.append(_e(f"meet-{n}", "Event", name=f"Ontmoeting {n}", involved=list(present),
                      date=f"2025-04-{1 + n % 28:02d}"))

    def pay(a: str, b: str, amount: int) -> None:
        nonlocal n
        n += 1
        out.append(_e(f"pay-{n}", "Payment", payer=a, beneficiary=b, amount=str(amount), description="afdracht"))

    for g in ("a", "b"):
        boss, lts = f"{g}-boss", [f"{g}-lt{i}" for i in range(3)]
        out.append(person(boss, f"Baas {g}"))
        for lt in lts:
            out.append(person(lt, f"Luitenant {lt}"))
            workers = [f"{lt}-w{k}" for k in range(6)]
            for w in workers:
                out.append(person(w, f"Werker {w}"))
                call(lt, w, 3)  # the lieutenant runs his cell by phone
                pay(w, lt, 2000)  # and collects from it
            for w, v in pairwise(workers):
                call(w, v)
        for x, y in combinations(lts, 2):
            call(x, y, 4)
            meet(x, y)  # the lieutenants meet each other too
            meet(x, y)
        for lt in lts:  # the head meets each of them, calls once
            meet(boss, lt)
            meet(boss, lt)
            call(boss, lt)
        # a hanger-on who phones two lieutenants (a friend, a cousin): no meeting, not lifted
        out.append(person(f"{g}-friend", f"Vriend {g}"))
        call(f"{g}-friend", lts[0], 2)
        call(f"{g}-friend", lts[1], 2)
    call("a-lt0-w0", "b-lt0-w0")  # the two groups know of each other
    return out


def _analyse(store: Store, tmp_path: Path, rows: list[dict]) -> dict:
    ingest_file(store, dataset="politie-bvh", path=write_jsonl(tmp_path / "w.jsonl", rows))
    eg = entity_graph(store)
    return analyse_roles(person_projection(eg), entity_graph=eg, top=100, seeds=2)


def test_the_head_is_listed_above_the_lieutenants_he_meets(store: Store, tmp_path: Path) -> None:
    out = _analyse(store, tmp_path, _world())
    kingpins = [r for r in out["roles"] if r["role"] == "kingpin"]
    ids = [r["id"] for r in kingpins]
    for g in ("a", "b"):
        boss = ids.index(f"{g}-boss")
        assert all(boss < ids.index(f"{g}-lt{i}") for i in range(3) if f"{g}-lt{i}" in ids), ids
    assert set(ids[:2]) == {"a-boss", "b-boss"}, ids  # one head per group first
    row = kingpins[ids.index("a-boss")]
    assert "listed above the lieutenants he meets in person" in row["explanation"]["text"]
    assert set(row["explanation"]["hierarchy"]["above"]) <= {"a-lt0", "a-lt1", "a-lt2"}
    # the score is unchanged: the head's own score is below his best lieutenant's
    best_lt = max(r["score"] for r in kingpins if r["id"].startswith("a-lt"))
    assert row["score"] < best_lt
    lt_row = next(r for r in kingpins if r["id"] in row["explanation"]["hierarchy"]["above"])
    assert "a lieutenant of Baas a — a weaker candidate" in lt_row["explanation"]["text"]
    # lieutenants are listed after every candidate with no head above him
    under = [bool(r["explanation"].get("hierarchy", {}).get("below")) for r in kingpins]
    assert under == sorted(under) and sum(under) >= 4, under
    # the hanger-on who phones two lieutenants stands above no one
    assert all("friend" not in r["id"] or "hierarchy" not in r["explanation"] for r in kingpins)


def test_without_observed_meetings_nothing_moves(store: Store, tmp_path: Path) -> None:
    """The same ties without the meetings (a wiretap network): pure score order."""
    rows = [r for r in _world() if r["schema"] != "Event"]
    out = _analyse(store, tmp_path, rows)
    kingpins = [r for r in out["roles"] if r["role"] == "kingpin"]
    assert [r["score"] for r in kingpins] == sorted((r["score"] for r in kingpins), reverse=True)
    assert not any("hierarchy" in r["explanation"] for r in kingpins)


def test_a_calls_only_cell_head_is_never_put_below_his_workers() -> None:
    """A head who phones his workers himself (no lieutenants, as in tests/api/world.py) while
    the workers meet each other: no tie of his is a meeting, so nobody is put above him."""
    g = ig.Graph(n=8, edges=[(0, k) for k in range(1, 8)] + [(k, k + 1) for k in range(1, 7)])
    g.vs["name"] = [f"p{i}" for i in range(8)]
    g.es["weight"] = 1.0
    g.es["types"] = [{"call": 3}] * 7 + [{"meeting": 1}] * 6
    share = np.array([0.0] + [0.5] * 7)
    kingpin = np.array([0.9, 0.5, 0.5, 0.4, 0.4, 0.3, 0.3, 0.2])
    assert heads_above(g, membership=[0] * 8, kingpin=kingpin, meeting_share=share) == []
    assert hierarchy_order(kingpin, []).tolist()[0] == 0


def test_hierarchy_order_lifts_the_head_and_defers_his_lieutenants() -> None:
    score = np.array([0.9, 0.8, 0.7, 0.6, 0.5])
    above = [Above(4, 1, 0, 5, 0.9, 0.1), Above(4, 3, 0, 5, 0.9, 0.1)]
    assert hierarchy_order(score, above, defer=False).tolist() == [0, 4, 1, 2, 3]
    assert hierarchy_order(score, above).tolist() == [0, 4, 2, 1, 3]
    # a head over a head: both above the lieutenant; the middle one is a lieutenant too
    chain = [Above(4, 1, 0, 5, 0.9, 0.1), Above(3, 4, 0, 5, 0.9, 0.1)]
    assert hierarchy_order(score, chain, defer=False).tolist() == [0, 3, 4, 1, 2]
    assert hierarchy_order(score, chain).tolist() == [0, 3, 2, 4, 1]
    assert hierarchy_order(score, []).tolist() == [0, 1, 2, 3, 4]


def test_the_many_who_meet_a_leader_do_not_stand_above_him() -> None:
    """Two hubs who phone many and are met by several followers (the Noordin Top pattern): each
    follower meets both hubs and meets rather than phones, but the followers are unrelated, so
    no chain of command is shown and nobody is put above the hubs (condition 5)."""
    calls = [(0, k) for k in range(7, 15)] + [(15, k) for k in range(16, 23)]
    meetings = [(f, hub) for f in range(1, 7) for hub in (0, 15)]
    g = ig.Graph(n=23, edges=calls + meetings)
    g.vs["name"] = [f"p{i}" for i in range(23)]
    g.es["weight"] = 1.0
    g.es["types"] = [{"call": 2}] * len(calls) + [{"meeting": 2}] * len(meetings)
    share = np.array([0.3] + [1.0] * 6 + [0.0] * 8 + [0.3] + [0.0] * 7)
    kingpin = np.array([0.9] + [0.6, 0.59, 0.58, 0.2, 0.2, 0.2] + [0.1] * 8 + [0.85] + [0.1] * 7)
    assert heads_above(g, membership=[0] * 23, kingpin=kingpin, meeting_share=share) == []
    # one follower alone who meets both hubs would be a head: the rule is the chain, not the count
    # (the others only phone the hubs: met by five, each hub would have five inner-circle heads)
    alone = kingpin.copy()
    alone[2:7] = 0.05
    g.es["types"] = [{"call": 2} if e.source in range(2, 7) or e.target in range(2, 7) else t
                     for e, t in zip(g.es, g.es["types"], strict=True)]
    found = heads_above(g, membership=[0] * 23, kingpin=alone, meeting_share=share)
    assert {(a.head, a.lieutenant) for a in found} == {(1, 0), (1, 15)}
