"""Thresholded clustering of scored pairs, with one-to-one sources and analyst judgements.

Pairs are merged greedily from the most to the least probable (a constrained single
linkage). A merge is refused when it would put two records of a *unique* source (a source
that holds at most one record per real entity) in one cluster, or when an analyst said
"not same" about any two records that would end up together, or two person records whose
identities conflict (different birth dates or given names, see
:mod:`offensief.resolve.identity`). "Same" judgements are merged first, whatever the model
says, and are transitive.

>>> edges = [("a", "b", 0.99), ("b", "c", 0.95)]
>>> found = cluster(edges, {"a": "kvk", "b": "bank", "c": "kvk"}, unique_datasets={"kvk"})
>>> sorted(m for m in found.members.values() if len(m) > 1)
[['a', 'b']]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from offensief.resolve.identity import Identity, conflict


@dataclass
class Clusters:
    """The outcome of clustering: members and probability per cluster (keyed by a root id)."""

    members: dict[str, list[str]] = field(default_factory=dict)
    probability: dict[str, float] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)

    def label_of(self) -> dict[str, str]:
        """Record id -> cluster key, for every clustered record."""
        return {m: key for key, ms in self.members.items() for m in ms}


_NONE: frozenset[str] = frozenset()


class _Forest:
    """Union-find with per-cluster constraint sets."""

    def __init__(self, datasets: Mapping[str, str], unique: set[str],
                 identities: Mapping[str, Identity], contacts: Mapping[str, frozenset[str]] | None = None):
        self.parent: dict[str, str] = {}
        self.datasets = datasets
        self.unique = unique
        self.identities = identities
        self.contacts = contacts or {}
        self.who: dict[str, frozenset[Identity]] = {}
        self.keys: dict[str, frozenset[str]] = {}
        self.sources: dict[str, frozenset[str]] = {}
        self.blocked: dict[str, frozenset[str]] = {}
        self.prob: dict[str, float] = {}

    def add(self, node: str) -> None:
        if node not in self.parent:
            self.parent[node] = node
            ds = self.datasets.get(node)
            self.sources[node] = frozenset((ds,)) if ds in self.unique else _NONE
            self.blocked[node] = _NONE
            self.prob[node] = 1.0
            found = self.identities.get(node)
            self.who[node] = frozenset((found,)) if found else frozenset()
            self.keys[node] = self.contacts.get(node, _NONE)

    def find(self, node: str) -> str:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def conflict(self, ra: str, rb: str) -> str | None:
        if self.sources[ra] & self.sources[rb]:
            return "one-to-one source"
        small, other = (ra, rb) if len(self.blocked[ra]) <= len(self.blocked[rb]) else (rb, ra)
        if any(self.find(x) == other for x in self.blocked[small]):
            return "not same"
        if self.identities_conflict(ra, rb):
            return "identity conflict"
        return None

    def identities_conflict(self, ra: str, rb: str) -> bool:
        """Whether a record of cluster ``ra`` and one of ``rb`` cannot be one person. A
        cluster knows its person by every name its records give (the register's formal name
        beside the call name a bank or the police wrote down): a given name that fits one of
        the other cluster's names is that person's name, whichever of its records it is
        compared with (:func:`names_fit`)."""
        left, right = self.who[ra], self.who[rb]
        if not (left and right and left != right):
            return False
        fit_left, fit_right = names_fit(right, left), names_fit(left, right)
        return any(conflict(x, y, named=x in fit_right or y in fit_left)
                   for x in left for y in right if x != y)

    def ambiguous(self, weak: str, ra: str, rb: str, near: Iterable[str]) -> bool:
        """``weak`` (in cluster ``ra``) fits two clusters that are different people, each
        holding an identified record (a given name and a birth date), one of them perhaps
        ``rb``: it cannot tell which of them it belongs to, so it carries no merge at all —
        unless its own phone number or e-mail address says which: ``rb`` holds it (another
        source gave it to that person) and no other cluster it fits does (a number the
        household shares says nothing)."""
        fitting = self._fitting(ra, near)
        own = self.contacts.get(weak, _NONE)
        if own and self.keys[rb] & own and not any(self.keys[ro] & own for ro in fitting if ro != rb):
            return False
        if any(ro != rb and self.identities_conflict(ro, rb) for ro in fitting):
            return True
        return any(self.identities_conflict(x, y) for i, x in enumerate(fitting) for y in fitting[i + 1:])

    def _fitting(self, ra: str, near: Iterable[str]) -> list[str]:
        """The clusters of ``near`` other than ``ra`` that hold an identified record and whose
        identities do not conflict with ``ra``'s, each once, in the order of ``near``."""
        out: list[str] = []
        for other in near:
            self.add(other)
            ro = self.find(other)
            if ro != ra and ro not in out and any(_identified(x) for x in self.who[ro]) \
                    and not self.identities_conflict(ro, ra):
                out.append(ro)
        return out

    def union(self, ra: str, rb: str, probability: float) -> None:
        if len(self.sources[ra]) + len(self.blocked[ra]) < len(self.sources[rb]) + len(self.blocked[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.sources[ra] = self.sources[ra] | self.sources.pop(rb)
        self.blocked[ra] = self.blocked[ra] | self.blocked.pop(rb)
        self.who[ra] = self.who[ra] | self.who.pop(rb)
        self.keys[ra] = self.keys[ra] | self.keys.pop(rb)
        self.prob[ra] = min(self.prob[ra], self.prob.pop(rb), probability)


def names_fit(records: Iterable[Identity], person: Iterable[Identity]) -> set[Identity]:
    """The ``records`` that give a name ``person`` (the records of one cluster) already has.

    A written-out given name fits when one of the person's records gives the same name
    (equal, or the same skeleton: a transliteration). Not the same formal name: "Cornelia"
    is what "Nel" may be short for, but when the register calls this "Nel" Petronella, a
    "Cornelia" is someone else. Initials fit when they agree with the initials of one of
    the person's records (each starting the other: "P." and "Petronella") and no record that
    lists the given names as registers do — initials only (Kadaster, RDW, tax office) or
    several given names (BRP) — disagrees: "L.N." does not fit a person the Kadaster knows
    as "L.B.J.", even though a call-name record ("Luuk") shows only the "L.".

    Names are not transitive: "Nel" and "Petronella" are one person only through the
    register's identical birth date, and "P." fits "Petronella" but not "Nel". Once those
    records are one person, "P." and "Nel" are both that person's names, so a record naming
    the person either way is no contradiction; compared record by record, "P." contradicts
    "Nel" and every telecom or UBO record with the other form of the name stays apart.
    """
    person = list(person)
    written = [p for p in person if p.first is not None]
    listed = [p.initials for p in person if p.initials and (p.first is None or len(p.initials) > 1)]

    def agree(a: str, b: str) -> bool:
        return a.startswith(b) or b.startswith(a)

    out: set[Identity] = set()
    for r in records:
        if r.first is not None:
            same = any(r.first == p.first or bool(r.skeleton and r.skeleton == p.skeleton)
                       for p in written)
        else:
            mine = r.initials or ""
            same = bool(mine) and all(agree(mine, i) for i in listed) \
                and any(p.initials and agree(mine, p.initials) for p in person)
        if same:
            out.add(r)
    return out


def _identified(who: Identity | None) -> bool:
    return who is not None and who.first is not None and who.birth is not None


def cluster(
    edges: Iterable[tuple[str, str, float]],
    datasets: Mapping[str, str],
    *,
    threshold: float = 0.9,
    unique_datasets: Iterable[str] = (),
    same: Iterable[tuple[str, str]] = (),
    not_same: Iterable[tuple[str, str]] = (),
    identities: Mapping[str, Identity] | None = None,
    contacts: Mapping[str, frozenset[str]] | None = None,
    singletons: bool = True,
) -> Clusters:
    """Cluster ``datasets``' records (id -> dataset) using scored ``edges``.

    Every record in ``datasets`` gets a cluster, singletons included (unless ``singletons``
    is False: then only records that merged with another, and records a pair or a judgement
    names, at a million records the difference is most of the work). ``identities`` (record
    id -> :class:`Identity`, persons only) makes the model's merges respect identity
    conflicts; a "same" judgement overrides them. With identities, records that carry a
    written-out given name and a birth date are linked first, then the weaker records (an
    initial, no birth date) to them, and weak records to each other last: a phone subscriber
    "J. Post" then joins the Post whose identity fits, instead of pulling in the first
    household member it happens to score highest with. A weak record that fits two clusters
    whose identities conflict (namesakes at one address: father and son "Jan de Vries", or
    two children "A. de Groot") is *ambiguous* and joins neither: nothing in it says which —
    unless ``contacts`` (record id -> its phone and e-mail) does: the weak record's own number,
    which another source gave to one of them and not to the other.
    """
    forest = _Forest(datasets, set(unique_datasets), identities or {}, contacts)
    refused: dict[str, int] = {"one-to-one source": 0, "not same": 0, "conflicting judgement": 0,
                               "identity conflict": 0, "ambiguous": 0}
    for a, b in not_same:
        forest.add(a)
        forest.add(b)
        forest.blocked[a] = forest.blocked[a] | {b}
        forest.blocked[b] = forest.blocked[b] | {a}
    for a, b in same:
        forest.add(a)
        forest.add(b)
        ra, rb = forest.find(a), forest.find(b)
        if ra != rb:
            if forest.conflict(ra, rb) == "not same":
                refused["conflicting judgement"] += 1
                continue
            forest.union(ra, rb, 1.0)
    known = identities or {}

    def tier(a: str, b: str) -> int:
        """0: both records identified (given name and birth date), 1: one, 2: neither."""
        return (not _identified(known.get(a))) + (not _identified(known.get(b))) if known else 0

    ordered = sorted(
        ((tier(a, b), -float(p), a, b) for a, b, p in edges
         if p is not None and float(p) >= threshold),
    )
    near: dict[str, list[str]] = {}
    if known:
        for t, _, a, b in ordered:
            if t:
                near.setdefault(a, []).append(b)
                near.setdefault(b, []).append(a)
    for t, minus_p, a, b in ordered:
        p = -minus_p
        forest.add(a)
        forest.add(b)
        ra, rb = forest.find(a), forest.find(b)
        if ra == rb:
            continue
        reason = forest.conflict(ra, rb)
        if not reason and t and any(
                not _identified(known.get(w)) and forest.ambiguous(w, rw, rt, near.get(w, ()))
                for w, rw, rt in ((a, ra, rb), (b, rb, ra))):
            reason = "ambiguous"
        if reason:
            refused[reason] += 1
            continue
        forest.union(ra, rb, p)
    out = Clusters(refused=refused)
    for node in forest.parent:
        out.members.setdefault(forest.find(node), []).append(node)
    if singletons:
        for node in datasets:
            if node not in forest.parent:
                out.members[node] = [node]
    for root, members in out.members.items():
        members.sort()
        out.probability[root] = forest.prob[root] if len(members) > 1 else 1.0
    return out
