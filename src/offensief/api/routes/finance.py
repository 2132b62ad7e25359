"""Financial intelligence of a case: typology alerts with explanations, money traces, assets.

All run as cached background jobs on the datasets the caller may see
(:mod:`offensief.casework.finance`); parties, amounts and evidence follow the derived-data
rule: shown only when the caller may read every dataset a result rests on in clear.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from offensief.access.view import CaseView
from offensief.api.deps import CaseId, Context, context
from offensief.casework import finance as fin
from offensief.casework.cases import open_case
from offensief.casework.jobs import Job
from offensief.casework.runs import pending
from offensief.model.errors import InputError

router = APIRouter(prefix="/api/cases/{case_id}/finance", tags=["finance"])


def _open(ctx: Context, case_id: CaseId, kind: str, params: dict[str, Any]) -> tuple[Any, Any, CaseView]:
    caller = ctx.caller
    case, ref = open_case(caller, case_id, what={"view": kind, **params})
    return caller, ref, ctx.view(case)


def alerts_of(ctx: Context, case_id: CaseId) -> tuple[CaseView, Any, Job | None]:
    caller, ref, view = _open(ctx, case_id, "alerts", {})
    return view, *fin.alerts(caller, ref, view)


def trace_of(ctx: Context, case_id: CaseId, *, start: str | None, alert: str | None = None,
             direction: str, method: str) -> tuple[CaseView, Any, Job | None]:
    """A trace from ``start`` (transaction, account, entity) or of a whole ``alert``."""
    if (start is None) == (alert is None):
        raise InputError("give either start or alert", field="start")
    params = {"direction": direction, "method": method}
    if alert is not None:
        caller, ref, view = _open(ctx, case_id, "trace", params | {"alert": alert})
        return view, *fin.alert_trace(caller, ref, view, alert=alert, **params)
    caller, ref, view = _open(ctx, case_id, "trace", params | {"start": start})
    return view, *fin.trace(caller, ref, view, start=start or "", **params)


def assets_of(ctx: Context, case_id: CaseId) -> tuple[CaseView, Any, Job | None]:
    caller, ref, view = _open(ctx, case_id, "assets", {})
    return view, *fin.assets(caller, ref, view)


@router.get("/alerts", responses={202: {"description": "still being computed: the job to poll"}})
def alerts(case_id: CaseId, ctx: Context = Depends(context),
           typology: str | None = Query(None, max_length=40),
           limit: int = Query(200, ge=1, le=5000)) -> Any:
    """Laundering-typology alerts, highest score first, each with a plain explanation."""
    view, result, job = alerts_of(ctx, case_id)
    if job is not None:
        return JSONResponse(pending(job), status_code=202)
    rows = [a for a in result if typology is None or a["typology"] == typology]
    return {"status": "done", "total": len(rows), "alerts": fin.shown_alerts(view, rows, limit=limit)}


@router.get("/trace", responses={202: {"description": "still being computed: the job to poll"}})
def trace(
    case_id: CaseId,
    start: str | None = Query(None, min_length=1, max_length=200, description="transaction, account or entity id"),
    alert: str | None = Query(None, min_length=1, max_length=40, description="an alert's id: trace all its payments"),
    direction: Literal["forward", "backward"] = Query("forward"),
    method: Literal["pro-rata", "fifo"] = Query("pro-rata"),
    ctx: Context = Depends(context),
) -> Any:
    """Follow the money (time-respecting) from a payment, account or entity, or from all the
    payments of an alert, and return the flows for a Sankey diagram."""
    view, result, job = trace_of(ctx, case_id, start=start, alert=alert, direction=direction, method=method)
    if job is not None:
        return JSONResponse(pending(job), status_code=202)
    return {"status": "done", **fin.shown_trace(view, result)}


@router.get("/assets", responses={202: {"description": "still being computed: the job to poll"}})
def assets(case_id: CaseId, ctx: Context = Depends(context),
           limit: int = Query(200, ge=1, le=5000)) -> Any:
    """Asset inventory: value, beneficial owner through ownership/directorship chains (straw
    men and trust offices seen through), and the seizable value per subject."""
    view, result, job = assets_of(ctx, case_id)
    if job is not None:
        return JSONResponse(pending(job), status_code=202)
    return {"status": "done", **fin.shown_assets(view, result, limit=limit)}
