"""Financial intelligence of a case: typology alerts with explanations, and money traces.

Both run as cached background jobs on the datasets the caller may see; names and account
numbers come through the case view (tokens where the caller may not see them in clear).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from offensief.access.view import CaseView
from offensief.api.analyses import finance as fin
from offensief.api.analyses.idchain import chain_ids, with_names
from offensief.api.analyses.runner import cached_or_started, pending
from offensief.api.casework import open_case
from offensief.api.deps import CaseId, Context, context
from offensief.api.jobs import Job

router = APIRouter(prefix="/api/cases/{case_id}/finance", tags=["finance"])


def _start(ctx: Context, case_id: CaseId, *, kind: str, params: dict[str, Any], compute: Any
           ) -> tuple[CaseView, Any, Job | None]:
    case, ref = open_case(ctx, case_id, what={"view": kind, **params})
    view = ctx.view(case)
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


def assets_of(ctx: Context, case_id: CaseId) -> tuple[CaseView, Any, Job | None]:
    return _start(ctx, case_id, kind="assets", params={},
                  compute=lambda store, datasets, progress: fin.assets(store, datasets=datasets,
                                                                       progress=progress))


def named_assets(view: CaseView, rows: list[dict[str, Any]], *, limit: int | None = None) -> dict[str, Any]:
    """Assets with names per viewer and the seizable value per beneficial owner. The chain
    text quotes names, so it is withheld when any of the viewer's data is tokenised."""
    shown = rows[:limit] if limit else rows
    ids = sorted({i for a in shown for i in a["source_ids"] + a["beneficial_owner_source_ids"]
                  + chain_ids(a["chain"])})
    names = labels(view, ids)
    all_clear = all(level == "clear" for level in view.visible_datasets().values())

    def best(source_ids: list[str], default: str | None) -> str | None:
        found = [names.get(i, i) for i in source_ids]
        return min(found, key=lambda c: (c.startswith("tok_"), c in source_ids, c)) if found else default

    out = []
    for asset in shown:
        item = {k: v for k, v in asset.items() if k not in ("label", "beneficial_owner_name", "chain")}
        item["label"] = best(asset["source_ids"], asset["asset_id"])
        item["beneficial_owner_name"] = best(asset["beneficial_owner_source_ids"], None)
        item["chain"] = with_names(asset["chain"], names) if all_clear else []
        out.append(item)
    per: dict[str, dict[str, Any]] = {}
    for asset in rows:
        if asset["beneficial_owner"] is None:
            continue
        entry = per.setdefault(asset["beneficial_owner"], {
            "subject": asset["beneficial_owner"], "source_ids": asset["beneficial_owner_source_ids"],
            "value": 0.0, "assets": 0})
        entry["value"] += asset["value"]
        entry["assets"] += 1
    subjects = sorted(per.values(), key=lambda e: -e["value"])[:25]
    subject_names = labels(view, [i for e in subjects for i in e["source_ids"]])
    for entry in subjects:
        found = [subject_names.get(i, i) for i in entry["source_ids"]]
        entry["name"] = min(found, key=lambda c: (c.startswith("tok_"), c)) if found else entry["subject"]
        entry["value"] = round(entry["value"], 2)
    return {"total": len(rows), "assets": out, "by_subject": subjects, "chains": "shown" if all_clear else "withheld"}


@router.get("/assets", responses={202: {"description": "still being computed: the job to poll"}})
def assets(case_id: CaseId, ctx: Context = Depends(context),
           limit: int = Query(200, ge=1, le=5000)) -> Any:
    """Asset inventory: value, beneficial owner through ownership/directorship chains (straw
    men and trust offices seen through), and the seizable value per subject."""
    view, result, job = assets_of(ctx, case_id)
    if job is not None:
        return JSONResponse(pending(job), status_code=202)
    return {"status": "done", **named_assets(view, result, limit=limit)}
