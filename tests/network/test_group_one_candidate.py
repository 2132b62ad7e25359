"""A group whose head is its best-ranked member has one head candidate (network/groups.py,
``candidates_first``; issue 13, full size, dev seeds 50021 and 50111).

Each group of the criminal network shows its two head candidates together: the member the score
ranks first (the head where he is his group's hub) and the member who deals up with his
lieutenants (the head who keeps his distance). Where both are the same person the group has one
candidate; the member listed after him is a lieutenant or crew member and goes after every
group's candidates, as a group's third row did before. On the dev seeds these second rows — the
lieutenant of a head found at the top of his group — held rows above the heads of low-ranked
groups (third world 50021: a head at 23 of 20 rows; blind 50111: a head at 15 of 14)."""

from __future__ import annotations

import igraph as ig
import numpy as np
import pytest

from offensief.network import groups as group_module
from offensief.network.groups import candidates_first, group_heads, lift_heads


def _group(first: int) -> list[tuple[int, int]]:
    """Nine members from ``first``: a head who phones his two lieutenants, who phone each other
    and run a crew of three each; each crew phones among itself."""
    head, lts = first, [first + 1, first + 2]
    crews = [[first + 3, first + 4, first + 5], [first + 6, first + 7, first + 8]]
    edges = [(head, lt) for lt in lts] + [(lts[0], lts[1])]
    for lt, crew in zip(lts, crews, strict=True):
        edges += [(lt, w) for w in crew] + [(a, b) for i, a in enumerate(crew) for b in crew[i + 1:]]
    return edges


def _world() -> tuple[ig.Graph, list[int]]:
    """Groups 0 (nodes 0–8) and 1 (9–17) with a head each, and a ring of seven persons the police
    know (18–24) who deal with each other alike: a group of seven with no head."""
    ring = [(18 + k, 18 + (k + 1) % 7) for k in range(7)]
    g = ig.Graph(_group(0) + _group(9) + ring)
    g.es["types"] = [{"call": 1}] * g.ecount()
    g.es["weight"] = [1.0] * g.ecount()
    return g, [0] * 9 + [1] * 9 + [2] * 7


def _rows(kingpin: np.ndarray, monkeypatch: pytest.MonkeyPatch, *, one: bool = True) -> list[int]:
    g, groups = _world()
    monkeypatch.setattr(group_module, "criminal_groups", lambda graph, evidenced, **_: groups)
    found, member = group_heads(g, evidenced=[True] * g.vcount(), kingpin=kingpin)
    order = np.lexsort((np.arange(len(kingpin)), -kingpin))
    order, _ = lift_heads(order, found, member)
    return candidates_first(order, member, heads=found if one else ()).tolist()


def _standing(head0: float, lt0: float) -> np.ndarray:
    """Kingpin standing: group 0's head ``head0`` and lieutenants ``lt0``; the ring's members
    rank next; group 1's lieutenants and then its head lower; the crews last."""
    k = np.full(25, 0.2)
    k[0], k[[1, 2]] = head0, [lt0, lt0 - 0.01]
    k[18], k[19], k[20:25] = 0.8, 0.79, 0.3
    k[[10, 11]], k[9] = [0.6, 0.59], 0.5
    return k


def test_a_head_who_is_his_groups_best_ranked_member_is_its_one_candidate(monkeypatch: pytest.MonkeyPatch) -> None:
    """Group 0's head ranks first and deals up with his two lieutenants: he is both of his group's
    candidates, so his lieutenant is listed after group 1's head, not above him."""
    rows = _rows(_standing(0.9, 0.85), monkeypatch)
    assert rows[:5] == [0, 18, 19, 10, 9], rows  # group 1's head directly after its best-ranked member
    assert rows.index(1) > rows.index(9)
    # before: the group kept two rows, its lieutenant above group 1's head
    before = _rows(_standing(0.9, 0.85), monkeypatch, one=False)
    assert before[:6] == [0, 1, 18, 19, 10, 9], before


def test_a_hub_above_the_head_keeps_both_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Look-alike: group 0's lieutenant ranks above its head (a hub who may be the head, as in the
    demo world, and the member who deals up): both stay its candidates, and the order is the one
    without the rule. The ring, with no head, keeps its first two rows either way."""
    kingpin = _standing(0.7, 0.95)
    rows = _rows(kingpin, monkeypatch)
    assert rows[:6] == [1, 0, 18, 19, 10, 9], rows
    assert rows == _rows(kingpin, monkeypatch, one=False)
