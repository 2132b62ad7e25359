"""A head's span of control is counted over his own criminal ties, not over one partition's group
(network/groups.py; issue 13, blind world seed 50231: the head of a group dealt with two persons
better connected than she is — her lieutenant and her straw man — and Leiden put the straw man,
who also deals with the fringe of the criminal network, in the fringe's group in about half the
partitions; her span within her group fell to one, and a money mule of her group, whose two ties
up stayed inside it, was taken for its head).

The partitions are fixed here (``criminal_groups`` replaced), so the rule is tested on both sides
of the boundary. The look-alike: a courier Leiden put in the same group, who deals with two
better-connected persons too, one in each group — his dealings are split between two groups, so he
heads neither (``HEAD_WITHIN``)."""

from __future__ import annotations

import igraph as ig
import numpy as np
import pytest

from offensief.network import groups as group_module
from offensief.network.groups import STABILITY_RUNS, group_heads, head_stability, upward_share

HEAD, LT, STRAW, MULE, COURIER = 0, 1, 2, 3, 4
CREW = [5, 6, 7]      # the lieutenant's crew, in the head's group
FRINGE = [8, 9, 10, 11, 12, 13]  # the straw man's other contacts: other groups' fringe


def _graph(extra: list[tuple[int, int, float]] | None = None) -> ig.Graph:
    ties: list[tuple[int, int, float]] = [(HEAD, LT, 4.27), (HEAD, STRAW, 3.09), *(extra or [])]
    ties += [(LT, c, 2.0) for c in CREW] + [(CREW[0], CREW[1], 2.0), (CREW[1], CREW[2], 2.0)]
    ties += [(MULE, CREW[0], 2.9), (MULE, CREW[2], 2.2)]  # a mule deals up, inside the group
    ties += [(STRAW, f, 0.8) for f in FRINGE] + [(FRINGE[k], FRINGE[k + 1], 1.0) for k in range(5)]
    ties += [(FRINGE[0], FRINGE[3], 1.0), (FRINGE[1], FRINGE[4], 1.0)]
    ties += [(COURIER, LT, 2.0), (COURIER, FRINGE[1], 2.0)]  # a courier between the two groups
    g = ig.Graph([(a, b) for a, b, _ in ties])
    g.es["weight"] = [w for _, _, w in ties]
    g.es["types"] = [{"call": 1}] * g.ecount()
    return g


#: kingpin standing per node, as the rows give it: the courier, who reaches both groups, scores best
STANDING = np.array([0.40, 0.35, 0.30, 0.25, 0.90, 0.3, 0.3, 0.3] + [0.1] * 6)


def _heads(monkeypatch: pytest.MonkeyPatch, partition: list[int]) -> dict[int, int]:
    monkeypatch.setattr(group_module, "criminal_groups", lambda graph, evidenced, **_: partition)
    found, _ = group_heads(_graph(), evidenced=[True] * 14, kingpin=STANDING)
    return {h.group: h.head for h in found}


#: the head's group holds her, her lieutenant, his crew, the mule and the courier
OWN = [0, 0, None, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]


@pytest.mark.parametrize("straw_group", [0, 1], ids=["straw-man-inside", "straw-man-cut-off"])
def test_the_head_heads_her_group_on_both_sides_of_the_boundary(monkeypatch: pytest.MonkeyPatch,
                                                                 straw_group: int) -> None:
    partition = [straw_group if g is None else g for g in OWN]
    assert _heads(monkeypatch, partition).get(0) == HEAD


def test_counted_inside_the_group_only_the_mule_took_the_head(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the rule was: span and share within the group. With the straw man cut off the head
    deals with one better-connected member of her group, and the mule is taken for its head."""
    partition = [1 if g is None else g for g in OWN]

    def inside_only(graph, *, evidenced, groups):  # type: ignore[no-untyped-def]
        ends, w = group_module._criminal_ties(graph, np.asarray(evidenced, dtype=bool))
        a, b, group, n = ends[:, 0], ends[:, 1], np.asarray(groups), graph.vcount()
        degree = np.bincount(a, minlength=n)
        inside = (group[a] == group[b]) & (group[a] >= 0)
        up = inside & (degree[b] > degree[a])
        total = np.bincount(a, weights=w * inside, minlength=n)
        span = np.bincount(a, weights=up.astype(float), minlength=n)
        return (np.divide(np.bincount(a, weights=w * up, minlength=n), total, out=np.zeros(n), where=total > 0),
                span, total / np.bincount(a, weights=w, minlength=n), span)

    monkeypatch.setattr(group_module, "_upward", inside_only)
    assert _heads(monkeypatch, partition).get(0) == MULE


def test_a_courier_between_two_groups_heads_neither(monkeypatch: pytest.MonkeyPatch) -> None:
    partition = [1 if g is None else g for g in OWN]
    assert COURIER not in _heads(monkeypatch, partition).values()
    # the look-alike matters: he deals with two better-connected persons (a span of two) and scores
    # best; only his split dealings (half in each group) keep him from heading the group
    monkeypatch.setattr(group_module, "HEAD_WITHIN", 0.4)
    assert _heads(monkeypatch, partition).get(0) == COURIER


def test_the_upward_share_counts_ties_across_the_boundary() -> None:
    g = _graph()
    inside = upward_share(g, evidenced=[True] * 14, groups=[0] * 14)
    cut = upward_share(g, evidenced=[True] * 14, groups=[1 if k is None else k for k in OWN])
    assert inside[HEAD] == cut[HEAD] == 1.0
    outside = upward_share(g, evidenced=[True] * 14, groups=[-1] + [0] * 13)
    assert outside[HEAD] == 0.0  # no group, no head


def test_the_row_says_in_how_many_other_partitions_the_head_heads_a_group(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a boundary falls can still decide (here: every other partition puts her lieutenant
    and straw man in another group, so she keeps none of her criminal ties within hers): the row
    reports it rather than hiding it."""
    steady = [0 if k is None else k for k in OWN]
    moved = [1 if k in (LT, STRAW) else g for k, g in enumerate(steady)]

    def partitions(graph, evidenced, first_seed=0, **_):  # type: ignore[no-untyped-def]
        return moved if (first_seed // 1000) % 2 else steady

    monkeypatch.setattr(group_module, "criminal_groups", partitions)
    found, _ = group_heads(_graph(), evidenced=[True] * 14, kingpin=STANDING)
    assert [h.head for h in found if h.group == 0] == [HEAD]
    assert head_stability(_graph(), evidenced=[True] * 14, kingpin=STANDING, heads=found)[HEAD] == STABILITY_RUNS // 2
    monkeypatch.setattr(group_module, "criminal_groups", lambda graph, evidenced, **_: steady)
    assert head_stability(_graph(), evidenced=[True] * 14, kingpin=STANDING, heads=found)[HEAD] == STABILITY_RUNS


def test_the_ceiling_counts_the_members_of_her_group(monkeypatch: pytest.MonkeyPatch) -> None:
    """She also deals with an accountant and a recruiter, better connected than she is (they serve
    many groups) and in the fringe's group (third world, dev seed 60211: a head dealing with three
    lieutenants, a facilitator of his group and two facilitators of others had a span of six, over
    the ceiling of ⌈√25⌉ = 5, and a worker headed his group). The ceiling keeps crew workers who
    deal up with many of their group's busier members out; facilitators outside her group do not
    count towards it (she deals with 2 + 2 better-connected persons, max_span(8) = 3)."""
    accountant, recruiter = 14, 15
    extra = [(HEAD, accountant, 1.0), (HEAD, recruiter, 1.0)]
    extra += [(f, x, 1.0) for f in (accountant, recruiter) for x in FRINGE[:5]]
    graph = _graph(extra)
    partition = [0 if g is None else g for g in OWN] + [1, 1]
    monkeypatch.setattr(group_module, "criminal_groups", lambda graph, evidenced, **_: partition)
    standing = np.concatenate([STANDING, [0.2, 0.2]])
    found, _ = group_heads(graph, evidenced=[True] * 16, kingpin=standing)
    assert [(h.head, h.span) for h in found if h.group == 0] == [(HEAD, 4)]
