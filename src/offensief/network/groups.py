"""The head of each group of the criminal network: a kingpin is the top of a *group*.

A score over the whole population ranks lieutenants and busy crew workers above the heads
(their reach, PageRank and money grow with the cells they run), and at full size community
detection merges several groups into one community of the population, so neither a global
score nor a community's leading tier says who heads which group. The groups of the **criminal
network** do (:func:`offensief.network.service.criminal_groups`: the persons with criminal
evidence and their operational ties, divided by Leiden; it grows with crime, not with the
population, so modularity's resolution limit does not merge its groups).

Within a group the head is the member whose criminal dealings go *up*: the share of his criminal
tie strength that goes to persons better connected in the criminal network than he is
(:func:`upward_share`) — a head deals with his lieutenants, who run the cells and are better
connected than he is; a lieutenant deals down, with his crew; a worker sideways, with his crew
(Morselli 2009, the efficiency/security trade-off; Duijn, Kashirin & Sloot 2014, leaders over
cells run by others). A peripheral member with one tie to a lieutenant also deals only up, so the
share is weighed by his kingpin standing (:func:`head_standing`), and a head deals with at least
:data:`~offensief.network.hierarchy.MIN_SPAN` better-connected persons (a span of control, as in
the hierarchy's condition 4; a member who deals with one is as much a courier or a customer), and
at most :func:`max_span` of them (in a two-level hierarchy of n members the head runs about √n
cells, as in the hierarchy's condition 1: he meets few people, through his lieutenants; a crew
worker who deals up with more deals with his crew's busier workers, not with a handful of cell
leaders), and
most of his criminal dealings stay within his group (:data:`HEAD_WITHIN`: he leads *one* group; a
fixer between two groups' leading members heads neither): of those who deal up, the one
who also stands as a kingpin candidate — his score, or, for a head found above his lieutenants
(:mod:`offensief.network.hierarchy`), the standing of the best of them, as the rows order it. Over the whole criminal part hundreds of peripheral members
deal up as much as the heads (docs/network.md, issue 13), so the share is compared **within a
group only**, never used as a feature of everyone. The span's floor and the share count *all*
his criminal ties, not only those inside his group: whom he deals with is in the data, where
Leiden draws a boundary is an inference, and for a head with few ties one boundary decides (a
straw man of his who also deals with other groups' fringe is cut off into the fringe's group in
about half the partitions: docs/validity.md, "Kingpin rows and the community partition"). The
span's ceiling counts the members of his group only: it keeps out the crew worker who deals up
with many of his group's busier members, and the accountant or recruiter outside it, better
connected because he serves several groups, is no lieutenant of his. The group decides *which*
group he heads and the rows' grouping.

Only a **group** has a head: at least :data:`MIN_CREW` members with criminal evidence — a head,
:data:`~offensief.network.hierarchy.MIN_SPAN` lieutenants and a crew of as many under each (a
span of control at both levels). A fringe pair or triangle of persons the police know is no
group with a head.

Nothing changes a score: :func:`lift_heads` lists each group's head directly after the
best-ranked member of his group when his own score put him further down; every other row keeps
its order. After, not above: where the head is his group's hub (he deals down, so a member who
deals with him and a lieutenant is taken for the head) the best-ranked member *is* the head, and
the score's first choice keeps the first row; each group then shows its two head candidates
together — the best-ranked and the one who deals up. A group has one head, so its further members
— its lieutenants and crew — are listed after every group's two candidates
(:func:`candidates_first`; one candidate where the head found is the best-ranked member himself):
a group whose crews are busy does not fill the rows while another group's candidates stand below
them. Without criminal evidence or typed ties (an edge-list file: CAVIAR, Noordin Top) there
are no such groups and the order is unchanged.

Where the data hold such groups, a kingpin is the top of one of them, so every group's head
candidates come before the rows of persons in no group (:func:`candidates_first`): a well-paid
neighbour of two criminals, or a head the police do not know, whom nothing in the data puts at the
top of a group. And the candidates of a **cohesive** group come before those of a loose one
(:func:`cohesion`): a group that works together deals within itself repeatedly — crews that phone
each other, lieutenants who meet — while the rest of what the police know (users, petty offenders,
relatives met at an address) can be joined by a chain of occasional contacts that Leiden cuts into
tree-like pieces of about one tie per member (a mean of about two ties each). The bar has no
parameter: a group is cohesive when its members have at least as many operational ties each
*within* it as a person with criminal evidence has with anyone in the criminal network. Where
groups deal much across their boundaries (facilitators, shared suppliers) few groups clear that
bar and the order among them is the score's, as before. Every row is still listed; only whose
candidates come first changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import igraph as ig
import numpy as np

from offensief.network.edges import edge_array
from offensief.network.hierarchy import MIN_SPAN
from offensief.network.service import CONTACT_TYPES, criminal_groups

#: Members with criminal evidence a group needs to have a head: the head, ``MIN_SPAN``
#: lieutenants and a crew of ``MIN_SPAN`` under each (1 + 2 + 4 = 7).
MIN_CREW = 1 + MIN_SPAN + MIN_SPAN * MIN_SPAN

#: A head leads *one* group: more than this share (a majority) of his criminal tie strength stays
#: within it. A fixer or facilitator who deals with the leading members of two groups alike is the
#: head of neither, however well he scores.
HEAD_WITHIN = 0.5


#: Rows of a group listed before any group's further members: its two head candidates, the
#: best-ranked member and the one who deals up (:func:`lift_heads`).
CANDIDATES = 2

#: Other partitions of the criminal network over which a head row says how often he heads a group.
STABILITY_RUNS = 10


def max_span(size: int) -> int:
    """The most better-connected members a head of a group of ``size`` deals with: ⌈√size⌉. In a
    two-level hierarchy a group of n has about √n cells of about √n (the leading tier of
    :mod:`offensief.network.hierarchy`, condition 1), and the head deals with their leaders.

    >>> [max_span(n) for n in (7, 9, 10, 22, 45)]
    [3, 3, 4, 5, 7]
    """
    return int(np.ceil(np.sqrt(size)))


@dataclass(frozen=True)
class GroupHead:
    """``head`` heads group ``group`` of the criminal network (``size`` members with evidence)."""

    head: int
    group: int
    size: int
    upward: float  # share of his criminal tie strength that goes to better-connected persons
    span: int = 0  # how many better-connected persons he deals with: his lieutenants


def _criminal_ties(graph: ig.Graph, evidenced: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Edge ends (both directions) and weights of the operational ties between evidenced persons."""
    if graph.ecount() == 0 or "types" not in graph.es.attributes():
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0)
    ends = edge_array(graph)
    weights = np.asarray(graph.es["weight"] if "weight" in graph.es.attributes() else np.ones(len(ends)),
                         dtype=float)
    operational = np.array([any(k in (t or {}) for k in CONTACT_TYPES) for t in graph.es["types"]], dtype=bool)
    keep = operational & evidenced[ends[:, 0]] & evidenced[ends[:, 1]] & (ends[:, 0] != ends[:, 1])
    ends, weights = ends[keep], weights[keep]
    both = np.concatenate([ends, ends[:, ::-1]])
    return both, np.concatenate([weights, weights])


def upward_share(graph: ig.Graph, *, evidenced: Sequence[bool] | np.ndarray,
                 groups: Sequence[int] | np.ndarray) -> np.ndarray:
    """Per node, the share of its operational tie strength in the criminal network (the
    ``evidenced`` persons and their operational ties) that goes to persons with more such ties
    than it has — inside its group (``groups``) or across its boundary; 0 outside a group (-1).

    >>> g = ig.Graph([(0, 1), (0, 2), (1, 3), (1, 4), (2, 5), (2, 6), (1, 2)])
    >>> g.es["types"] = [{"call": 1}] * 7; g.es["weight"] = [1.0] * 7
    >>> upward_share(g, evidenced=[True] * 7, groups=[0] * 7).round(2).tolist()
    [1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]
    """
    return _upward(graph, evidenced=evidenced, groups=groups)[0]


def _upward(graph: ig.Graph, *, evidenced: Sequence[bool] | np.ndarray,
            groups: Sequence[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(:func:`upward_share`, the number of better-connected persons he deals with — his span —,
    the share of his criminal tie strength that stays within his group, and the number of
    better-connected members *of his group* he deals with); 0 outside a group, except the third."""
    n = graph.vcount()
    flag = np.asarray(evidenced, dtype=bool)
    group = np.asarray(groups, dtype=np.int64)
    ends, w = _criminal_ties(graph, flag)
    if len(ends) == 0:
        return np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    a, b = ends[:, 0], ends[:, 1]
    degree = np.bincount(a, minlength=n)
    inside = (group[a] == group[b]) & (group[a] >= 0)
    # whom he deals with is in the data; where Leiden draws a group's boundary is an inference: the
    # span and the upward share count all his criminal ties, the group only says which one he heads
    up = degree[b] > degree[a]
    every = np.bincount(a, weights=w, minlength=n)
    member = group >= 0
    share = np.divide(np.bincount(a, weights=w * up, minlength=n), every, out=np.zeros(n),
                      where=(every > 0) & member)
    within = np.divide(np.bincount(a, weights=w * inside, minlength=n), every, out=np.zeros(n), where=every > 0)
    return (share, np.bincount(a, weights=up.astype(float), minlength=n) * member, within,
            np.bincount(a, weights=(up & inside).astype(float), minlength=n) * member)


def head_standing(kingpin: np.ndarray, upward: np.ndarray) -> np.ndarray:
    """Within a group: kingpin standing × upward share — of the members who deal up, the one who
    also stands as a kingpin candidate (a peripheral member with one tie up has a low score)."""
    return np.asarray(kingpin, dtype=float) * np.asarray(upward, dtype=float)


def group_heads(graph: ig.Graph, *, evidenced: Sequence[bool] | np.ndarray,
                kingpin: np.ndarray, first_seed: int = 0) -> tuple[list[GroupHead], np.ndarray]:
    """The head of every group of the criminal network with at least :data:`MIN_CREW` members
    (its kingpin candidate, ``kingpin`` > 0, who deals with at least ``MIN_SPAN`` better-connected
    persons of the criminal network — his lieutenants, a span of control, wherever Leiden put them —
    and with at most :func:`max_span` better-connected members of his group, and keeps more than
    :data:`HEAD_WITHIN` of his criminal tie strength within it, with the highest
    :func:`head_standing`; ties by index), and each node's group (-1: none). ``kingpin``: the standing per node (score, or a
    head's raised standing, :func:`offensief.network.hierarchy.standing`); ``first_seed``: the
    first of the criminal-group Leiden run's seeds (:func:`head_stability` shifts it)."""
    flag = np.asarray(evidenced, dtype=bool)
    if not flag.any() or "types" not in graph.es.attributes():
        return [], np.full(graph.vcount(), -1, dtype=np.int64)
    groups = np.asarray(criminal_groups(graph, evidenced=list(flag), first_seed=first_seed), dtype=np.int64)
    upward, above, within, above_inside = _upward(graph, evidenced=flag, groups=groups)
    standing = head_standing(kingpin, upward)
    sizes = np.bincount(groups[groups >= 0], minlength=1)
    out: list[GroupHead] = []
    for g in np.flatnonzero(sizes >= MIN_CREW):
        members = np.flatnonzero((groups == g) & (np.asarray(kingpin) > 0) & (standing > 0)
                                 & (above >= MIN_SPAN) & (above_inside <= max_span(int(sizes[g])))
                                 & (within > HEAD_WITHIN))
        if len(members) == 0:
            continue
        best = int(members[np.lexsort((members, -standing[members]))[0]])
        out.append(GroupHead(best, int(g), int(sizes[g]), float(upward[best]), int(above[best])))
    return out, groups


def head_stability(graph: ig.Graph, *, evidenced: Sequence[bool] | np.ndarray, kingpin: np.ndarray,
                   heads: Sequence[GroupHead], runs: int = STABILITY_RUNS) -> dict[int, int]:
    """Per head in ``heads``, in how many of ``runs`` other partitions of the criminal network
    (the Leiden run's seeds shifted by 1000 each time, best modularity of its seeds kept as
    usual) he heads a group. Where a group's boundary falls is an inference of the optimiser, and
    for a member with few ties one boundary can decide; the row says how firm its head is, as
    ``node_stability`` does for a community (Lancichinetti & Fortunato 2012, consensus over runs)."""
    count = {h.head: 0 for h in heads}
    for k in range(1, runs + 1):
        found, _ = group_heads(graph, evidenced=evidenced, kingpin=kingpin, first_seed=1000 * k)
        for h in found:
            if h.head in count:
                count[h.head] += 1
    return count


def lift_heads(order: np.ndarray, heads: Sequence[GroupHead],
               groups: np.ndarray) -> tuple[np.ndarray, dict[int, int]]:
    """``order`` with each group's head listed directly after the first-listed member of his
    group (``groups``: per node, -1 none) when he stood further down; every other row keeps its
    order. Returns the order and, per lifted head, the member he is now listed after."""
    order = np.asarray(order, dtype=np.int64)
    position = np.empty(int(order.max()) + 1 if len(order) else 0, dtype=float)
    position[order] = np.arange(len(order), dtype=float)
    first: dict[int, int] = {}
    for i in order.tolist():
        g = int(groups[i])
        if g >= 0:
            first.setdefault(g, i)
    key = position[order].copy()
    lifted: dict[int, int] = {}
    index = {int(i): k for k, i in enumerate(order.tolist())}
    for h in heads:
        top = first.get(h.group)
        if h.head not in index or top is None or top == h.head:
            continue
        key[index[h.head]] = position[top] + 0.5
        lifted[h.head] = top
    return order[np.argsort(key, kind="stable")], lifted


def cohesion(graph: ig.Graph, *, evidenced: Sequence[bool] | np.ndarray,
             groups: Sequence[int] | np.ndarray) -> tuple[np.ndarray, float]:
    """Per group (``groups``: per node, -1 none), the operational ties between persons with criminal
    evidence that stay within it, per member (each tie counted at both ends: a mean degree); and
    the criminal network's own mean: such ties per person with criminal evidence. A group is
    *cohesive* when its own is at least the network's mean; a loose group is a tree-like piece
    of the criminal milieu (group 1 below).

    >>> g = ig.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (2, 3)])
    >>> g.es["types"] = [{"call": 1}] * 6; g.es["weight"] = [1.0] * 6
    >>> per_group, overall = cohesion(g, evidenced=[True] * 6, groups=[0, 0, 0, 1, 1, 1])
    >>> per_group.round(2).tolist(), overall
    ([2.0, 1.33], 2.0)
    """
    flag = np.asarray(evidenced, dtype=bool)
    group = np.asarray(groups, dtype=np.int64)
    sizes = np.bincount(group[group >= 0], minlength=1)
    ends, _ = _criminal_ties(graph, flag)
    if len(ends) == 0:
        return np.zeros(len(sizes)), 0.0
    a, b = ends[:, 0], ends[:, 1]
    inside = (group[a] == group[b]) & (group[a] >= 0)
    within = np.bincount(group[a[inside]], minlength=len(sizes))
    return within / np.maximum(sizes, 1), len(a) / max(int(flag.sum()), 1)


def candidates_first(order: np.ndarray, groups: np.ndarray, *, heads: Sequence[GroupHead] = (),
                     tight: Sequence[bool] | np.ndarray | None = None) -> np.ndarray:
    """``order`` in four parts, each keeping its order: the head candidates of the cohesive groups
    of at least :data:`MIN_CREW` members (``groups``: per node, -1 none; ``tight``: per group,
    its cohesion at least the criminal network's mean, :func:`cohesion`; all when not given),
    those of the loose groups, the rows of persons in no such group, and the groups' further
    members. A group has one head: its candidates are its
    first-listed member and its head (``heads``, :func:`group_heads`) — one person where the head is
    the group's hub — or, where no head was found, its first :data:`CANDIDATES` rows; after them its
    members are its lieutenants and crew, not another group's head. Without such groups the order
    is unchanged.

    >>> groups = np.array([0] * 7 + [1] * 7 + [-1])
    >>> candidates_first(np.array([0, 14, 1, 2, 3, 7, 8, 4]), groups).tolist()
    [0, 1, 7, 8, 14, 2, 3, 4]
    >>> candidates_first(np.array([0, 1, 2, 3, 7, 8, 14, 4]), groups,
    ...                  heads=[GroupHead(0, 0, 7, 1.0)]).tolist()
    [0, 7, 8, 14, 1, 2, 3, 4]
    >>> candidates_first(np.array([0, 1, 2, 3, 7, 8, 14, 4]), groups, tight=[False, True]).tolist()
    [7, 8, 0, 1, 14, 2, 3, 4]
    """
    order = np.asarray(order, dtype=np.int64)
    groups = np.asarray(groups, dtype=np.int64)
    sizes = np.bincount(groups[groups >= 0], minlength=1)
    head_of = {h.group: h.head for h in heads}
    strong = np.ones(len(sizes), dtype=bool) if tight is None else np.asarray(tight, dtype=bool)
    seen: dict[int, int] = {}
    part = np.full(len(order), 2)  # 0 cohesive group's candidate, 1 loose group's, 2 no group, 3 member
    for k, i in enumerate(order.tolist()):
        g = int(groups[i])
        if g < 0 or sizes[g] < MIN_CREW:
            continue
        seen[g] = seen.get(g, 0) + 1
        further = (seen[g] > 1 and i != head_of[g]) if g in head_of else seen[g] > CANDIDATES
        part[k] = 3 if further else (0 if strong[g] else 1)
    return order[np.argsort(part, kind="stable")]
