"""The case's results page and the controller's programme page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response

from offensief.api.casework import case_summary, open_case
from offensief.api.deps import CaseId, Context, context
from offensief.casework.programme import overview
from offensief.casework.results import case_results
from offensief.programme.report import money as eur
from offensief.web.pages.common import render
from offensief.web.programme_charts import grouped_bars, predicted_vs_observed

router = APIRouter()
MONEY = {"budget_eur": "budget", "committed_eur": "committed", "spent_eur": "spent"}
FUNNEL = {"seized_eur": "seized", "ordered_eur": "ordered", "collected_eur": "collected"}


@router.get("/cases/{case_id}/results", response_class=HTMLResponse)
def results_page(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    case, _ = open_case(ctx, case_id, what={"view": "results"})
    data = case_results(ctx.caller, case=case_id)
    effect = data["effect"]
    return render(ctx, "case_results.html", tab="results", eur=eur, case=case_summary(case), data=data,
                  effect_chart=predicted_vs_observed(effect) if effect else None,
                  funnel_chart=grouped_bars(data["afpakken"]["by_year"], category="year",
                                            series=FUNNEL, title="Afpakken per year of seizure",
                                            unit=1e3, axis="EUR thousand"))


@router.get("/programme", response_class=HTMLResponse)
def programme_page(ctx: Context = Depends(context),
                   period: str = Query("2020Q4", pattern=r"^\d{4}Q[1-4]$")) -> Response:
    data = overview(ctx.caller, period=period)
    return render(ctx, "programme.html", eur=eur, data=data, period=period,
                  money_chart=grouped_bars(data["money"], category="measure", series=MONEY,
                                           title=f"Budget, committed and spent to {data['period_end']}"),
                  funnel_chart=grouped_bars(data["afpakken"], category="year", series=FUNNEL,
                                            title="Afpakken per year of seizure", unit=1e3,
                                            axis="EUR thousand"))
