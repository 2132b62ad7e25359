"""Criminal evidence about persons: who the police know, and who they saw together.

A facilitator facilitates *crime*: the groups he serves are criminal groups (DESIGN §4;
Kleemans & Van de Bunt, the Dutch organised crime monitor: facilitators sell their ordinary
service to criminal groups; FATF 2018, *Professional Money Laundering*: the professional's
clients are criminal organisations, and his service is out of line with a normal practice).
An accountant whose clients are ordinary households or two benign firms serves no crime, so
a group he serves counts only when the data hold criminal evidence about it
(:mod:`offensief.network.service`). What counts here, per person:

* **known to police** — a person record in a police dataset (legal regime Wpg, art. 8, 9, 10
  or 20: the daily task, an investigation, thematic organised-crime insight, or police data
  supplied to a partnership). The subscribers named by telecom traffic data are not such a
  registration: a dataset that holds calls or messages (historical traffic data, art. 126n Sv)
  names everyone a target phoned, so its person records say nothing of involvement;
* **registered criminal associate** — an FtM ``Associate`` relation (the police register who is
  seen with whom);
* **observed meeting** — an FtM ``Event`` with those present (a surveillance team records it
  only for persons already of interest).

When the analysed data hold no such evidence at all (an edge-list file, a bank-only case) it
cannot be checked: :func:`criminal_evidence` returns None and every group counts, as before,
and the explanation says so.

A kingpin heads a criminal group, so he stands in the criminal part of the network even when he
keeps his distance: the lieutenants he deals with are known to police. :func:`criminal_ties` is
the share of a person's tie strength that goes to persons with criminal evidence (the kingpin
gate of :mod:`offensief.network.roles`).

>>> POLICE_REGIMES
('wpg-8', 'wpg-9', 'wpg-10', 'wpg-20')
"""

from __future__ import annotations

from collections.abc import Sequence

import igraph as ig
import numpy as np

from offensief.model.dataset import REGIMES
from offensief.network.communities import undirected_view
from offensief.network.edges import edge_array

#: Legal regimes of police data (DESIGN §3; :data:`offensief.model.dataset.REGIMES`). Not
#: ``wwft``: partners deliver whole bank ledgers under it, everyone's payments, not only the
#: transactions the FIU declared suspicious.
POLICE_REGIMES = tuple(r for r in REGIMES if r.startswith("wpg-"))

#: Relation types the police record only about persons of interest.
POLICE_TIES = {"associate": "registered associate", "meeting": "observed meeting"}

#: The reason a person record in a police dataset gives.
KNOWN = "known to police"


def police_datasets(entity_graph: ig.Graph) -> set[str]:
    """Datasets whose person records are police registrations: Wpg regime, no traffic data
    (the graph attributes ``regimes`` and ``traffic`` of :func:`offensief.network.graph.entity_graph`)."""
    attrs = entity_graph.attributes()
    regimes = entity_graph["regimes"] if "regimes" in attrs else {}
    traffic = set(entity_graph["traffic"]) if "traffic" in attrs else set()
    return {name for name, regime in regimes.items()
            if regime in POLICE_REGIMES and name not in traffic}


def criminal_evidence(entity_graph: ig.Graph) -> dict[int, set[str]] | None:
    """Per person (entity index), the kinds of criminal evidence about him (:data:`KNOWN` and the
    values of :data:`POLICE_TIES`); None when the data hold none of these kinds at all."""
    police = police_datasets(entity_graph)
    out: dict[int, set[str]] = {}
    for v in entity_graph.vs:
        record = v["record"]
        if record.schema == "Person" and police & record.datasets:
            out.setdefault(v.index, set()).add(KNOWN)
    for e in entity_graph.es:
        reason = POLICE_TIES.get(e["type"])
        if reason is not None:
            for p in (e.source, e.target):
                out.setdefault(p, set()).add(reason)
    return out if out else None


def criminal_ties_of(graph: ig.Graph, entity_graph: ig.Graph) -> np.ndarray | None:
    """:func:`criminal_ties` of the persons of ``graph`` (matched by ``name`` to the entity graph
    they were projected from); None when the data hold no criminal evidence at all."""
    known = evidenced_of(graph, entity_graph)
    return None if known is None else criminal_ties(graph, known)


def evidenced_of(graph: ig.Graph, entity_graph: ig.Graph) -> np.ndarray | None:
    """Per person of ``graph`` (matched by ``name`` to the entity graph it was projected from),
    whether the data hold criminal evidence about him; None when they hold none at all."""
    known = criminal_evidence(entity_graph)
    if known is None:
        return None
    where = {name: i for i, name in enumerate(entity_graph.vs["name"])}
    return np.array([where.get(name, -1) in known for name in graph.vs["name"]], dtype=bool)


def criminal_ties(graph: ig.Graph, known: Sequence[bool] | np.ndarray) -> np.ndarray:
    """Per node of a person network ``graph`` (ties weighted by ``weight``), the share of its tie
    strength that goes to other persons with criminal evidence (``known``, per node); 0 without ties.

    >>> g = ig.Graph([(0, 1), (0, 2), (0, 3)]); g.es["weight"] = [3.0, 1.0, 0.0]
    >>> criminal_ties(g, [False, True, False, True]).round(2).tolist()
    [0.75, 0.0, 0.0, 0.0]
    """
    n = graph.vcount()
    view = undirected_view(graph)
    if n == 0 or view.ecount() == 0:
        return np.zeros(n)
    ends = edge_array(view)
    weights = np.asarray(view.es["weight"] if "weight" in view.es.attributes() else np.ones(len(ends)),
                         dtype=float)
    keep = ends[:, 0] != ends[:, 1]
    a = np.concatenate([ends[keep, 0], ends[keep, 1]])
    b = np.concatenate([ends[keep, 1], ends[keep, 0]])
    w = np.concatenate([weights[keep], weights[keep]])
    flag = np.asarray(known, dtype=bool)
    strength = np.bincount(a, weights=w, minlength=n)
    to_known = np.bincount(a, weights=w * flag[b], minlength=n)
    return np.divide(to_known, strength, out=np.zeros(n), where=strength > 0)
