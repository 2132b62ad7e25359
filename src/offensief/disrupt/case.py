"""The network of a case from the workspace: persons, their ties, roles and process steps.

Builds the person projection of the statement store (``offensief.network.graph``), with
canonical ids from entity resolution when it has run, and marks members with the roles the
network analysis ranks (``offensief.network.roles``): per community the top kingpin
candidate, lieutenants, facilitators by type, money mules and straw men. Analysts can add
or correct what they know (process step, group, role) with an annotation file
``{"id": {"step": ..., "group": ..., "role": ...}}``; annotations win over the model.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import igraph as ig

from offensief.model.errors import InputError
from offensief.network.graph import entity_graph, person_projection
from offensief.network.roles import analyse_roles
from offensief.resolve.canonical import load_mapping
from offensief.store.duckstore import Store

#: Network-analysis role → (disruption role, facilitator type, barrier step).
ROLE_MAP: dict[str, tuple[str, str | None, str | None]] = {
    "kingpin": ("kingpin", None, None),
    "lieutenant": ("lieutenant", None, None),
    "financial_facilitator": ("facilitator", "financial", "finance"),
    "digital_facilitator": ("facilitator", "digital", "infrastructure"),
    "logistics_facilitator": ("facilitator", "logistics", "transport"),
    "money_mule": ("money_mule", None, "finance"),
    "straw_man": ("straw_man", None, "infrastructure"),
}
#: Which role wins when a member is a candidate for several.
PRECEDENCE = ("kingpin", "financial_facilitator", "digital_facilitator", "logistics_facilitator",
              "lieutenant", "straw_man", "money_mule")


def apply_roles(graph: ig.Graph, analysis: Mapping[str, Any], *, share: float = 0.5,
                lieutenants_per_kingpin: int = 3, min_evidence: int = 2) -> None:
    """Set vertex ``role``, ``facilitator_type``, ``step``, ``group`` from a roles analysis.

    A candidate counts when its score is at least ``share`` of the best score for that
    role. Kingpins are the best such candidate per community — and, when money data show
    money mules, only in communities with at least ``min_evidence`` mule candidates (a
    criminal money flow); without money data every community may have one.
    """
    n = graph.vcount()
    index = {name: i for i, name in enumerate(graph.vs["name"])}
    membership = list(analysis.get("membership") or [None] * n)
    role: list[str | None] = [None] * n
    kind: list[str | None] = [None] * n
    step: list[str | None] = [None] * n
    best = {r: max((row["score"] for row in analysis["roles"] if row["role"] == r), default=0.0)
            for r in ROLE_MAP}
    kingpin_of: dict[Any, int] = {}
    picked: dict[str, list[int]] = {r: [] for r in ROLE_MAP}
    rows = [row for row in sorted(analysis["roles"], key=lambda r: (r["role"], r["rank"]))
            if row["role"] in ROLE_MAP and index.get(row["id"]) is not None
            and row["score"] >= share * best[row["role"]]]
    evidence = Counter(membership[index[row["id"]]] for row in rows
                       if row["role"] == "money_mule")
    criminal = {c for c, count in evidence.items() if count >= min_evidence}
    for row in rows:
        v = index[row["id"]]
        if row["role"] == "kingpin":
            community = membership[v]
            if community in kingpin_of or (criminal and community not in criminal):
                continue
            kingpin_of[community] = v
        picked[row["role"]].append(v)
    picked["lieutenant"] = picked["lieutenant"][: lieutenants_per_kingpin * max(1, len(kingpin_of))]
    for name in reversed(PRECEDENCE):
        mapped_role, mapped_kind, mapped_step = ROLE_MAP[name]
        for v in picked[name]:
            role[v], kind[v], step[v] = mapped_role, mapped_kind, mapped_step
    graph.vs["role"] = [r or "background" for r in role]
    graph.vs["facilitator_type"] = kind
    graph.vs["step"] = step
    graph.vs["group"] = [f"community-{membership[v]}" if role[v] in ("kingpin", "lieutenant",
                         "money_mule", "straw_man") and membership[v] is not None else None
                         for v in range(n)]


def read_annotations(path: Path) -> dict[str, dict[str, Any]]:
    """An analyst's annotation file: ``{"id": {"step", "group", "role"}}``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read annotations: {exc}", file=str(path)) from exc
    if not isinstance(data, dict):
        raise InputError("annotations must be a JSON object keyed by id", file=str(path))
    return data


def annotate(graph: ig.Graph, annotations: Mapping[str, Mapping[str, Any]]) -> int:
    """Apply annotations (by canonical or source id); returns how many members matched."""
    lookup: dict[str, int] = {}
    for v in range(graph.vcount()):
        lookup[graph.vs[v]["name"]] = v
        for source in (graph.vs[v]["source_ids"] if "source_ids" in graph.vs.attributes() else
                       None) or []:
            lookup.setdefault(source, v)
    for attribute in ("role", "step", "group", "facilitator_type"):
        if attribute not in graph.vs.attributes():
            graph.vs[attribute] = [None] * graph.vcount()
    matched = 0
    for key, values in annotations.items():
        found = lookup.get(key)
        if found is None:
            continue
        v = found
        matched += 1
        for attribute in ("role", "group", "facilitator_type"):
            if attribute in values:
                graph.vs[v][attribute] = values[attribute]
        if "step" in values:
            graph.vs[v]["step"] = values["step"]
    return matched


def case_network(
    store: Store,
    *,
    datasets: Sequence[str] | None = None,
    canonical: Mapping[str, str] | None = None,
    threads: int = 1,
    seeds: int = 3,
    annotations: Mapping[str, Mapping[str, Any]] | None = None,
    detect_roles: bool = True,
) -> ig.Graph:
    """The person network of the workspace (or of some datasets) with roles as attributes.

    ``canonical`` maps source ids to canonical ids; by default the mapping of the last
    entity resolution run in the workspace (none: every source record is its own person).
    ``detect_roles=False`` skips the role analysis (when annotations say it all).
    """
    mapping = canonical if canonical is not None else (load_mapping(store) or None)
    entities = entity_graph(store, canonical=mapping, datasets=datasets)
    people = person_projection(entities)
    if people.vcount() == 0:
        raise InputError("the workspace holds no persons to analyse", field="case")
    if detect_roles:
        analysis = analyse_roles(people, entity_graph=entities, seeds=seeds, threads=threads,
                                 top=40)
        apply_roles(people, analysis)
    if "caption" in people.vs.attributes():
        people.vs["label"] = people.vs["caption"]
    if annotations:
        annotate(people, annotations)
    return people
