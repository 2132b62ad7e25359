"""The analyst's workbench: search, explore out from an entity, and exports.

Each route is a thin adapter over :mod:`offensief.casework` (search, explore, export): the
request's caller is checked by the policy, every read is audited with the request's other
entries, and results are masked for the caller.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from offensief.api.deps import CaseId, Context, context
from offensief.casework.analyst_profile import entity_profile
from offensief.casework.annotations import (
    MAX_TEXT,
    add_note,
    notes,
    open_saved_view,
    save_view,
    saved_views,
)
from offensief.casework.explore import MAX_HOPS, explore
from offensief.casework.export import CSV_TABLES, FORMATS, export_case
from offensief.casework.search import KINDS, search

router = APIRouter(prefix="/api/cases/{case_id}", tags=["workbench"])


@router.get("/search")
def search_case(
    case_id: CaseId,
    q: str = Query(..., min_length=2, max_length=200, description="name, IBAN, phone, plate, address or KvK number"),
    kind: str | None = Query(None, description=f"force a kind: {', '.join(KINDS)}"),
    limit: int = Query(25, ge=1, le=200),
    ctx: Context = Depends(context),
) -> dict[str, Any]:
    """Entities answering ``q``, best first, each with the datasets (and how the caller sees
    them) behind the match. Fuzzy only in datasets the caller sees in clear."""
    return search(ctx.caller, case_id, q, kind=kind, limit=limit).to_dict()


@router.get("/explore")
def explore_case(
    case_id: CaseId,
    entity: list[str] = Query(..., max_length=50, description="entity ids to start from"),
    hops: int = Query(1, ge=0, le=MAX_HOPS),
    relation: list[str] | None = Query(None, max_length=20, description="relationship schema or link property"),
    since: date | None = None,
    until: date | None = None,
    known_by: date | None = Query(None, description="the network as known on this date"),
    limit: int = Query(300, ge=1, le=2000),
    ctx: Context = Depends(context),
) -> dict[str, Any]:
    """Nodes, links and dated events around ``entity`` (see :func:`offensief.casework.explore.explore`)."""
    return explore(ctx.caller, case_id, entity, hops=hops, relations=relation, since=since,
                   until=until, known_by=known_by, limit=limit).to_dict()


@router.get("/export", response_class=Response)
def export_file(
    case_id: CaseId,
    format: str = Query(..., description=f"one of {', '.join(FORMATS)}"),
    table: str = Query("entities", description=f"for csv: {', '.join(CSV_TABLES)}"),
    ctx: Context = Depends(context),
) -> Response:
    """The case as a file for other tools, holding only the datasets the caller may export
    (the response header ``X-Offensief-Left-Out`` names the others); audited."""
    done = export_case(ctx.caller, case_id, format, table=table)
    return Response(done.content, media_type=done.media_type, headers={
        "Content-Disposition": f'attachment; filename="{done.filename}"',
        "X-Offensief-Summary": done.summary.encode("ascii", "replace").decode(),
        "X-Offensief-Datasets": ",".join(done.datasets),
        "X-Offensief-Left-Out": ",".join(done.left_out)})


@router.get("/profile/{entity_id}")
def analyst_profile(case_id: CaseId, entity_id: str, ctx: Context = Depends(context)) -> dict[str, Any]:
    """An entity as an analyst reads it: merged values with their datasets, conflicts between
    sources, activity dates from the sources, payments with amounts, relations grouped."""
    return asdict(entity_profile(ctx.caller, case_id, entity_id))


class NoteIn(BaseModel):
    entity: str = Field(..., min_length=1, max_length=200)
    other: str = Field("", max_length=200, description="the other end, for a note on a link")
    relation: str = Field("", max_length=60)
    text: str = Field(..., min_length=1, max_length=MAX_TEXT)


class ViewIn(BaseModel):
    state: dict[str, Any]


@router.get("/notes")
def list_notes(case_id: CaseId, entity: str | None = Query(None, max_length=200),
               ctx: Context = Depends(context)) -> dict[str, Any]:
    """The case's notes on nodes and links as the caller may see them (members only): against
    the entity when the caller reads its datasets in clear, else against its subject token."""
    found = notes(ctx.caller, case_id, entity=entity)
    return {"total": len(found), "notes": found}


@router.post("/notes", status_code=201)
def post_note(case_id: CaseId, body: NoteIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Write a note on an entity (or on its link to ``other``), shared with the case's members."""
    return add_note(ctx.caller, case_id, entity=body.entity, other=body.other,
                    relation=body.relation, text=body.text)


@router.get("/views")
def list_views(case_id: CaseId, ctx: Context = Depends(context)) -> dict[str, Any]:
    """The case's saved canvas views."""
    return {"views": saved_views(ctx.caller, case_id)}


@router.get("/views/{name}")
def get_view(case_id: CaseId, name: str, ctx: Context = Depends(context)) -> dict[str, Any]:
    """One saved canvas view: seeds, nodes, selection, filters, period, positions, zoom."""
    return open_saved_view(ctx.caller, case_id, name)


@router.put("/views/{name}")
def put_view(case_id: CaseId, name: str, body: ViewIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Save (or replace) the named canvas view of the case."""
    return save_view(ctx.caller, case_id, name=name, state=body.state)
