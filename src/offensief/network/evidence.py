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

>>> POLICE_REGIMES
('wpg-8', 'wpg-9', 'wpg-10', 'wpg-20')
"""

from __future__ import annotations

import igraph as ig

from offensief.model.dataset import REGIMES

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
