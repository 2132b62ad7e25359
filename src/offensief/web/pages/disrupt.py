"""Disruption what-if page: strategy + mode → curve (vega-lite) and the intervention plan."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response

from offensief.access.view import CaseView
from offensief.api.deps import CaseId, Context, context
from offensief.casework import findings, pipeline
from offensief.casework.cases import case_summary, open_case
from offensief.casework.simulation import OFFERED
from offensief.disrupt.strategies import STRATEGIES
from offensief.web.charts import disruption_curve
from offensief.web.pages.common import analysis_fragment, render
from offensief.web.warmup import WHATIF_DEFAULTS

router = APIRouter()


@router.get("/cases/{case_id}/disrupt", response_class=HTMLResponse)
def disrupt_page(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    case, _ = open_case(ctx.caller, case_id, what={"view": "disrupt"})
    strategies = [{"name": n, "description": STRATEGIES[n].description} for n in OFFERED]
    return render(ctx, "case_disrupt.html", tab="disrupt", case=case_summary(case), strategies=strategies,
                  defaults=WHATIF_DEFAULTS)


@router.get("/cases/{case_id}/disrupt/whatif", response_class=HTMLResponse)
def whatif_fragment(
    case_id: CaseId,
    ctx: Context = Depends(context),
    strategy: str = Query(WHATIF_DEFAULTS["strategy"], max_length=40),
    mode: str = Query(WHATIF_DEFAULTS["mode"], pattern="^(sequential|block)$"),
    steps: int = Query(WHATIF_DEFAULTS["steps"], ge=1, le=500),
) -> Response:
    def show(view: CaseView, result: Any) -> Response:
        named = findings.curve(view, result)
        spec = disruption_curve(named["curve"], title=f"{strategy} ({mode}): largest component")
        return render(ctx, "whatif_result.html", result=named, spec=spec)

    return analysis_fragment(
        ctx, case_id, what={"view": "whatif", "strategy": strategy},
        analysis=partial(pipeline.what_if, strategy=strategy, mode=mode, steps=steps),
        title="What-if", show=show,
        poll=f"/cases/{case_id}/disrupt/whatif?" + urlencode({"strategy": strategy, "mode": mode,
                                                              "steps": steps}))


@router.get("/cases/{case_id}/disrupt/plan", response_class=HTMLResponse)
def plan_fragment(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    return analysis_fragment(
        ctx, case_id, what={"view": "plan"}, analysis=pipeline.plan, title="Intervention plan",
        poll=f"/cases/{case_id}/disrupt/plan",
        show=lambda view, result: render(ctx, "plan_result.html", plan=findings.plan(view, result),
                                         case_id=case_id))
