"""The case's results page and the controller's programme page."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query
from fastapi.responses import HTMLResponse, Response

from offensief.casework.cases import case_summary, open_case
from offensief.api.deps import CaseId, Context, context
from offensief.casework.interventions import move_intervention
from offensief.casework.programme import overview
from offensief.casework.results import case_results
from offensief.model.errors import OffensiefError, PermissionDenied
from offensief.programme.report import money as eur
from offensief.web.pages.common import redirect, render
from offensief.web.programme_charts import grouped_bars, predicted_vs_observed

router = APIRouter()
MONEY = {"budget_eur": "budget", "committed_eur": "committed", "spent_eur": "spent"}
FUNNEL = {"seized_eur": "seized", "ordered_eur": "ordered", "collected_eur": "collected"}


@router.get("/cases/{case_id}/results", response_class=HTMLResponse)
def results_page(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    return _results(ctx, case_id)


@router.post("/cases/{case_id}/results/{intervention_id}/move", response_class=HTMLResponse)
def move_form(case_id: CaseId, intervention_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
              ctx: Context = Depends(context),
              status: str = Form(..., max_length=20), on: str = Form("", max_length=10),
              outcome: str = Form("", max_length=2000)) -> Response:
    """Approve, execute, record the result or cancel from the results page."""
    try:
        day = date.fromisoformat(on) if on else None
        move_intervention(ctx.caller, case=case_id, intervention_id=intervention_id, to=status,
                          on=day, outcome=outcome or None)
    except ValueError:
        return _results(ctx, case_id, error=f"not a date: {on!r}", status_code=400)
    except PermissionDenied as exc:
        return _results(ctx, case_id, error=str(exc), status_code=403)
    except OffensiefError as exc:
        return _results(ctx, case_id, error=str(exc), status_code=400)
    return redirect(f"/cases/{case_id}/results")


def _results(ctx: Context, case_id: int, *, error: str | None = None,
             status_code: int = 200) -> Response:
    case, _ = open_case(ctx.caller, case_id, what={"view": "results"})
    data = case_results(ctx.caller, case=case_id)
    effect = data["effect"]
    return render(ctx, "case_results.html", status_code=status_code, error=error,
                  tab="results", eur=eur, case=case_summary(case), data=data,
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
