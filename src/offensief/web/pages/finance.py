"""Finance page: alerts with explanations, money-flow Sankey from a trace."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response

from offensief.api.casework import case_summary, open_case
from offensief.api.deps import CaseId, Context, context
from offensief.api.routes.finance import (
    alerts_of,
    assets_of,
    labels,
    named_alerts,
    named_assets,
    trace_of,
)
from offensief.model.errors import NotFound, OffensiefError
from offensief.web.pages.common import render
from offensief.web.sankey import sankey_svg

router = APIRouter()


@router.get("/cases/{case_id}/finance", response_class=HTMLResponse)
def finance_page(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    case, _ = open_case(ctx, case_id, what={"view": "finance"})
    return render(ctx, "case_finance.html", tab="finance", case=case_summary(case))


@router.get("/cases/{case_id}/finance/alerts", response_class=HTMLResponse)
def alerts_fragment(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    try:
        view, result, job = alerts_of(ctx, case_id)
    except NotFound:
        raise  # a non-member gets the 404 of an unknown case, not a 200 fragment
    except OffensiefError as exc:
        return render(ctx, "hit_result.html", error=str(exc))
    if job is not None:
        return render(ctx, "job_progress.html", job=job.to_dict(), title="Detecting typologies",
                      poll=f"/cases/{case_id}/finance/alerts")
    return render(ctx, "alerts_table.html", alerts=named_alerts(view, result, limit=100),
                  total=len(result), case_id=case_id)


@router.get("/cases/{case_id}/finance/trace", response_class=HTMLResponse)
def trace_fragment(
    case_id: CaseId,
    ctx: Context = Depends(context),
    start: str = Query(..., min_length=1, max_length=200),
    direction: Literal["forward", "backward"] = Query("forward"),
    method: Literal["pro-rata", "fifo"] = Query("pro-rata"),
) -> Response:
    try:
        view, result, job = trace_of(ctx, case_id, start=start, direction=direction, method=method)
    except NotFound:
        raise  # a non-member gets the 404 of an unknown case, not a 200 fragment
    except OffensiefError as exc:
        return render(ctx, "hit_result.html", error=str(exc))
    if job is not None:
        return render(ctx, "job_progress.html", job=job.to_dict(), title="Tracing",
                      poll=f"/cases/{case_id}/finance/trace?" + urlencode(
                          {"start": start, "direction": direction, "method": method}))
    names = labels(view, [f["source"] for f in result["flows"]] + [f["target"] for f in result["flows"]]
                   + [e["account"] for e in result["endpoints"]])
    return render(ctx, "trace_result.html", result=result, labels=names,
                  svg=sankey_svg(result["flows"], labels=names))


@router.get("/cases/{case_id}/finance/assets", response_class=HTMLResponse)
def assets_fragment(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    try:
        view, result, job = assets_of(ctx, case_id)
    except NotFound:
        raise  # a non-member gets the 404 of an unknown case, not a 200 fragment
    except OffensiefError as exc:
        return render(ctx, "hit_result.html", error=str(exc))
    if job is not None:
        return render(ctx, "job_progress.html", job=job.to_dict(), title="Asset inventory",
                      poll=f"/cases/{case_id}/finance/assets")
    return render(ctx, "assets_table.html", inventory=named_assets(view, result, limit=60), case_id=case_id)
