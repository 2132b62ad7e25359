"""The case network: nodes with centrality, community and layout; neighbours; shortest path.

Computed in a background job and cached per case and visible data; while it runs the
routes answer 202 with the job. Selections, neighbours and paths are answered from a prepared
index of the cached result (:mod:`offensief.api.analyses.netindex`). Names come through the case view (tokens where the caller
may not see them in clear); every read is audited.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from offensief.access.view import CaseView
from offensief.api.analyses import network as net
from offensief.api.analyses.runner import cached_or_started, pending
from offensief.api.casework import open_case
from offensief.api.deps import CaseId, Context, context
from offensief.api.jobs import Job
from offensief.db.cases import Case
from offensief.model.errors import NotFound

router = APIRouter(prefix="/api/cases/{case_id}/network", tags=["network"])

MAX_NODES = 20_000


def network_of(ctx: Context, case_id: CaseId, *, refresh: bool = False,
               what: str = "network") -> tuple[Case, CaseView, dict[str, Any] | None, Job | None]:
    """The case, the caller's view, and the cached network or the job computing it."""
    case, ref = open_case(ctx, case_id, what={"view": what}, action="read_pseudonymised")
    view = ctx.view(case)
    datasets = sorted(view.visible_datasets())
    result, job = cached_or_started(
        ctx, ref, kind="network", params={}, datasets=datasets, refresh=refresh,
        compute=lambda store, progress: net.case_network(store, datasets=datasets, progress=progress),
    )
    return case, view, result, job


def case_network(ctx: Context, case_id: CaseId, *, refresh: bool = False) -> tuple[CaseView, Any]:
    """The view and the cached network (or a 202 response while it is computed)."""
    _case, view, result, job = network_of(ctx, case_id, refresh=refresh)
    if job is not None:
        return view, JSONResponse(pending(job), status_code=202)
    return view, result


def labelled(view: CaseView, part: dict[str, Any]) -> dict[str, Any]:
    """Add display names (clear or tokens) to the nodes of a network part. A canonical id
    (resolved entity) has no name of its own: it takes the best of its source records' names,
    a clear one before a token."""
    def own(node: dict[str, Any]) -> list[str]:
        return [node["id"], *node.get("source_ids", ())]

    ids = sorted({i for node in part["nodes"] for i in own(node)})
    captions = view.captions(ids) if ids else {}
    nodes = []
    for node in part["nodes"]:
        names = [captions[i] for i in own(node) if captions.get(i, i) != i]
        label = min(names, key=lambda c: (c.startswith("tok_"), c)) if names else node["id"]
        nodes.append(node | {"label": label, "pseudonymised": label.startswith("tok_")})
    return part | {"nodes": nodes}


def _filters(relation: list[str] | None, start: str | None, end: str | None) -> dict[str, Any]:
    return {"relations": relation or None, "start": start or None, "end": end or None}


@router.get("", responses={202: {"description": "still being computed: the job to poll"}})
def network(
    case_id: CaseId,
    ctx: Context = Depends(context),
    relation: list[str] | None = Query(None, description="keep only these relation schemata"),
    start: str | None = Query(None, max_length=10, description="period start (YYYY-MM-DD)"),
    end: str | None = Query(None, max_length=10, description="period end (YYYY-MM-DD)"),
    limit: int = Query(2000, ge=1, le=MAX_NODES, description="most central nodes to return"),
    refresh: bool = Query(False, description="recompute instead of using the cache"),
) -> Any:
    """The case network (most central ``limit`` nodes) for the caller's view."""
    view, result = case_network(ctx, case_id, refresh=refresh)
    if isinstance(result, JSONResponse):
        return result
    part = ctx.networks.get(result, **_filters(relation, start, end)).select(limit=limit)
    return {"status": "done", **labelled(view, part), "relations": result["relations"],
            "communities": result["communities"], "measure": result["measure"]}


def roles_for_viewer(view: CaseView, result: dict[str, Any], *, role: str | None = None) -> list[dict[str, Any]]:
    """The ranked role candidates with names as the viewer may see them. Professional
    footprints quote statement values, so they are dropped where any data is tokenised."""
    rows = [r for r in result.get("roles", []) if role is None or r["role"] == role]
    ids = sorted({sid for r in rows for sid in r["source_ids"]})
    captions = view.captions(ids) if ids else {}
    all_clear = all(level == "clear" for level in view.visible_datasets().values())
    out = []
    for row in rows:
        names = [captions.get(s, s) for s in row["source_ids"]] or [row["id"]]
        name = min(names, key=lambda c: (c.startswith("tok_"), c))
        explanation = dict(row["explanation"])
        if not all_clear:
            explanation["text"] = explanation["text"].split("; professional footprint:")[0]
        out.append(row | {"name": name, "pseudonymised": name.startswith("tok_"), "explanation": explanation})
    return out


@router.get("/roles", responses={202: {"description": "still being computed"}})
def roles(
    case_id: CaseId,
    ctx: Context = Depends(context),
    role: str | None = Query(None, max_length=40, description="only this role"),
) -> Any:
    """Ranked candidates per role (kingpin, lieutenant, broker, facilitators, money mule,
    straw man), each with the features behind its score."""
    view, result = case_network(ctx, case_id)
    if isinstance(result, JSONResponse):
        return result
    return {"status": "done", "roles": roles_for_viewer(view, result, role=role),
            "communities": result.get("role_communities", {})}


@router.get("/neighbours", responses={202: {"description": "still being computed"}})
def neighbours(
    case_id: CaseId,
    entity: str = Query(..., min_length=1, max_length=200),
    ctx: Context = Depends(context),
    relation: list[str] | None = Query(None),
    start: str | None = Query(None, max_length=10),
    end: str | None = Query(None, max_length=10),
) -> Any:
    """An entity with its direct neighbours (for "expand")."""
    view, result = case_network(ctx, case_id)
    if isinstance(result, JSONResponse):
        return result
    part = ctx.networks.get(result, **_filters(relation, start, end)).neighbours(entity)
    if not part["nodes"]:
        raise NotFound(f"entity {entity!r} is not in the case network", entity=entity)
    return {"status": "done", **labelled(view, part)}


@router.get("/path", responses={202: {"description": "still being computed"}})
def path(
    case_id: CaseId,
    source: str = Query(..., min_length=1, max_length=200),
    target: str = Query(..., min_length=1, max_length=200),
    ctx: Context = Depends(context),
    relation: list[str] | None = Query(None),
    start: str | None = Query(None, max_length=10),
    end: str | None = Query(None, max_length=10),
) -> Any:
    """A shortest path (fewest links) between two entities of the case network."""
    view, result = case_network(ctx, case_id)
    if isinstance(result, JSONResponse):
        return result
    found = ctx.networks.get(result, **_filters(relation, start, end)).shortest_path(source, target)
    return {"status": "done", **labelled(view, found), "length": found["length"]}
