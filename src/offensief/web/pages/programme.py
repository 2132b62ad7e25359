"""The case's results page and the controller's programme page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Query, UploadFile
from fastapi.responses import HTMLResponse, Response

from offensief.api.deps import CaseId, Context, context
from offensief.cases.interventions import INSTRUMENTS, REGIONS, RESPONSIBLE
from offensief.cases.results import RECOVERY_STAGES
from offensief.casework.cases import case_summary, open_case
from offensief.casework.interventions import (
    ITEM_KINDS,
    Subject,
    add_intervention,
    move_intervention,
    record_item,
    record_money,
)
from offensief.casework.programme import MAX_UPLOAD, overview, upload
from offensief.casework.results import case_results
from offensief.casework.subjects import subject_choices
from offensief.model.errors import InputError, OffensiefError, PermissionDenied
from offensief.programme.report import money as eur
from offensief.web import i18n
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


def _day(on: str) -> date | None:
    try:
        return date.fromisoformat(on) if on else None
    except ValueError:
        raise InputError(f"not a date: {on!r}", field="on") from None


def _outcome(ctx: Context, case_id: int, call: Callable[[], object]) -> Response:
    """Run a form's casework call; a denial or bad input re-renders the page with the error."""
    try:
        call()
    except PermissionDenied as exc:
        return _results(ctx, case_id, error=str(exc), status_code=403)
    except OffensiefError as exc:
        return _results(ctx, case_id, error=str(exc), status_code=400)
    return redirect(f"/cases/{case_id}/results")


@router.post("/cases/{case_id}/results/propose", response_class=HTMLResponse)
def propose_form(case_id: CaseId, ctx: Context = Depends(context),
                 barrier: str = Form(..., max_length=64), partner: str = Form(..., max_length=32),
                 region: str = Form(..., max_length=40),
                 subject: list[str] = Form([]),
                 legal_basis: str = Form("", max_length=500), measure: str = Form("", max_length=64),
                 note: str = Form("", max_length=2000), on: str = Form("", max_length=10)) -> Response:
    """Propose an intervention on the case's entities (chosen from the case's visible data)."""
    def call() -> object:
        kind, _, instrument = barrier.partition(":")
        case, _ = open_case(ctx.caller, case_id, what={"view": "subjects"})
        kinds = {c.entity_id: c.kind for c in subject_choices(ctx.caller, case)}
        return add_intervention(
            ctx.caller, case=case_id, kind=kind, instrument=instrument, partner=partner,
            region=region, subjects=[Subject(e, kinds.get(e, "person")) for e in subject],
            legal_basis=legal_basis.strip() or None, measure=measure.strip() or None,
            note=note, on=_day(on))
    return _outcome(ctx, case_id, call)


@router.post("/cases/{case_id}/results/seize", response_class=HTMLResponse)
def seize_form(case_id: CaseId, ctx: Context = Depends(context),
               intervention: int = Form(..., ge=1, le=2_147_483_647), kind: str = Form(..., max_length=20),
               value: str = Form("0", max_length=20), identifier: str = Form("", max_length=200),
               entity_id: str = Form("", max_length=200),
               description: str = Form("", max_length=500),
               on: str = Form("", max_length=10)) -> Response:
    """Record a seized item with its value."""
    return _outcome(ctx, case_id, lambda: record_item(
        ctx.caller, case=case_id, intervention_id=intervention, kind=kind,
        value=value.strip() or "0", identifier=identifier.strip() or None,
        entity_id=entity_id or None, description=description, on=_day(on)))


@router.post("/cases/{case_id}/results/money", response_class=HTMLResponse)
def money_form(case_id: CaseId, ctx: Context = Depends(context),
               intervention: int = Form(..., ge=1, le=2_147_483_647), stage: str = Form(..., max_length=20),
               amount: str = Form(..., max_length=20), on: str = Form("", max_length=10),
               reference: str = Form("", max_length=200)) -> Response:
    """Record a confiscation order, a collection, or a fiscal assessment or collection."""
    return _outcome(ctx, case_id, lambda: record_money(
        ctx.caller, case=case_id, intervention_id=intervention, stage=stage,
        amount=amount.strip(), on=_day(on), reference=reference))


def _results(ctx: Context, case_id: int, *, error: str | None = None,
             status_code: int = 200) -> Response:
    case, ref = open_case(ctx.caller, case_id, what={"view": "results"})
    i18n.set_language(ctx.request.cookies.get(i18n.COOKIE))  # the chart titles are translated here
    data = case_results(ctx.caller, case=case_id)
    effect = data.effect
    may_propose = ctx.caller.can("judge", case=ref).allowed
    return render(ctx, "case_results.html", status_code=status_code, error=error,
                  tab="results", eur=eur, case=case_summary(case), data=data,
                  may_propose=may_propose, instruments=INSTRUMENTS, regions=REGIONS,
                  partners=sorted({p for group in RESPONSIBLE.values() for p in group}),
                  item_kinds=ITEM_KINDS, stages=RECOVERY_STAGES,
                  choices=subject_choices(ctx.caller, case),
                  effect_chart=predicted_vs_observed(effect) if effect else None,
                  funnel_chart=grouped_bars(data.afpakken["by_year"], category="year",
                                            series=FUNNEL, title=i18n.gettext("Afpakken per year of seizure"),
                                            unit=1e3, axis=i18n.gettext("EUR thousand")))


@router.get("/programme", response_class=HTMLResponse)
def programme_page(ctx: Context = Depends(context),
                   period: str = Query("2020Q4", pattern=r"^\d{4}Q[1-4]$")) -> Response:
    return _programme(ctx, period)


@router.post("/programme/upload", response_class=HTMLResponse)
def programme_upload(ctx: Context = Depends(context), kind: str = Form(..., max_length=20),
                     period: str = Form("2020Q4", pattern=r"^\d{4}Q[1-4]$"),
                     file: UploadFile = File(...)) -> Response:
    """Load a budget or spending CSV from the programme page (controller)."""
    try:
        loaded = upload(ctx.caller, kind=kind, name=file.filename or "",
                        data=file.file.read(MAX_UPLOAD + 1))
    except PermissionDenied as exc:
        return _programme(ctx, period, error=str(exc), status_code=403)
    except OffensiefError as exc:
        return _programme(ctx, period, error=str(exc), status_code=400)
    return _programme(ctx, period, loaded=loaded.as_dict())


def _programme(ctx: Context, period: str, *, error: str | None = None,
               loaded: dict[str, object] | None = None, status_code: int = 200) -> Response:
    i18n.set_language(ctx.request.cookies.get(i18n.COOKIE))  # the chart titles are translated here
    data = overview(ctx.caller, period=period)
    return render(ctx, "programme.html", eur=eur, data=data, period=period, error=error,
                  loaded=loaded, status_code=status_code,
                  may_load=ctx.caller.can("programme_write").allowed,
                  money_chart=grouped_bars(data["money"], category="measure", series=MONEY,
                                           title=i18n.gettext("Budget, committed and spent to %(end)s")
                                           % {"end": data["period_end"]}),
                  funnel_chart=grouped_bars(data["afpakken"], category="year", series=FUNNEL,
                                            title=i18n.gettext("Afpakken per year of seizure"), unit=1e3,
                                            axis=i18n.gettext("EUR thousand")))
