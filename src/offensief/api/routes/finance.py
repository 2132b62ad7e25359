"""Financial intelligence of a case: typology alerts with explanations, and money traces.

Both run as cached background jobs on the datasets the caller may see; names and account
numbers come through the case view (tokens where the caller may not see them in clear).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from offensief.access.view import CaseView, case_view
from offensief.api.analyses import finance as fin
from offensief.api.analyses.runner import cached_or_started, pending
from offensief.api.casework import open_case
from offensief.api.deps import CaseId, Context, context
from offensief.api.jobs import Job

router = APIRouter(prefix="/api/cases/{case_id}/finance", tags=["finance"])


def _start(ctx: Context, case_id: CaseId, *, kind: str, params: dict[str, Any], compute: Any
           ) -> tuple[CaseView, Any, Job | None]:
    case, ref = open_case(ctx, case_id, what={"view": kind, **params})
    view = case_view(ctx.store, ctx.db, actor=ctx.actor, case=case, secret=ctx.workspace.secret)
    datasets = sorted(view.visible_datasets())
    result, job = cached_or_started(ctx, ref, kind=kind, params=params, datasets=datasets,
                                    compute=lambda store, progress: compute(store, datasets, progress))
    return view, result, job


def alerts_of(ctx: Context, case_id: CaseId) -> tuple[CaseView, Any, Job | None]:
    return _start(ctx, case_id, kind="alerts", params={},
                  compute=lambda store, datasets, progress: fin.alerts(store, datasets=datasets,
                                                                       progress=progress))


def trace_of(ctx: Context, case_id: CaseId, *, start: str, direction: str, method: str
             ) -> tuple[CaseView, Any, Job | None]:
    params = {"start": start, "direction": direction, "method": method}
    return _start(ctx, case_id, kind="trace", params=params,
                  compute=lambda store, datasets, progress: fin.trace(
                      store, datasets=datasets, start=start, direction=direction, method=method,
                      progress=progress))


def labels(view: CaseView, ids: list[str]) -> dict[str, str]:
    """A display label per entity or account: its name, else its IBAN (masked), else the id."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    found = view.captions(ids)
    unnamed = [i for i in ids if found.get(i, i) == i]
    if unnamed:
        for row in view.statements(entity_ids=unnamed):
            if row["prop"] in ("iban", "accountNumber") and found.get(row["entity_id"]) == row["entity_id"]:
                found[row["entity_id"]] = row["value"]
    return found


def named_alerts(view: CaseView, alerts: list[dict[str, Any]], *, limit: int | None = None) -> list[dict[str, Any]]:
    shown = alerts[:limit] if limit else alerts
    names = labels(view, [e for a in shown for e in a["entity_ids"]])
    return [a | {"entities": [{"id": e, "name": names.get(e, e)} for e in a["entity_ids"]]} for a in shown]


@router.get("/alerts", responses={202: {"description": "still being computed: the job to poll"}})
def alerts(case_id: CaseId, ctx: Context = Depends(context),
           typology: str | None = Query(None, max_length=40),
           limit: int = Query(200, ge=1, le=5000)) -> Any:
    """Laundering-typology alerts, highest score first, each with a plain explanation."""
    view, result, job = alerts_of(ctx, case_id)
    if job is not None:
        return JSONResponse(pending(job), status_code=202)
    rows = [a for a in result if typology is None or a["typology"] == typology]
    return {"status": "done", "total": len(rows), "alerts": named_alerts(view, rows, limit=limit)}


@router.get("/trace", responses={202: {"description": "still being computed: the job to poll"}})
def trace(
    case_id: CaseId,
    start: str = Query(..., min_length=1, max_length=200, description="transaction, account or entity id"),
    direction: Literal["forward", "backward"] = Query("forward"),
    method: Literal["pro-rata", "fifo"] = Query("pro-rata"),
    ctx: Context = Depends(context),
) -> Any:
    """Follow the money (time-respecting) and return the flows for a Sankey diagram."""
    view, result, job = trace_of(ctx, case_id, start=start, direction=direction, method=method)
    if job is not None:
        return JSONResponse(pending(job), status_code=202)
    ids = [f["source"] for f in result["flows"]] + [f["target"] for f in result["flows"]]
    return {"status": "done", **result, "labels": labels(view, ids)}
