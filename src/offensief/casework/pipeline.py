"""The one case analysis: person network, communities and roles, computed once per viewer's
view and data fingerprint, shared by the network tab, the roles page, the what-if, the plan,
the CLI and exports.

:func:`compute_case` reads the entity graph of the visible datasets once, projects it onto
persons, runs the role analysis with one seed count and one cut-off (:data:`SEEDS`,
:data:`TOP`), assigns roles for disruption (:func:`offensief.disrupt.case.apply_roles`) and
lays out the network tab from the same communities and roles. The result is plain data (ids
and numbers, cached as JSON) with its :class:`~offensief.casework.disclosure.Basis`: every
dataset the entity graph read. What-if and plan rebuild the person network from it
(:func:`people_graph`) instead of analysing again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import igraph as ig

from offensief.access.policy import CaseRef
from offensief.access.view import CaseView
from offensief.casework import simulation
from offensief.casework.caller import Caller
from offensief.casework.jobs import Job
from offensief.casework.merges import merge_basis, merged_datasets
from offensief.casework.network import network_tab
from offensief.casework.runs import Request, cached_now, cached_or_started, request
from offensief.disrupt.case import apply_roles
from offensief.model.errors import InputError
from offensief.network.communities import leiden
from offensief.network.graph import entity_graph, focus, person_projection
from offensief.network.roles import analyse_roles
from offensief.network.scope import community_scopes, network_scope
from offensief.network.timeslice import analyse_slices, slices_from_graph
from offensief.resolve import scoped
from offensief.store.duckstore import Store

Progress = Callable[..., None]
#: Leiden runs of the role analysis (the consensus partition is kept).
SEEDS = 3
#: Ranked candidates kept per role.
TOP = 40
#: The cache entry's kind.
KIND = "case"
PARAMS = {"seeds": SEEDS, "top": TOP}
#: Person attributes kept for what-if and plan; ``community`` is the pipeline's (the
#: bridges strategy reads it instead of finding communities of its own).
_PEOPLE_ATTRS = ("name", "source_ids", "role", "facilitator_type", "step", "group", "community")


def assigned_role(role: str | None, facilitator_type: str | None) -> str | None:
    """The role name (as in the roles table) that apply_roles assigned, or None."""
    if role in (None, "background"):
        return None
    if role == "facilitator":
        return f"{facilitator_type}_facilitator"
    return role


@dataclass(frozen=True)
class Options:
    """What the person network is built from, beyond the viewer's datasets: the canonical
    ids (``auto``: the case's resolution, :mod:`offensief.resolve.scoped`; ``none``; or a mapping), relation weights of
    the projection, and a case scope (persons of these datasets plus their direct contacts).
    The front ends use the defaults; the CLI may narrow them (another cache entry)."""

    datasets: tuple[str, ...] | None = None
    canonical: str | tuple[tuple[str, str], ...] = "auto"
    weights: tuple[tuple[str, float], ...] = ()
    focus: tuple[str, ...] = ()
    #: analysts' labels (entity id, role): roles with enough labels are learned per case
    labels: tuple[tuple[str, str], ...] = ()

    def params(self) -> dict[str, Any]:
        return {**PARAMS, "datasets": self.datasets, "canonical": self.canonical,
                "weights": self.weights, "focus": self.focus, "labels": self.labels}

    def mapping(self, store: Store, case: list[str]) -> dict[str, str]:
        """Source id -> canonical id; ``case``: the case's datasets (its resolution's records)."""
        if self.canonical == "auto":
            return dict(scoped.mapping(store, case))
        if self.canonical == "none":
            return {}
        return dict(self.canonical)

    def chosen(self, visible: list[str]) -> list[str]:
        if self.datasets is None:
            return sorted(visible)
        unknown = sorted(set(self.datasets) - set(visible))
        if unknown:
            raise InputError(f"dataset(s) {', '.join(unknown)} not visible to you in this case",
                             field="dataset")
        return sorted(self.datasets)


DEFAULT = Options()


def _entities(store: Store, datasets: list[str], options: Options, case: list[str]
              ) -> tuple[ig.Graph, list[str], dict[str, str]]:
    """The entity graph of ``datasets`` under the options' mapping, the datasets it rests on
    (those it read and those of the records the case's resolution merged into its nodes,
    :mod:`offensief.casework.merges`), and the mapping. ``case``: the case's datasets."""
    canonical = options.mapping(store, case)
    entities = (entity_graph(store, canonical=canonical or None, datasets=datasets) if datasets
                else ig.Graph(directed=True))
    read = set(entities["datasets"]) if "datasets" in entities.attributes() else set()
    joined = {v["name"]: set(v["source_ids"]) for v in entities.vs if len(v["source_ids"]) > 1}
    if joined:  # a node joining records rests on every record resolution merged into it
        seen = set().union(*joined.values())
        scope = scoped.ensure(store, case) if options.canonical == "auto" else None
        merges = merge_basis(store, joined, present=lambda ids: seen & set(ids), scope=scope)
        read |= merged_datasets(merges, merges)
    return entities, sorted(read), canonical


def compute_case(store: Store, datasets: list[str], progress: Progress | None = None,
                 options: Options = DEFAULT, *, case: list[str] | None = None) -> dict[str, Any]:
    """The case analysis of ``datasets`` (see the module docstring for what it holds);
    ``case``: the case's datasets, whose records its entity resolution clusters (default
    ``datasets``)."""
    step = progress or (lambda *a, **k: None)
    step(0, 7, "reading entities")
    entities, basis, canonical = _entities(store, datasets, options,
                                           sorted(case if case is not None else datasets))
    step(1, 7, f"{entities.vcount()} entities, {entities.ecount()} relations")
    people = person_projection(entities, weights=dict(options.weights)) if entities.vcount() else ig.Graph()
    if options.focus and people.vcount():
        people = focus(people, datasets=options.focus)
    analysis: dict[str, Any] = {"roles": [], "communities": {"count": 0}, "membership": []}
    stability: list[float] = []
    if people.vcount() >= 3 and people.ecount():
        step(2, 7, "communities and roles")
        parts = leiden(people, seeds=SEEDS)
        stability = [float(x) for x in parts.node_stability]
        analysis = analyse_roles(people, entity_graph=entities, communities=parts, top=TOP,
                                 labels=dict(options.labels) or None, named=False)  # cached: ids, no names
        apply_roles(people, analysis)
        people.vs["community"] = list(analysis["membership"])
    for attr in _PEOPLE_ATTRS:
        if attr not in people.vs.attributes():
            people.vs[attr] = [None] * people.vcount()
    rows = [{k: v for k, v in row.items() if k != "name"} for row in analysis["roles"]]
    score = {(r["id"], r["role"]): r["score"] for r in rows}
    role_of: dict[str, tuple[str, float]] = {}
    for v in people.vs:
        name = assigned_role(v["role"], v["facilitator_type"])
        if name is not None:
            role_of[v["name"]] = (name, score.get((v["name"], name), 0.0))
    assigned = {i: r for i, (r, _) in role_of.items()}
    for row in rows:
        row["assigned"] = assigned.get(row["id"])
    membership = list(analysis["membership"])
    community_of = dict(zip(people.vs["name"], membership)) if membership else {}
    step(3, 7, "scope")
    scope = network_scope(people, entities) if people.vcount() else None
    scopes = community_scopes(people, entities, membership=membership) if membership else []
    step(4, 7, "network tab")
    tab = network_tab(store, entities, datasets=datasets, community_of=community_of,
                      role_of=role_of, progress=step)
    step(7, 7, "done")
    return {
        "inputs": basis, "datasets": sorted(datasets), "canonical": len(canonical) > 0,
        "settings": options.params(), "roles": rows, "communities": analysis["communities"],
        "members": [{"id": v["name"], "source_ids": v["source_ids"], "community": c,
                     "stability": stability[v.index] if v.index < len(stability) else None}
                    for v, c in zip(people.vs, membership)],
        "scope": scope, "community_scopes": scopes,
        "network": tab | {"communities": analysis["communities"]},
        "people": {
            **{attr: people.vs[attr] for attr in _PEOPLE_ATTRS},
            "edges": [[e.source, e.target, float(e["weight"])] for e in people.es],
        },
    }


def people_graph(result: dict[str, Any]) -> ig.Graph:
    """The person network (roles as vertex attributes, ``weight`` per tie) of a case analysis."""
    data = result["people"]
    graph = ig.Graph(n=len(data["name"]), edges=[(s, t) for s, t, _ in data["edges"]], directed=False)
    for attr in _PEOPLE_ATTRS:
        graph.vs[attr] = data[attr]
    graph.es["weight"] = [w for *_, w in data["edges"]]
    return graph


def case_request(store: Store, ref: CaseRef, datasets: list[str], options: Options = DEFAULT) -> Request:
    return request(store, ref, kind=KIND, params=options.params(), datasets=datasets)


def base_analysis(caller: Caller, store: Store, ref: CaseRef, datasets: list[str],
                  progress: Progress | None = None) -> dict[str, Any]:
    """Inside a job (or a CLI run): the cached case analysis, computed and cached if missing,
    so a what-if or plan started first still shares it with every other view."""
    return cached_now(caller, store, ref, kind=KIND, params=DEFAULT.params(), datasets=datasets,
                      compute=lambda: compute_case(store, datasets, progress, case=sorted(ref.datasets)))


def case_analysis(caller: Caller, ref: CaseRef, view: CaseView, *, refresh: bool = False,
                  options: Options = DEFAULT) -> tuple[dict[str, Any] | None, Job | None]:
    """The case analysis for this viewer: ``(result, None)`` or ``(None, job)``."""
    datasets = options.chosen(sorted(view.visible_datasets()))
    return cached_or_started(
        caller, ref, kind=KIND, params=options.params(), datasets=datasets, refresh=refresh,
        compute=lambda store, progress, _wanted: compute_case(store, datasets, progress, options,
                                                              case=sorted(ref.datasets)))


def _on_people(caller: Caller, ref: CaseRef, view: CaseView, *, kind: str, params: dict[str, Any],
               run: Callable[[ig.Graph, Progress], dict[str, Any]]) -> tuple[dict[str, Any] | None, Job | None]:
    datasets = sorted(view.visible_datasets())

    def compute(store: Store, progress: Progress, _wanted: Request) -> dict[str, Any]:
        base = base_analysis(caller, store, ref, datasets, progress)
        graph = people_graph(base)
        return run(graph, progress) | {"inputs": base["inputs"], "people_ids": graph.vs["name"],
                                       "people_sources": graph.vs["source_ids"]}

    return cached_or_started(caller, ref, kind=kind, params=params | DEFAULT.params(), datasets=datasets,
                             compute=compute)


def what_if(caller: Caller, ref: CaseRef, view: CaseView, *, strategy: str, mode: str,
            steps: int) -> tuple[dict[str, Any] | None, Job | None]:
    """The what-if curve on the case analysis's person network (see
    :func:`offensief.casework.simulation.what_if`)."""
    if strategy not in simulation.OFFERED:
        raise InputError(f"unknown strategy {strategy!r}; known: {', '.join(simulation.OFFERED)}",
                         field="strategy")
    return _on_people(caller, ref, view, kind="whatif",
                      params={"strategy": strategy, "mode": mode, "steps": steps},
                      run=lambda graph, progress: simulation.what_if(
                          graph, strategy=strategy, mode=mode, steps=steps, progress=progress))


def plan(caller: Caller, ref: CaseRef, view: CaseView) -> tuple[dict[str, Any] | None, Job | None]:
    """The intervention plan on the case analysis's person network."""
    return _on_people(caller, ref, view, kind="plan", params={"size": simulation.PLAN_SIZE},
                      run=lambda graph, progress: simulation.plan(graph, progress=progress))


def timeslices(caller: Caller, ref: CaseRef, view: CaseView, *, period: str, weights: str,
               convention: str, options: Options = DEFAULT) -> tuple[dict[str, Any] | None, Job | None]:
    """Whole-network measures and top entities per calendar period of the dated relations in
    the entity graph of the viewer's datasets (see
    :func:`offensief.network.timeslice.analyse_slices`); ``sources`` (for naming only) maps
    each top entity to its source ids."""
    datasets = options.chosen(sorted(view.visible_datasets()))
    params = {"period": period, "weights": weights, "convention": convention,
              "datasets": options.datasets, "canonical": options.canonical}

    def compute(store: Store, progress: Progress, _wanted: Request) -> dict[str, Any]:
        progress(0, 2, "reading entities")
        entities, basis, _ = _entities(store, datasets, options, sorted(ref.datasets))
        progress(1, 2, f"{entities.vcount()} entities, {entities.ecount()} relations")
        result = analyse_slices(slices_from_graph(entities, period=period), weights=weights,
                                convention=convention)
        tops = {row["id"] for s in result["slices"] for rows in s["top"].values() for row in rows}
        sources = {v["name"]: v["source_ids"] for v in entities.vs if v["name"] in tops}
        progress(2, 2, "done")
        return result | {"inputs": basis, "sources": sources}

    return cached_or_started(caller, ref, kind="timeslices", params=params, datasets=datasets,
                             refresh=False, compute=compute)
