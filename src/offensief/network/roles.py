"""Roles: ranked candidates for kingpin, lieutenant, broker, facilitators, money mule, straw man.

No black box. Every role is a short list of features with weights (:data:`RULES`); each
feature becomes a *level* in [0, 1]: the mean of its percentile over all nodes and its share
of the maximum (so both rank and magnitude count; 0 for a value of 0). A negative weight
means "less is more" (it subtracts), and the score is the weighted sum over the positive
weights' total, clipped to [0, 1].
Features that are absent for the whole network (no money data in a wiretap network) are
left out and the weights renormalised; the explanation says so. Facilitator roles need a
professional footprint of their type (profession, company role or sector code) and client
groups (:func:`facilitator_standing`); money mules
need incoming and outgoing payments; straw men need companies in their name; where the data hold
criminal evidence, kingpins need a substantial share of their tie strength to persons with such
evidence (:data:`CRIMINAL_TIES`).

Output (``offensief network roles --json FILE``)::

    [{"id", "source_ids", "name", "role", "rank", "score", "community",
      "explanation": {"text", "features": [{"name", "value", "percentile", "share_of_max",
                                            "level", "weight", "contribution"}],
                      "left_out": [...]}}]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import igraph as ig
import numpy as np

from offensief.model.marks import mark, render
from offensief.network.communities import Communities, canonical_graph, leiden
from offensief.network.edges import edge_array
from offensief.network.evidence import criminal_ties_of, evidenced_of
from offensief.network.features import STATED, store_features, structural_features
from offensief.network.graph import PhoneCoverage
from offensief.network.groups import (
    MIN_CREW,
    STABILITY_RUNS,
    GroupHead,
    candidates_first,
    cohesion,
    group_heads,
    head_stability,
    lift_heads,
)
from offensief.network.hierarchy import Above, by_node, heads_above, hierarchy_order
from offensief.network.hierarchy import standing as hierarchy_standing
from offensief.network.inferred_trade import INFERRED_MARK
from offensief.network.learning import LearnedRoles, learn_roles

#: Role → (feature, weight) pairs. Negative weight: a low value counts.
RULES: dict[str, tuple[tuple[str, float], ...]] = {
    # kingpin: the top of a group, who may keep his distance (Morselli 2009; Duijn, Kashirin &
    # Sloot 2014): reaches the group in two steps, deals with its best-connected members,
    # meets rather than phones, money ends with him and the firms with his family; not the one
    # doing the work
    "kingpin": (("span", 0.10), ("reach2", 0.10), ("pagerank", 0.15),
                ("betweenness", 0.10), ("neighbour_degree", 0.10), ("hubs_around", 0.10),
                ("meeting_share", 0.20), ("meetings", 0.05), ("net_inflow", 0.15), ("assets_controlled", 0.05),
                ("family_holdings", 0.05),
                ("leaf_share", -0.05), ("professional", -0.10), ("pass_through", -0.10),
                ("assets_direct", -0.05), ("cash", -0.05), ("companies", -0.05)),
    "lieutenant": (("degree", 0.30), ("betweenness", 0.25), ("tie_to_kingpin", 0.25), ("reach2", 0.20)),
    "broker": (("betweenness", 0.40), ("constraint", -0.30), ("communities_touched", 0.30)),
    # facilitators: a trade (their own, their firm's or their employer's) and groups served —
    # client groups in that trade (operational contact and a second sign: network/service.py)
    # first; the structural proxies after: contacts spread over communities, paid by several,
    # on the paths between them; the size of the practice last
    "financial_facilitator": (("financial", 0.35), ("financial_clients", 0.20), ("participation", 0.15),
                              ("groups_paying", 0.10), ("cross_pairs", 0.10), ("betweenness", 0.05),
                              ("companies", 0.05)),
    "digital_facilitator": (("digital", 0.35), ("digital_clients", 0.20), ("participation", 0.15),
                            ("groups_paying", 0.10), ("cross_pairs", 0.10), ("betweenness", 0.05),
                            ("degree", 0.05)),
    "logistics_facilitator": (("logistics", 0.35), ("logistics_clients", 0.20), ("participation", 0.15),
                              ("groups_paying", 0.10), ("cross_pairs", 0.10), ("betweenness", 0.05),
                              ("degree", 0.05)),
    "money_mule": (("pass_through", 0.35), ("cash", 0.25), ("payers", 0.20), ("payees", 0.20)),
    "straw_man": (("companies", 0.35), ("assets_direct", 0.20), ("pagerank", -0.25), ("degree", -0.20)),
}

#: Gate per role: the feature that must be > 0 for a node to be a candidate at all.
#: A facilitator role's gate also opens for a structural candidate of its type
#: (``<trade>_structural``, :mod:`offensief.network.inferred_trade`).
GATES = {"lieutenant": "tie_to_kingpin", "financial_facilitator": "financial", "digital_facilitator": "digital",
         "logistics_facilitator": "logistics", "money_mule": "pass_through", "straw_man": "companies"}

#: A kingpin heads a criminal group, so where the data hold criminal evidence (known to police,
#: registered associates, observed meetings: :mod:`offensief.network.evidence`) a candidate must
#: stand in the criminal part of the network: at least this share of his tie strength goes to
#: persons with criminal evidence (``criminal_ties``) — the group is a substantial part of his
#: dealings, not an occasional contact. Even a head who keeps his distance deals with lieutenants
#: the police know. His own record does not suffice: police data also name straw men and others
#: whose dealings are with ordinary people. Without criminal evidence in the data (an edge-list
#: file, a bank-only case) the feature is absent and no one is held back.
CRIMINAL_TIES = 1 / 3

#: Gate per role on a share: the feature, when present, must be at least the share.
SHARE_GATES = {"kingpin": ("criminal_ties", CRIMINAL_TIES)}

#: Rows of structural facilitator candidates whose structure shows no type.
UNTYPED = "facilitator"

#: Standing of a structural candidate: after every candidate with a trade (2 meets, 1 weaker).
STRUCTURAL = 0.5

ROLES = tuple(RULES)

#: A facilitator candidate *meets the definition* (row field ``flagged``) when it has a trade of
#: the type — its own, its firm's or its employer's (:mod:`offensief.network.footprint`) — and
#: serves two or more client groups (:mod:`offensief.network.service`). With a *stated* trade
#: (own profession or role, or the proprietor's firm) and one client group it is a *weaker
#: candidate*: listed after every candidate that meets the definition, ``flagged`` false — a
#: facilitator serves several groups, but the data may show only one. A trade known only from
#: an employer or a company directed, with one client group, is not listed: the firm's trade is
#: not necessarily the person's job, and the one group may be his own.
FACILITATOR_MIN_GROUPS = 2


def standings(role: str, features: Mapping[str, np.ndarray]) -> np.ndarray:
    """Per node: 2 meets the facilitator definition, 1 weaker candidate, 0 neither."""
    kind = role.removesuffix("_facilitator")
    n = len(next(iter(features.values()))) if features else 0
    zeros = np.zeros(n)
    trade = np.asarray(features.get(kind, zeros), dtype=float) > 0
    clients = np.asarray(features.get(f"{kind}_clients", zeros), dtype=float)
    meets = trade & (clients >= FACILITATOR_MIN_GROUPS)
    stated = np.asarray(features.get(kind, zeros), dtype=float) >= STATED
    weaker = stated & ~meets & (clients >= 1)
    return np.where(meets, 2, np.where(weaker, 1, 0))


def serves_several(features: Mapping[str, np.ndarray]) -> np.ndarray:
    """Per node: a facilitator by the evidence — a trade of a type with clients in two or more
    criminal groups (:func:`standings` 2), or a structural candidate paid by several groups. He
    serves several groups; a kingpin heads one (as :data:`offensief.network.groups.HEAD_WITHIN`
    keeps a fixer between two groups from heading either), so his kingpin row goes after the others.

    >>> serves_several({"financial": np.array([1.0, 1.0, 0.0]), "financial_clients": np.array([2.0, 1.0, 3.0]),
    ...                 "facilitator_structural": np.array([0.0, 0.0, 1.0])}).tolist()
    [True, False, True]
    """
    n = len(next(iter(features.values()))) if features else 0
    out = np.asarray(features.get("facilitator_structural", np.zeros(n)), dtype=float) > 0
    for role in RULES:
        if role.endswith("_facilitator"):
            out = out | (standings(role, features) == 2)
    return out


def facilitator_standing(role: str, features: Mapping[str, np.ndarray], i: int) -> str | None:
    """``"meets"`` the facilitator definition, ``"weaker"`` candidate, or None (neither, or not a
    facilitator role)."""
    if not role.endswith("_facilitator"):
        return None
    kind = role.removesuffix("_facilitator")
    one = {k: np.asarray(features[k])[i:i + 1] for k in (kind, f"{kind}_clients") if k in features}
    if kind not in one:
        return None
    return {2: "meets", 1: "weaker"}.get(int(standings(role, one)[0]))


def meets_definition(role: str, features: Mapping[str, np.ndarray], i: int) -> bool | None:
    """Whether node ``i`` meets the role's definition (None: the role has no crisp definition)."""
    if not role.endswith("_facilitator"):
        return None
    return facilitator_standing(role, features, i) == "meets"


def inferred_only(evidence: Sequence[str]) -> bool:
    """Whether a trade rests on inferred evidence only (a firm's name, its invoices): such a
    candidate is listed but not ``flagged`` — a name is a lead, the definition needs a stated trade."""
    return bool(evidence) and all(e.endswith(INFERRED_MARK) for e in evidence)


def structural(role: str, features: Mapping[str, np.ndarray]) -> np.ndarray:
    """Per node: whether it is a structural candidate of the role's type and has no trade at all."""
    n = len(next(iter(features.values()))) if features else 0
    kind = role.removesuffix("_facilitator")
    return np.asarray(features.get(f"{kind}_structural", np.zeros(n)), dtype=float) > 0


def _shown(role: str, features: Mapping[str, np.ndarray], i: int, predicted: np.ndarray | None) -> bool:
    """Whether a candidate is listed: a facilitator role lists those who meet its definition and
    then the weaker candidates (:func:`facilitator_standing`); a learned role only those the case
    model puts in it (calibrated score at or above its learned threshold). Cut by evidence, not by
    a count."""
    if predicted is not None:
        return bool(predicted[i])
    if role.endswith("_facilitator"):
        return facilitator_standing(role, features, i) is not None or bool(structural(role, features)[i])
    return True


def percentile(values: np.ndarray) -> np.ndarray:
    """Share of nodes with a value ≤ this one; 0 for values ≤ 0."""
    n = len(values)
    if n == 0:
        return values
    order = np.sort(values)
    ranks = np.searchsorted(order, values, side="right") / n
    return np.where(values > 0, ranks, 0.0)


def level(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(level, percentile, share of max) of non-negative feature values."""
    pct = percentile(values)
    top = float(values.max()) if len(values) else 0.0
    share = np.clip(values / top, 0.0, 1.0) if top > 0 else np.zeros(len(values))
    return (pct + share) / 2.0, pct, share


def _describe(role: str, parts: list[dict[str, Any]]) -> str:
    top = sorted(parts, key=lambda p: -abs(p["contribution"]))[:3]
    bits = [f"{p['name']}={p['value']:.4g} (p{round(100 * p['percentile'])}, "
            f"{round(100 * p['share_of_max'])}% of max)" for p in top]
    return f"{role.replace('_', ' ')}: " + ", ".join(bits)


class Breakdown:
    """Per-node feature breakdown of one role, built only for the nodes that are shown."""

    def __init__(self, features: Mapping[str, np.ndarray], levels: Mapping[str, tuple[np.ndarray, ...]],
                 used: list[tuple[str, float]], contrib: Mapping[str, np.ndarray]) -> None:
        self.features, self.levels, self.used, self.contrib = features, levels, used, contrib

    def __getitem__(self, i: int) -> list[dict[str, Any]]:
        return [{"name": f, "value": float(self.features[f][i]), "percentile": float(self.levels[f][1][i]),
                 "share_of_max": float(self.levels[f][2][i]), "level": float(self.levels[f][0][i]),
                 "weight": w, "contribution": float(self.contrib[f][i])} for f, w in self.used]


def score_roles(
    features: Mapping[str, np.ndarray],
    *,
    roles: Sequence[str] = ROLES,
    levels: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None,
) -> dict[str, tuple[np.ndarray, Breakdown, list[str]]]:
    """Per role: scores, per-node feature breakdown and the features left out.

    ``levels`` is filled with the features' levels and reused by a later call on the same features.
    """
    needed = {f for role in roles for f, _ in RULES[role]}
    levels = {} if levels is None else levels
    for name, values in features.items():
        if name in needed and name not in levels:
            levels[name] = level(np.asarray(values, dtype=float))
    n = len(next(iter(features.values()))) if features else 0
    out: dict[str, tuple[np.ndarray, Breakdown, list[str]]] = {}
    for role in roles:
        used = [(f, w) for f, w in RULES[role] if f in features and np.any(np.asarray(features[f]) > 0)]
        left_out = [f for f, _ in RULES[role] if (f, _) not in used]
        total = sum(abs(w) for _, w in used) or 1.0
        score = np.zeros(n)
        contrib: dict[str, np.ndarray] = {}
        for f, w in used:
            part = (levels[f][0] if w > 0 else -levels[f][0]) * abs(w) / total
            contrib[f] = part
            score += part
        positive_total = sum(w for _, w in used if w > 0) / total or 1.0
        score = np.clip(score / positive_total, 0.0, 1.0)
        gate = GATES.get(role)
        if gate is not None:
            open_ = np.asarray(features.get(gate, np.zeros(n))) > 0
            if role.endswith("_facilitator"):
                open_ |= structural(role, features)
            score = np.where(open_, score, 0.0)
        if role in SHARE_GATES and SHARE_GATES[role][0] in features:
            name, least = SHARE_GATES[role]
            score = np.where(np.asarray(features[name], dtype=float) >= least, score, 0.0)
        out[role] = (score, Breakdown(features, levels, used, contrib), left_out)
    return out


def role_features(
    graph: ig.Graph, *, entity_graph: ig.Graph | None, membership: Sequence[int], threads: int = 1,
    betweenness_values: Sequence[float] | None = None, pagerank_values: Sequence[float] | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    """Every explained feature per node (structure; money, assets and trade with a store;
    ``criminal_ties`` when the store holds criminal evidence) and their levels, including the tie
    to each community's top kingpin candidate."""
    features = dict(structural_features(graph, membership=membership, threads=threads,
                                        betweenness_values=betweenness_values,
                                        pagerank_values=pagerank_values))
    if entity_graph is not None:
        features |= store_features(graph, entity_graph, membership=membership)
        money_in, money_out = features["money_in"], features["money_out"]
        hi = np.maximum(money_in, money_out)
        features["net_inflow"] = np.maximum(money_in - money_out, 0.0)
        # a stated trade only: an inferred one (a firm's name) is a lead for facilitators, not a kingpin sign
        features["professional"] = np.maximum.reduce([features[f"{k}_stated"] for k in ("financial", "digital", "logistics")])
        features["pass_through"] = np.where(hi > 0, np.minimum(money_in, money_out) / np.where(hi > 0, hi, 1), 0.0)
        ties = criminal_ties_of(graph, entity_graph)
        if ties is not None:  # absent when the data hold no criminal evidence: nothing to check
            features["criminal_ties"] = ties
    levels: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    kingpin_scores = score_roles(features, roles=("kingpin",), levels=levels)["kingpin"][0]
    features["tie_to_kingpin"] = _tie_to_kingpins(graph, kingpin_scores, membership)
    return features, levels


def _learn(graph: ig.Graph, features: Mapping[str, np.ndarray], labels: Mapping[str, str]) -> LearnedRoles:
    """Fit the per-case models on the labels of the nodes in ``graph`` (by name or source id)."""
    index: dict[str, int] = {}
    sources = graph.vs["source_ids"] if "source_ids" in graph.vs.attributes() else [[]] * graph.vcount()
    names = graph.vs["name"] if "name" in graph.vs.attributes() else [str(i) for i in range(graph.vcount())]
    for i, (name, ids) in enumerate(zip(names, sources, strict=True)):
        for key in (name, *(ids or [])):
            index.setdefault(str(key), i)
    known = {index[k]: v for k, v in labels.items() if k in index}
    return learn_roles(features, known)


def analyse_roles(
    graph: ig.Graph,
    *,
    entity_graph: ig.Graph | None = None,
    communities: Communities | None = None,
    top: int = 20,
    min_score: float = 0.0,
    seeds: int = 5,
    threads: int = 1,
    roles: Sequence[str] = ROLES,
    betweenness_values: Sequence[float] | None = None,
    pagerank_values: Sequence[float] | None = None,
    labels: Mapping[str, str] | None = None,
    named: bool = True,
) -> dict[str, Any]:
    """Rank candidates for every role; returns ``{"roles": [...], "communities": {...}}``.

    ``communities``, ``betweenness_values`` and ``pagerank_values`` may be passed in when
    already computed. ``labels`` (node name or source id → role, see
    :mod:`offensief.network.learning`) fit a per-case model for every role with enough labels:
    its rows are ranked by calibrated probability and explained by feature contributions;
    ``"learning"`` in the result reports the cross-validated quality. Explanations name other
    entities by the graphs' captions; with ``named=False`` they keep entity marks
    (:mod:`offensief.model.marks`) for a cached case result, named per viewer when shown.
    """
    position, graph = canonical_graph(graph)  # the same data in any order: the same ranking
    if communities is not None:
        communities = replace(communities, membership=_reorder(communities.membership, position),
                              node_stability=_reorder(communities.node_stability, position))
    betweenness_values = _reorder(betweenness_values, position)
    pagerank_values = _reorder(pagerank_values, position)
    parts = communities or leiden(graph, seeds=seeds, threads=threads)
    features, levels = role_features(graph, entity_graph=entity_graph, membership=parts.membership,
                                     threads=threads, betweenness_values=betweenness_values,
                                     pagerank_values=pagerank_values)
    scored = score_roles(features, roles=roles, levels=levels)
    learned = _learn(graph, features, labels) if labels else None
    names = graph.vs["name"] if "name" in graph.vs.attributes() else [str(i) for i in range(graph.vcount())]
    captions = graph.vs["caption"] if "caption" in graph.vs.attributes() else names
    sources = graph.vs["source_ids"] if "source_ids" in graph.vs.attributes() else None
    evidence = graph.vs["footprint"] if "footprint" in graph.vs.attributes() else [{}] * graph.vcount()
    service = graph.vs["service"] if "service" in graph.vs.attributes() else [{}] * graph.vcount()
    caveat = phone_caveat(entity_graph)
    rows: list[dict[str, Any]] = []
    several = serves_several(features)  # a facilitator of several groups heads none of them
    for role in roles:
        score, breakdown, left_out = scored[role]
        model = learned.models.get(role) if learned is not None else None
        if model is not None:
            score = model.probabilities
        predicted = model.predicted() if model is not None else None
        under: Mapping[int, list[Above]] = {}
        over: Mapping[int, list[Above]] = {}
        heads: dict[int, GroupHead] = {}
        steady: dict[int, int] = {}
        lifted: dict[int, int] = {}
        placed: tuple[np.ndarray, np.ndarray, np.ndarray, float] | None = None  # groups, sizes, cohesion
        if role.endswith("_facilitator") and predicted is None:  # who meets the definition first
            standing = np.maximum(standings(role, features), STRUCTURAL * structural(role, features))
            order = np.lexsort((np.arange(len(score)), -score, -standing))
            order = order[(standing[order] > 0) & (score[order] > min_score)]
        elif role == "kingpin" and predicted is None:  # a head above the lieutenants he meets
            above = heads_above(graph, membership=parts.membership, kingpin=score,
                                meeting_share=features.get("meeting_share", np.zeros(len(score))))
            under, over = by_node(above)
            order = hierarchy_order(score, above)
            order = order[score[order] > min_score]
            # a kingpin is the top of a group: each criminal group's head next to its best-ranked member
            known = evidenced_of(graph, entity_graph) if entity_graph is not None else None
            if known is not None:
                stated = np.asarray(features.get("professional", np.zeros(len(score)))) > 0
                standing = np.where(score > 0, hierarchy_standing(score, above)[0], 0.0)
                found, groups = group_heads(graph, evidenced=known & ~stated, kingpin=standing)
                steady = head_stability(graph, evidenced=known & ~stated, kingpin=standing, heads=found)
                heads = {h.head: h for h in found}
                order, lifted = lift_heads(order, found, groups)
                ties, mean = cohesion(graph, evidenced=known & ~stated, groups=groups)
                # one head per group: its candidates first, a cohesive group's before a loose one's
                order = candidates_first(order, groups, heads=found, tight=ties >= mean)
                placed = (groups, np.bincount(groups[groups >= 0], minlength=1), ties, mean)
            order = np.concatenate([order[~several[order]], order[several[order]]])
        else:
            order = np.lexsort((np.arange(len(score)), -score))
        rank = 0
        for i in (int(x) for x in order):
            if rank >= top or score[i] <= min_score:
                break
            if not _shown(role, features, i, predicted):
                continue
            rank += 1
            text = _describe(role, breakdown[i])
            kind = role.removesuffix("_facilitator")
            if role.endswith("_facilitator") and structural(role, features)[i]:
                text += f"; structural candidate, no trade known: {', '.join(evidence[i].get(kind, []))}"
            elif kind in evidence[i]:
                text += f"; professional footprint: {', '.join(evidence[i][kind])}"
            if i in under or i in over:
                text += _hierarchy_text(i, under, over, names)
            if i in heads:
                text += _group_head_text(heads[i], lifted.get(i), names, steady.get(i, 0))
            if placed is not None:
                text += _placement_text(i, *placed)
            if role == "kingpin" and predicted is None and several[i]:
                text += ("; listed after the other candidates: he serves two or more criminal groups as a "
                         "facilitator, and a kingpin heads one")
            if role in SHARE_GATES and SHARE_GATES[role][0] in features and predicted is None:
                text += _criminal_ties_text(float(features[SHARE_GATES[role][0]][i]))
            if role.endswith("_facilitator") and service[i].get(kind):
                text += f"; client groups: {service[i][kind]}"
                if facilitator_standing(role, features, i) == "weaker":
                    text += " — weaker candidate: one client group only"
            explanation: dict[str, Any] = {"text": text, "features": breakdown[i], "left_out": left_out}
            if role == "kingpin" and caveat and "meeting_share" not in left_out:
                explanation["text"] += f"; caveat: {caveat}"
                explanation["caveats"] = [caveat]
            if i in under or i in over:
                explanation["hierarchy"] = {"above": [names[a.lieutenant] for a in under.get(i, [])],
                                            "below": [names[a.head] for a in over.get(i, [])]}
            if i in heads:
                explanation["group_head"] = {"members": heads[i].size, "span": heads[i].span,
                                             "upward_share": round(heads[i].upward, 4),
                                             "partitions": steady.get(i, 0), "of": STABILITY_RUNS}
            if placed is not None and (facts := _group_facts(i, *placed)) is not None:
                explanation["criminal_group"] = facts
            if model is not None:
                parts_text = ", ".join(f"{c['name']} {c['contribution']:+.2f}" for c in model.explain(i, 3))
                explanation = {"text": f"{role.replace('_', ' ')}: probability {score[i]:.2f} from the case "
                                       f"team's labels (log-odds: {parts_text})",
                               "features": model.explain(i), "left_out": [],
                               "model": "logistic regression, calibrated", "rule_score": round(float(scored[role][0][i]), 6)}
            rows.append({
                "id": names[i], "source_ids": list(sources[i]) if sources else [names[i]], "name": captions[i], "role": role,
                "rank": rank, "score": round(float(score[i]), 6), "community": int(parts.membership[i]),
                **({} if (flag := meets_definition(role, features, i)) is None
                   else {"flagged": flag and not inferred_only(evidence[i].get(kind, []))}),
                **({} if learned is None or i not in learned.labels else {"label": learned.labels[i]}),
                "explanation": explanation,
            })
    if any(r.endswith("_facilitator") for r in roles):
        rows += _untyped_rows(features, levels, top=top, names=names, captions=captions, sources=sources,
                              membership=parts.membership, evidence=evidence, service=service)
    if named:  # a result for a file: the graphs' captions; a case shows each viewer his own
        rows = _named(rows, graph, entity_graph)
    out = {"roles": rows, "communities": parts.to_dict(), "membership": [parts.membership[r] for r in position]}
    if learned is not None:
        out["learning"] = {"validation": learned.validation(), "priors": learned.priors, "labels": len(learned.labels)}
    return out


def phone_caveat(entity_graph: ig.Graph | None) -> str | None:
    """What the kingpin rows must say when part of the call traffic has a number whose user is
    unknown (:class:`~offensief.network.graph.PhoneCoverage`): ``meeting_share`` and the
    hierarchy's "meets rather than phones" then overstate whoever phones from such a number."""
    if entity_graph is None or "unattributed" not in entity_graph.attributes():
        return None
    found = entity_graph["unattributed"]
    if not isinstance(found, PhoneCoverage) or not found.unattributed:
        return None
    return (f"{found.unattributed} of {found.calls} calls ({100 * found.share:.0f}%) have a number whose "
            f"user is unknown ({found.numbers} numbers, e.g. unregistered prepaid phones); a member who "
            "phones from one looks as if he kept off the phone, so meeting_share may overstate him")


def _named(rows: list[dict[str, Any]], graph: ig.Graph, entity_graph: ig.Graph | None) -> list[dict[str, Any]]:
    """The rows with the entity marks in their explanations (:mod:`offensief.model.marks`)
    replaced by the graphs' captions."""
    captions: dict[str, str] = {}
    for g in (entity_graph, graph):
        if g is not None and "caption" in g.vs.attributes() and "name" in g.vs.attributes():
            captions.update(zip(g.vs["name"], g.vs["caption"]))
    return [r | {"explanation": r["explanation"] | {"text": render(r["explanation"]["text"], captions)}}
            if "{{" in r["explanation"]["text"] else r for r in rows]


def _reorder(values: Sequence[Any] | None, rank: Sequence[int]) -> Any:
    """Per-node ``values`` in the canonical order (``rank[i]``: node i's new position)."""
    if values is None or len(values) != len(rank):
        return values
    out = list(values)
    for i, r in enumerate(rank):
        out[r] = values[i]
    return out


def _hierarchy_text(i: int, under: Mapping[int, list[Above]], over: Mapping[int, list[Above]],
                    names: Sequence[str]) -> str:
    """Why a kingpin row stands above or below others (:mod:`offensief.network.hierarchy`)."""
    text = ""
    found = [a for a in under.get(i, []) if a.basis == "meetings"]
    if found:
        text += ("; listed above the lieutenants he meets in person: "
                 + ", ".join(f"{mark(names[a.lieutenant])} (meeting share {a.lieutenant_meeting_share:.2f} against his "
                             f"{a.head_meeting_share:.2f}; {a.lieutenant_private} contacts he does not deal with, "
                             f"against his {a.head_private})" for a in found))
    circle = [a for a in under.get(i, []) if a.basis == "inner_circle"]
    if circle:
        text += ("; listed above his inner circle — leading members he meets in person, who count him among "
                 "their closest contacts, and most of whom he meets: "
                 + ", ".join(f"{mark(names[a.lieutenant])} ({a.lieutenant_private} contacts he does not deal with, "
                             f"against his {a.head_private})" for a in circle))
    if over.get(i):
        text += ("; a lieutenant of " + ", ".join(mark(names[a.head]) for a in over[i])
                 + " — a weaker candidate: listed after every candidate with no head above him")
    return text


def _group_head_text(head: GroupHead, after: int | None, names: Sequence[str], steady: int) -> str:
    """Why a kingpin row is its criminal group's head (:mod:`offensief.network.groups`), and in how
    many of :data:`STABILITY_RUNS` other partitions of the criminal network he heads one."""
    text = (f"; head of a group of the criminal network ({head.size} members with criminal evidence): "
            f"{100 * head.upward:.0f}% of his criminal tie strength goes to better-connected persons, "
            f"{head.span} of them (his span of control); head of a group in {steady} of {STABILITY_RUNS} "
            f"other partitions of the criminal network")
    if after is not None:
        text += f" — listed directly after the group's best-ranked member, {mark(names[after])}"
    return text


def _group_of(i: int, groups: np.ndarray, sizes: np.ndarray) -> int | None:
    """Node ``i``'s group of the criminal network when it has :data:`MIN_CREW` members or more."""
    g = int(groups[i])
    return g if g >= 0 and sizes[g] >= MIN_CREW else None


def _placement_text(i: int, groups: np.ndarray, sizes: np.ndarray, ties: np.ndarray, mean: float) -> str:
    """Why a kingpin row stands after the cohesive groups' candidates (:func:`candidates_first`):
    his group is loose, or he is in no group; nothing for a cohesive group's member or where
    the criminal network has no groups."""
    g = _group_of(i, groups, sizes)
    if g is None:
        return (f"; in no group of the criminal network of {MIN_CREW} or more: listed after the groups' "
                "head candidates, since nothing in the data puts him at the top of one"
                if (sizes >= MIN_CREW).any() else "")
    if ties[g] >= mean:
        return ""
    return (f"; his group of the criminal network is less cohesive than the network itself ({ties[g]:.1f} "
            f"operational ties per member within it, against {mean:.1f} per person with criminal evidence "
            "across the network): listed after the candidates of the more cohesive groups")


def _group_facts(i: int, groups: np.ndarray, sizes: np.ndarray, ties: np.ndarray,
                 mean: float) -> dict[str, Any] | None:
    """A kingpin row's group of the criminal network for the JSON: its members with criminal
    evidence, its operational ties per member within it against the network's mean, and whether
    it is cohesive (:func:`offensief.network.groups.cohesion`); None outside a group with a head."""
    g = _group_of(i, groups, sizes)
    if g is None:
        return None
    return {"members": int(sizes[g]), "ties_per_member": round(float(ties[g]), 2),
            "network_mean": round(float(mean), 2), "cohesive": bool(ties[g] >= mean)}


def _criminal_ties_text(share: float) -> str:
    """Why a kingpin row passed the criminal-part gate (:data:`CRIMINAL_TIES`)."""
    return (f"; in the criminal part of the network: {100 * share:.0f}% of his tie strength goes to persons "
            f"with criminal evidence (known to police, registered associates, observed meetings; "
            f"at least {100 * CRIMINAL_TIES:.0f}% needed)")


def _tie_to_kingpins(graph: ig.Graph, kingpin: np.ndarray, membership: Sequence[int]) -> np.ndarray:
    """Share of each node's tie strength that goes to a community's top kingpin candidate: its
    own community's, or a neighbouring community's when that one scores higher than the node
    (a lieutenant's cell may come out as a community of its own)."""
    n = graph.vcount()
    member = np.asarray(membership, dtype=np.int64)
    if n == 0:
        return np.zeros(0)
    # top candidate per community: sort by (community, -score, index) and take the first of each
    order = np.lexsort((np.arange(n), -kingpin, member))
    first = np.ones(n, dtype=bool)
    first[1:] = member[order][1:] != member[order][:-1]
    is_top = np.zeros(n, dtype=bool)
    is_top[order[first]] = True
    is_top &= kingpin > 0  # a community with no candidate (all held back by a gate) has no top
    ends = edge_array(graph)
    weights = np.asarray(graph.es["weight"] if "weight" in graph.es.attributes() else np.ones(len(ends)),
                         dtype=float)
    a, b = np.concatenate([ends[:, 0], ends[:, 1]]), np.concatenate([ends[:, 1], ends[:, 0]])
    w = np.concatenate([weights, weights])
    strength = np.bincount(a, weights=w, minlength=n)
    own = member[a] == member[b]
    to_top = is_top[b] & (a != b) & ((own & ~is_top[a]) | (kingpin[b] > kingpin[a]))
    out = np.bincount(a[to_top], weights=w[to_top], minlength=n)
    return np.divide(out, strength, out=np.zeros(n), where=strength > 0)


#: Structural features that rank untyped structural candidates (the facilitator rules' own).
UNTYPED_RULE = (("participation", 0.15), ("groups_paying", 0.10), ("cross_pairs", 0.10), ("betweenness", 0.05))


def _untyped_rows(features: Mapping[str, np.ndarray], levels: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]], *,
                  top: int, names: Sequence[str], captions: Sequence[str], sources: Sequence[Any] | None,
                  membership: Sequence[int], evidence: Sequence[dict[str, list[str]]],
                  service: Sequence[dict[str, str]]) -> list[dict[str, Any]]:
    """Rows of role :data:`UNTYPED`: structural candidates whose structure shows no service type
    ("facilitator (type unknown)"), ranked by the facilitator rules' structural features."""
    if "facilitator_structural" not in features:
        return []
    kinds = ("financial", "digital", "logistics")
    untyped = (np.asarray(features["facilitator_structural"]) > 0) & ~np.any(
        [np.asarray(features.get(f"{k}_structural", 0)) > 0 for k in kinds], axis=0)
    used = [(f, w) for f, w in UNTYPED_RULE if f in features]
    for f, _ in used:
        if f not in levels:
            levels[f] = level(np.asarray(features[f], dtype=float))
    total = sum(w for _, w in used) or 1.0
    score = sum((levels[f][0] * w / total for f, w in used), np.zeros(len(untyped)))
    rows = []
    for rank, i in enumerate((int(x) for x in np.lexsort((np.arange(len(score)), -score)) if untyped[x]), 1):
        if rank > top:
            break
        parts = [{"name": f, "value": float(features[f][i]), "percentile": float(levels[f][1][i]),
                  "share_of_max": float(levels[f][2][i]), "level": float(levels[f][0][i]), "weight": w,
                  "contribution": float(levels[f][0][i] * w / total)} for f, w in used]
        groups = next((v for v in service[i].values() if v), "")
        text = (f"facilitator (type unknown): {', '.join(evidence[i].get('unknown', []))}"
                + (f"; client groups: {groups}" if groups else ""))
        rows.append({"id": names[i], "source_ids": list(sources[i]) if sources else [names[i]], "name": captions[i],
                     "role": UNTYPED, "rank": rank, "score": round(float(score[i]), 6),
                     "community": int(membership[i]), "flagged": False,
                     "explanation": {"text": text, "features": parts, "left_out": []}})
    return rows
