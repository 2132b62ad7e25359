"""Finance page: alerts with explanations, money-flow Sankey from a trace."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response

from offensief.access.policy import CaseRef
from offensief.access.view import CaseView
from offensief.api.deps import CaseId, Context, context
from offensief.casework import finance as fin
from offensief.casework.caller import Caller
from offensief.casework.cases import case_summary, open_case
from offensief.casework.formats import money
from offensief.model.errors import InputError
from offensief.web import i18n
from offensief.web.pages.common import analysis_fragment, render
from offensief.web.sankey import sankey_svg

router = APIRouter()


@router.get("/cases/{case_id}/finance", response_class=HTMLResponse)
def finance_page(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    case, _ = open_case(ctx.caller, case_id, what={"view": "finance"})
    return render(ctx, "case_finance.html", tab="finance", case=case_summary(case))


@router.get("/cases/{case_id}/finance/alerts", response_class=HTMLResponse)
def alerts_fragment(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    return analysis_fragment(
        ctx, case_id, what={"view": "alerts"}, analysis=fin.alerts, title="Detecting typologies",
        poll=f"/cases/{case_id}/finance/alerts",
        show=lambda view, result: render(ctx, "alerts_table.html",
                                         alerts=fin.shown_alerts(view, result, limit=100),
                                         total=len(result), case_id=case_id))


@router.get("/cases/{case_id}/finance/trace", response_class=HTMLResponse)
def trace_fragment(
    case_id: CaseId,
    ctx: Context = Depends(context),
    start: str | None = Query(None, min_length=1, max_length=200),
    alert: str | None = Query(None, min_length=1, max_length=40),
    direction: Literal["forward", "backward"] = Query("forward"),
    method: Literal["pro-rata", "fifo"] = Query("pro-rata"),
) -> Response:
    """A money trace from a payment, account or entity, or of a whole alert (``alert``)."""

    def traced(caller: Caller, ref: CaseRef, view: CaseView) -> fin.Outcome:
        if (start is None) == (alert is None):
            raise InputError("give either start or alert", field="start")
        if alert is not None:
            return fin.alert_trace(caller, ref, view, alert=alert, direction=direction, method=method)
        return fin.trace(caller, ref, view, start=start or "", direction=direction, method=method)

    def show(view: CaseView, result: Any) -> Response:
        shown = fin.shown_trace(view, result)
        labels = shown["labels"] | {"cash": i18n.gettext("cash")}
        locale = i18n.current()
        svg = sankey_svg(shown["flows"], labels=labels, money=lambda v: money(v, locale=locale))
        return render(ctx, "trace_result.html", result=shown, labels=labels,
                      svg=svg if shown["flows"] else "")

    where = {"alert": alert} if alert is not None else {"start": start}
    return analysis_fragment(
        ctx, case_id, what={"view": "trace", "start": start, "alert": alert}, analysis=traced,
        title="Tracing", show=show,
        poll=f"/cases/{case_id}/finance/trace?" + urlencode(
            where | {"direction": direction, "method": method}))


@router.get("/cases/{case_id}/finance/assets", response_class=HTMLResponse)
def assets_fragment(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    return analysis_fragment(
        ctx, case_id, what={"view": "assets"}, analysis=fin.assets, title="Asset inventory",
        poll=f"/cases/{case_id}/finance/assets",
        show=lambda view, result: render(ctx, "assets_table.html",
                                         inventory=fin.shown_assets(view, result, limit=60),
                                         case_id=case_id))
