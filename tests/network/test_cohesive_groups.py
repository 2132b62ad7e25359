"""A kingpin is the top of a group (network/groups.py; issue 13, full-size worlds of the tenth
round): the groups' head candidates come before persons in no group, and a cohesive group's
before a loose one's.

Rows read on seed 60301: in the blind world well-paid neighbours of criminals, in no group of the
criminal network, stood between the groups' candidates and pushed a head past the first 2 × groups
rows; in the third world the rest of what the police know — chains of occasional contacts that
Leiden cuts into tree-like pieces of about two ties per member — filled the rows with their own
"candidates" before a real group's head.

Partner data as delivered: the police register every person here; the telecom production order
holds the calls; the fringe's hub phones each of his acquaintances often (a star: a tree)."""

from __future__ import annotations

from pathlib import Path

import igraph as ig
import numpy as np
import pytest

from offensief.network import groups as group_module
from offensief.network.graph import entity_graph, person_projection
from offensief.network.groups import MIN_CREW, GroupHead, candidates_first, cohesion
from offensief.network.roles import analyse_roles
from offensief.store.duckstore import Store
from tests.network.test_group_candidates import _calls, _group
from tests.network.world import load_sources, person


def _world() -> dict[str, list[dict]]:
    """Groups ``a`` and ``b`` (a head, two lieutenants, crews who phone each other); a fringe of
    twelve known persons around one hub who phones each of them five times; and six known pairs."""
    world: dict[str, list[dict]] = {"politie-bvh": [], "telecom": [], "bank": []}
    for part in (_group("a", 2, 4, 2), _group("b", 2, 3, 1)):
        for k, v in part.items():
            world[k] += v
    hub, acquaintances = "f-hub", [f"f-{k}" for k in range(11)]
    world["politie-bvh"] += [person(hub, "Bekende Spil")] + [person(p, f"Bekende {p}") for p in acquaintances]
    for p in acquaintances:
        world["telecom"] += _calls(hub, p, 5)
    for t in range(6):
        pair = [f"t{t}-{k}" for k in range(2)]
        world["politie-bvh"] += [person(p, f"Kennis {p}") for p in pair]
        world["telecom"] += _calls(pair[0], pair[1], 3)
    return world


def _rows(store: Store) -> list[dict]:
    eg = entity_graph(store)
    out = analyse_roles(person_projection(eg), entity_graph=eg, top=300, seeds=2, roles=("kingpin",))
    return [r for r in out["roles"] if r["role"] == "kingpin"]


def test_a_loose_fringe_and_persons_in_no_group_come_after_the_groups_candidates(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_sources(store, tmp_path, _world())
    # the groups as the criminal network divides them (how groups are found is not tested here)
    monkeypatch.setattr(group_module, "criminal_groups", lambda graph, evidenced, **_: [
        "abf".index(n[0]) if n[:2] in ("a-", "b-", "f-") else -1 for n in graph.vs["name"]])
    rows = _rows(store)
    ids = [r["id"] for r in rows]
    assert {"a-head", "b-head"} <= set(ids[:4]), ids  # within 2 x groups
    fringe = ids.index("f-hub")
    assert ids.index("a-head") < fringe and ids.index("b-head") < fringe, ids
    text = rows[fringe]["explanation"]["text"]
    assert "less cohesive than the network itself" in text, text
    assert "listed after the candidates of the more cohesive groups" in text
    # a known pair is in no group with a head: listed after every group's candidates, and says so
    pairs = [k for k, i in enumerate(ids) if i.startswith("t")]
    assert pairs and min(pairs) > fringe, ids
    assert "in no group of the criminal network" in rows[min(pairs)]["explanation"]["text"]
    # a cohesive group's rows carry no such note; the JSON gives every group member's group
    head = rows[ids.index("a-head")]["explanation"]
    assert "cohesive" not in head["text"]
    assert head["criminal_group"]["cohesive"] is True
    assert head["criminal_group"]["ties_per_member"] >= head["criminal_group"]["network_mean"]
    facts = rows[fringe]["explanation"]["criminal_group"]
    assert facts["cohesive"] is False and facts["members"] == 12
    assert facts["ties_per_member"] == pytest.approx(2 * 11 / 12, abs=0.01)  # a star: a tree
    assert "criminal_group" not in rows[min(pairs)]["explanation"]


def test_cohesion_counts_ties_within_each_group_against_the_criminal_networks_mean() -> None:
    # group 0: a triangle and a fourth member tied to two of it (5 ties, 4 members); group 1: a chain
    # of three; one tie across; node 7 has evidence and no group; node 8 no evidence
    g = ig.Graph([(0, 1), (1, 2), (0, 2), (3, 0), (3, 1), (4, 5), (5, 6), (2, 4), (6, 7), (7, 8)])
    g.es["types"] = [{"call": 1} for _ in range(10)]
    g.es["weight"] = [1.0] * 10
    per_group, mean = cohesion(g, evidenced=[True] * 8 + [False], groups=[0, 0, 0, 0, 1, 1, 1, -1, -1])
    assert per_group.tolist() == pytest.approx([10 / 4, 4 / 3])
    assert mean == pytest.approx(2 * 9 / 8)  # the tie to the person without evidence is no criminal tie
    # an operational tie only: a family tie or a shared address does not make a group cohesive
    g.es[0]["types"] = {"family": 1}
    assert cohesion(g, evidenced=[True] * 8 + [False], groups=[0, 0, 0, 0, 1, 1, 1, -1, -1])[0][0] == 8 / 4


def test_candidates_first_in_four_parts() -> None:
    groups = np.array([0] * MIN_CREW + [1] * MIN_CREW + [-1, 2, 2])  # group 2: too small to have a head
    n = len(groups)
    a, b, outside, small = list(range(MIN_CREW)), list(range(MIN_CREW, 2 * MIN_CREW)), n - 3, n - 2
    order = np.array([outside, b[0], small, a[0], b[1], b[2], a[1], a[2]])
    # group 1 loose: its candidates after group 0's, before anyone in no group with a head
    got = candidates_first(order, groups, tight=[True, False, True]).tolist()
    assert got == [a[0], a[1], b[0], b[1], outside, small, b[2], a[2]]
    # with a head found for group 0 (its best-ranked member), its other rows are members
    got = candidates_first(order, groups, heads=[GroupHead(a[0], 0, MIN_CREW, 1.0)], tight=[True, True, True]).tolist()
    assert got == [b[0], a[0], b[1], outside, small, b[2], a[1], a[2]]
    # no group with a head: nothing moves
    assert candidates_first(order, np.full(n, -1)).tolist() == order.tolist()
