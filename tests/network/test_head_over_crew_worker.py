"""Condition 5 of network/hierarchy.py when a crew worker also "stands above" the lieutenants:
the worker attends his crew's meetings with both lieutenants, so he meets rather than phones
more than they do, just like the head. The head meets his lieutenants (leading members) only;
the worker meets mostly his crew. The head's pairs are kept, the worker's dropped — and where
neither, or both, meet mostly leading members, no pair is kept (the many who meet a leader)."""

from __future__ import annotations

import igraph as ig
import numpy as np

from offensief.network.hierarchy import heads_above, meets_leaders

HEAD, LT1, LT2, WORKER = 0, 1, 2, 3
CREW = (4, 5, 6)


def _world(head_meets_crew: bool = False) -> tuple[ig.Graph, np.ndarray, np.ndarray]:
    calls = [(LT1, k) for k in range(7, 12)] + [(LT2, k) for k in range(11, 16)]  # the cells
    meetings = [(HEAD, LT1), (HEAD, LT2), (WORKER, LT1), (WORKER, LT2)] + [(WORKER, c) for c in CREW]
    if head_meets_crew:  # a look-alike: a second crew member, not a head
        meetings += [(HEAD, c) for c in CREW]
    g = ig.Graph(n=16, edges=calls + meetings)
    g.vs["name"] = [f"p{i}" for i in range(16)]
    g.es["weight"] = 1.0
    g.es["types"] = [{"call": 3}] * len(calls) + [{"meeting": 2}] * len(meetings)
    # tier of a community of 16: the 4 best scores — both lieutenants, the worker, the head
    kingpin = np.array([0.6, 0.9, 0.85, 0.7] + [0.2] * 3 + [0.1] * 9)
    share = np.array([0.5, 0.1, 0.1, 0.8] + [1.0] * 3 + [0.0] * 9)
    return g, kingpin, share


def test_the_head_who_meets_leading_members_keeps_his_lieutenants() -> None:
    g, kingpin, share = _world()
    found = heads_above(g, membership=[0] * 16, kingpin=kingpin, meeting_share=share)
    assert {(a.head, a.lieutenant) for a in found} == {(HEAD, LT1), (HEAD, LT2)}


def test_no_head_when_nobody_meets_mostly_leading_members() -> None:
    g, kingpin, share = _world(head_meets_crew=True)
    found = heads_above(g, membership=[0] * 16, kingpin=kingpin, meeting_share=share)
    assert not {(a.head, a.lieutenant) for a in found} & {(h, lt) for h in (HEAD, WORKER) for lt in (LT1, LT2)}


def test_meets_leaders_counts_half_of_those_met() -> None:
    leading = np.array([False, True, True, False, False])
    assert meets_leaders({(0, 1), (0, 2), (0, 3), (3, 4)}, leading) == {0}  # 1 and 2 meet only 0, 3 meets 0 and 4
