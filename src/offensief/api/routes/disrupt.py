"""Disruption what-if (strategy + mode → curve, immediate vs after recovery) and the
intervention plan per partner and instrument. Both run as cached background jobs on the
one case analysis (:mod:`offensief.casework.pipeline`) and one simulation
(:mod:`offensief.casework.simulation`); names follow the derived-data rule."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from offensief.access.view import CaseView
from offensief.api.deps import CaseId, Context, context
from offensief.api.schemas import SimulateIn
from offensief.casework import findings, pipeline
from offensief.casework.cases import open_case
from offensief.casework.jobs import Job
from offensief.casework.runs import pending
from offensief.casework.simulation import OFFERED
from offensief.disrupt.strategies import STRATEGIES

router = APIRouter(prefix="/api/cases/{case_id}/disrupt", tags=["disrupt"])


def what_if_of(ctx: Context, case_id: CaseId, body: SimulateIn) -> tuple[CaseView, Any, Job | None]:
    """The cached what-if for these settings, or the job computing it."""
    caller = ctx.caller
    params = {"strategy": body.strategy, "mode": body.mode, "steps": body.steps}
    case, ref = open_case(caller, case_id, what={"view": "whatif", **params})
    view = ctx.view(case)
    result, job = pipeline.what_if(caller, ref, view, **params)
    return view, result, job


def plan_of(ctx: Context, case_id: CaseId) -> tuple[CaseView, Any, Job | None]:
    caller = ctx.caller
    case, ref = open_case(caller, case_id, what={"view": "plan"})
    view = ctx.view(case)
    result, job = pipeline.plan(caller, ref, view)
    return view, result, job


@router.get("/strategies")
def strategies(case_id: CaseId, ctx: Context = Depends(context)) -> list[dict[str, str]]:
    """Removal strategies the what-if offers, with what each ranks by."""
    open_case(ctx.caller, case_id, what={"view": "strategies"})
    return [{"name": name, "description": STRATEGIES[name].description} for name in OFFERED]


@router.post("/whatif", responses={202: {"description": "still being computed: the job to poll"}})
def what_if(case_id: CaseId, body: SimulateIn, ctx: Context = Depends(context)) -> Any:
    """Remove ``steps`` members by ``strategy`` (``sequential`` re-ranks after each removal,
    ``block`` removes in blocks): the largest component immediately and after recovery."""
    view, result, job = what_if_of(ctx, case_id, body)
    if job is not None:
        return JSONResponse(pending(job), status_code=202)
    return {"status": "done", **findings.curve(view, result)}


@router.get("/plan", responses={202: {"description": "still being computed: the job to poll"}})
def plan(case_id: CaseId, ctx: Context = Depends(context)) -> Any:
    """An intervention package: per target the barrier-model step, the partner with the best
    instrument, and the expected effect after recovery. Advice for a person to accept."""
    view, result, job = plan_of(ctx, case_id)
    if job is not None:
        return JSONResponse(pending(job), status_code=202)
    return {"status": "done", **findings.plan(view, result)}
