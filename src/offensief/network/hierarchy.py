"""Who stands above whom among a group's leading members: the head over his lieutenants.

In a hierarchical criminal group the lieutenants run the cells and are the best connected; the
head keeps his distance, meets the lieutenants in person and stays off the phone (Morselli 2009,
*Inside Criminal Networks*: the efficiency/security trade-off, the CAVIAR network; Duijn,
Kashirin & Sloot 2014, the Dutch cannabis networks: a few leaders over cells run by others;
Calderoni 2014 on the 'Ndrangheta: the bosses are known from the meetings they attend). A score
over the whole population puts the lieutenant above his head, because everything it measures
about reach and exposure grows with the cell the lieutenant runs. The evidence that separates
the two applies only *between* them, so this module compares adjacent pairs of a group's leading
candidates only — no worker and no leaf is ever compared, moved or penalised. ``head`` stands
above ``lieutenant`` when

1. both are among the leading kingpin candidates of their own communities: the ⌈√size⌉ with
   the highest kingpin score (communities of at least
   :data:`~offensief.network.features.MIN_GROUP`; in a two-level hierarchy a group of n has
   about √n cells of about √n, so its head and cell leaders are about √n persons). The two
   need not share a community: Leiden often cuts a group into its cells, the head in one;
2. they meet in person (an observed meeting between the two) and the head meets rather than
   phones more than the lieutenant does (a higher ``meeting_share``): the head keeps off the
   phone, the lieutenant phones his workers;
3. the lieutenant runs a cell the head stays out of: more of the lieutenant's contacts are
   unknown to the head than the head's contacts are unknown to the lieutenant
   (|N(l) \\ N[h]| > |N(h) \\ N[l]|);
4. the head stands above two or more lieutenants by 1–3: a head deals with several cell
   leaders; a single such pair is as much an assistant's, a partner's or a courier's pattern;
5. one chain of command: every other candidate who stands above the lieutenant by 1–4 stands
   above or below this head too. A lieutenant answers to one head (or to a head through his
   superior). When several unrelated members each "stand above" the same person, the head among
   them is the one who meets leading members: at least half of those he meets in person are
   leading candidates (condition 1's tier), as in condition 3' — a worker who attends his crew's
   meetings, and so meets his lieutenant with a higher meeting share than the head's, meets
   mostly the crew. Only that member's pair is kept. When no one, or more than one unrelated
   member, meets mostly leading members, they are the many who meet a leader — the Noordin Top
   network, where the followers meet the leader more than he meets any of them — and none of
   those pairs is kept (the heads stay heads of their other lieutenants).

A head may also sit *behind* his inner circle, outside the group's leading tier altogether: he
deals with a few lieutenants, by phone as much as in person, and they deal with everyone else, so
his own degree, betweenness and meeting share are no higher than a worker's and conditions 1–2
never see him. Such an *inner-circle head* stands above ``lieutenant`` when

1'. the lieutenant is one of the group's leading members — the ⌈√size⌉ of his community with
    the greatest tie strength (the ones who talk to everyone) — and the head is not;
2'. they meet in person, and the head is in the lieutenant's own inner circle: among the
    ⌈√degree⌉ strongest ties of the lieutenant (the lieutenant does not rank him below the
    many he deals with);
3'. those lieutenants are most of whom the head meets: at least half of the persons he meets
    in person (a worker meets his crew, most of whom are not leading members);

and conditions 4 and 5 as above, over both kinds of pair together. The tier and the inner
circle are by tie strength, not by score, so a head whose group was merged with another by
community detection is found beside the other group's head: nothing here allows one head per
community.

Structure alone (condition 3) does not tell a distant head from a hanger-on who knows two
lieutenants: in any network a peripheral member's contacts are better connected than he is.
Without observed meetings — a wiretap network, a published edge list — no pair is found and the
order is the score's. Nothing here changes a score: :func:`hierarchy_order` lists a head directly
above the best-ranked of his lieutenants when the score put him below them, and the lieutenants
after every candidate with no head above him; every other row keeps its place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import igraph as ig
import numpy as np

from offensief.network.communities import undirected_view
from offensief.network.edges import edge_array
from offensief.network.features import MEETING_TYPES, MIN_GROUP

#: A head stands above at least this many lieutenants (condition 4): a span of control.
MIN_SPAN = 2


@dataclass(frozen=True)
class Above:
    """``head`` stands above ``lieutenant``: the evidence of conditions 2 and 3."""

    head: int
    lieutenant: int
    head_private: int  # the head's contacts the lieutenant does not know
    lieutenant_private: int  # the lieutenant's contacts the head does not know
    head_meeting_share: float
    lieutenant_meeting_share: float
    #: ``"meetings"`` (conditions 1–3) or ``"inner_circle"`` (conditions 1'–3')
    basis: str = "meetings"


def upper_tier(values: np.ndarray, member: np.ndarray) -> np.ndarray:
    """Per node: whether it is one of its community's ⌈√size⌉ highest ``values`` (communities of
    at least ``MIN_GROUP``; ties by index; a value of 0 is never in it)."""
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=bool)
    sizes = np.bincount(member)
    order = np.lexsort((np.arange(n), -values, member))
    start = np.searchsorted(member[order], np.arange(len(sizes)))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - start[member[order]]
    leading = rank < np.ceil(np.sqrt(sizes)).astype(np.int64)[member]
    return leading & (sizes[member] >= MIN_GROUP) & (values > 0)


def meeting_pairs(graph: ig.Graph) -> set[tuple[int, int]]:
    """Pairs (low index, high index) with an observed meeting (edge attribute ``types``)."""
    if "types" not in graph.es.attributes() or graph.ecount() == 0:
        return set()
    met = np.array([any((t or {}).get(k, 0) > 0 for k in MEETING_TYPES) for t in graph.es["types"]])
    ends = np.sort(edge_array(graph)[met], axis=1)
    return {(int(a), int(b)) for a, b in ends}


def heads_above(graph: ig.Graph, *, membership: Sequence[int], kingpin: np.ndarray,
                meeting_share: np.ndarray) -> list[Above]:
    """Every (head, lieutenant) pair that meets conditions 1–5 or 1'–3' and 4–5, from the kingpin
    scores and the meeting shares per node."""
    met = meeting_pairs(graph)
    if not met:
        return []
    member = np.asarray(membership, dtype=np.int64)
    leading = upper_tier(np.asarray(kingpin, dtype=float), member)
    candidates = sorted((a, b) for a, b in met
                        if leading[a] and leading[b] and meeting_share[a] != meeting_share[b])
    view = undirected_view(graph)
    contacts = {v: set(view.neighbors(v)) for pair in candidates for v in pair}
    pairs: dict[int, list[Above]] = {}
    for a, b in candidates:
        head, lt = (a, b) if meeting_share[a] > meeting_share[b] else (b, a)
        head_private = len(contacts[head] - contacts[lt] - {lt})
        lt_private = len(contacts[lt] - contacts[head] - {head})
        if lt_private > head_private:
            pairs.setdefault(head, []).append(Above(head, lt, head_private, lt_private,
                                                    float(meeting_share[head]), float(meeting_share[lt])))
    found_pairs = {(a.head, a.lieutenant) for found in pairs.values() for a in found}
    for pair in inner_circle_heads(view, membership=member, met=met, meeting_share=meeting_share,
                                   candidate=leading):
        if (pair.head, pair.lieutenant) not in found_pairs and (pair.lieutenant, pair.head) not in found_pairs:
            pairs.setdefault(pair.head, []).append(pair)
    spans = {h: found for h, found in pairs.items() if len(found) >= MIN_SPAN}  # condition 4 before 5
    return [x for found in _one_chain(spans, meets_leaders(met, leading)).values() for x in found]


def meets_leaders(met: set[tuple[int, int]], leading: np.ndarray) -> set[int]:
    """Persons of whom at least half of those they meet in person (``met``, from
    :func:`meeting_pairs`) are ``leading``: a head meets his lieutenants, a worker his crew."""
    partners: dict[int, list[int]] = {}
    for a, b in met:
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
    return {v for v, met_by in partners.items() if 2 * sum(bool(leading[u]) for u in met_by) >= len(met_by)}


def inner_circles(view: ig.Graph) -> set[tuple[int, int]]:
    """Pairs (node, contact) of an undirected weighted view where the contact is among the node's
    ⌈√degree⌉ strongest ties (ties by index), in O(m log m)."""
    if view.ecount() == 0:
        return set()
    ends = edge_array(view)
    weights = np.asarray(view.es["weight"], dtype=float)
    node = np.concatenate([ends[:, 0], ends[:, 1]])
    other = np.concatenate([ends[:, 1], ends[:, 0]])
    w = np.concatenate([weights, weights])
    order = np.lexsort((other, -w, node))
    node, other = node[order], other[order]
    first = np.searchsorted(node, np.arange(view.vcount()))
    degree = np.bincount(node, minlength=view.vcount())
    rank = np.arange(len(node)) - first[node]
    keep = rank < np.ceil(np.sqrt(degree[node]))
    return set(zip(node[keep].tolist(), other[keep].tolist(), strict=True))


def inner_circle_heads(view: ig.Graph, *, membership: np.ndarray, met: set[tuple[int, int]],
                       meeting_share: np.ndarray, candidate: np.ndarray) -> list[Above]:
    """Pairs (head, lieutenant) of conditions 1'–3' on an undirected weighted ``view`` with the
    ``met`` pairs of :func:`meeting_pairs` (span and chain are checked by :func:`heads_above`)."""
    if not met or view.ecount() == 0:
        return []
    strength = np.asarray(view.strength(weights="weight"), dtype=float)
    leading = upper_tier(strength, np.asarray(membership, dtype=np.int64))
    partners: dict[int, set[int]] = {}
    for a, b in met:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    circles: set[tuple[int, int]] | None = None
    out: list[Above] = []
    for head in sorted(partners):
        if leading[head] or candidate[head] or sum(leading[u] for u in partners[head]) < MIN_SPAN:
            continue
        circles = circles if circles is not None else inner_circles(view)
        lts = sorted(u for u in partners[head] if leading[u] and (u, head) in circles)
        if len(lts) < MIN_SPAN or 2 * len(lts) < len(partners[head]):
            continue
        own = set(view.neighbors(head))
        for lt in lts:
            theirs = set(view.neighbors(lt))
            out.append(Above(head, lt, len(own - theirs - {lt}), len(theirs - own - {head}),
                             float(meeting_share[head]), float(meeting_share[lt]), basis="inner_circle"))
    return out


def _one_chain(pairs: Mapping[int, list[Above]], leaders: AbstractSet[int] = frozenset()) -> dict[int, list[Above]]:
    """Condition 5: a lieutenant whose heads are not all in one chain keeps only the head among
    them who meets mostly leading members (``leaders``, :func:`meets_leaders`) when those heads
    are in one chain; otherwise he keeps none."""
    related = {(a.head, a.lieutenant) for found in pairs.values() for a in found}

    def unrelated(over: Sequence[int]) -> bool:
        return any((x, y) not in related and (y, x) not in related for i, x in enumerate(over) for y in over[i + 1:])

    heads: dict[int, list[int]] = {}
    for found in pairs.values():
        for a in found:
            heads.setdefault(a.lieutenant, []).append(a.head)
    drop: set[tuple[int, int]] = set()
    for lt, over in heads.items():
        if not unrelated(over):
            continue
        kept = [h for h in over if h in leaders]
        drop |= {(h, lt) for h in over if not kept or unrelated(kept) or h not in kept}
    return {h: [a for a in found if (h, a.lieutenant) not in drop] for h, found in pairs.items()}


def standing(score: np.ndarray, above: Sequence[Above]) -> tuple[np.ndarray, np.ndarray]:
    """(standing, level) per node: the kingpin score, except that a head carries the standing of
    the best of his lieutenants when his own score is lower (a head of heads likewise; ``level``
    counts the steps, so a head is listed above the lieutenant whose standing he carries)."""
    key = np.asarray(score, dtype=float).copy()
    level = np.zeros(len(key), dtype=np.int64)
    for _ in range(len(above) + 1):  # settles in as many rounds as the hierarchy has levels
        changed = False
        for a in above:
            h, lt = a.head, a.lieutenant
            if key[lt] > key[h] or (key[lt] == key[h] and level[h] <= level[lt]):
                key[h], level[h] = key[lt], level[lt] + 1
                changed = True
        if not changed:
            break
    return key, level


def hierarchy_order(score: np.ndarray, above: Sequence[Above], *, defer: bool = True) -> np.ndarray:
    """Node indices by score, best first, except that

    * a head is listed directly above the best-ranked of his lieutenants when his own score put
      him below them (a head of heads likewise): the standing the lieutenant's score measures —
      reach, the cell's money — is the group's, which the head runs;
    * with ``defer``, a lieutenant (someone with a head above him) is a weaker kingpin candidate:
      listed after every candidate with no head above him — a group has one head — as a
      facilitator with one client group is listed after those who meet the definition.

    Every other row keeps its place relative to the others."""
    n = len(score)
    key, level = standing(score, above)
    under = np.zeros(n, dtype=bool)
    if defer:
        under[[a.lieutenant for a in above]] = True
    return np.lexsort((np.arange(n), -np.asarray(score, dtype=float), -level, -key, under))


def by_node(above: Sequence[Above]) -> tuple[Mapping[int, list[Above]], Mapping[int, list[Above]]]:
    """(lieutenants under each head, heads over each lieutenant)."""
    under: dict[int, list[Above]] = {}
    over: dict[int, list[Above]] = {}
    for a in above:
        under.setdefault(a.head, []).append(a)
        over.setdefault(a.lieutenant, []).append(a)
    return under, over
