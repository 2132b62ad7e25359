"""The case network: nodes with centrality, community, role and layout; neighbours; paths;
ranked roles.

All of it comes from the one case analysis (:mod:`offensief.casework.pipeline`), computed
in a background job and cached per case and visible data; while it runs the routes answer
202 with the job. Selections, neighbours and paths are answered from a prepared index of the
cached result (:mod:`offensief.casework.netindex`). What the caller sees follows the
derived-data rule (:mod:`offensief.casework.findings`): names in clear only when the caller
may read every dataset the network rests on, subject tokens otherwise; every read is audited.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from offensief.access.view import CaseView
from offensief.api.deps import CaseId, Context, context
from offensief.casework import findings
from offensief.casework.cases import open_case
from offensief.casework.jobs import Job
from offensief.casework.pipeline import case_analysis
from offensief.casework.runs import pending
from offensief.db.cases import Case
from offensief.model.errors import NotFound

router = APIRouter(prefix="/api/cases/{case_id}/network", tags=["network"])

MAX_NODES = 20_000


def network_of(ctx: Context, case_id: CaseId, *, refresh: bool = False,
               what: str = "network") -> tuple[Case, CaseView, dict[str, Any] | None, Job | None]:
    """The case, the caller's view, and the cached case analysis or the job computing it."""
    caller = ctx.caller
    case, ref = open_case(caller, case_id, what={"view": what}, action="read_pseudonymised")
    view = ctx.view(case)
    result, job = case_analysis(caller, ref, view, refresh=refresh)
    return case, view, result, job


def case_network(ctx: Context, case_id: CaseId, *, refresh: bool = False) -> tuple[CaseView, Any]:
    """The view and the cached analysis (or a 202 response while it is computed)."""
    _case, view, result, job = network_of(ctx, case_id, refresh=refresh)
    if job is not None:
        return view, JSONResponse(pending(job), status_code=202)
    return view, result


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
    tab = result["network"]
    part = ctx.networks.get(tab, **_filters(relation, start, end)).select(limit=limit)
    return {"status": "done", **findings.network_part(view, result, part), "relations": tab["relations"],
            "communities": tab["communities"], "measure": tab["measure"]}


@router.get("/roles", responses={202: {"description": "still being computed"}})
def roles(
    case_id: CaseId,
    ctx: Context = Depends(context),
    role: str | None = Query(None, max_length=40, description="only this role"),
) -> Any:
    """Ranked candidates per role (kingpin, lieutenant, broker, facilitators, money mule,
    straw man), each with the features behind its score and the datasets it rests on."""
    view, result = case_network(ctx, case_id)
    if isinstance(result, JSONResponse):
        return result
    return {"status": "done", "roles": [r.to_dict() for r in findings.roles(view, result, role=role)],
            "communities": result["communities"]}


@router.get("/neighbours", responses={202: {"description": "still being computed"}})
def neighbours(
    case_id: CaseId,
    entity: str = Query(..., min_length=1, max_length=200),
    ctx: Context = Depends(context),
    relation: list[str] | None = Query(None),
    start: str | None = Query(None, max_length=10),
    end: str | None = Query(None, max_length=10),
) -> Any:
    """An entity (id, or the token the network showed) with its direct neighbours."""
    view, result = case_network(ctx, case_id)
    if isinstance(result, JSONResponse):
        return result
    index = ctx.networks.get(result["network"], **_filters(relation, start, end))
    part = index.neighbours(findings.entity_of(view, result, entity))
    if not part["nodes"]:
        raise NotFound(f"entity {entity!r} is not in the case network", entity=entity)
    return {"status": "done", **findings.network_part(view, result, part)}


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
    index = ctx.networks.get(result["network"], **_filters(relation, start, end))
    found = index.shortest_path(findings.entity_of(view, result, source),
                                findings.entity_of(view, result, target))
    return {"status": "done", **findings.network_part(view, result, found), "length": found["length"]}
