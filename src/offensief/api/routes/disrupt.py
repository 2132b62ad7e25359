"""Disruption what-if (strategy + mode → curve, immediate vs after recovery) and the
intervention plan per partner and instrument. Both run as cached background jobs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from offensief.access.view import CaseView
from offensief.api.analyses import disrupt as dis
from offensief.api.analyses.runner import cached_or_started, pending
from offensief.api.casework import open_case
from offensief.api.deps import CaseId, Context, context
from offensief.api.jobs import Job
from offensief.api.schemas import SimulateIn
from offensief.model.errors import InputError

router = APIRouter(prefix="/api/cases/{case_id}/disrupt", tags=["disrupt"])


def _start(ctx: Context, case_id: CaseId, *, kind: str, params: dict[str, Any], compute: Any,
           what: str) -> tuple[CaseView, Any, Job | None]:
    case, ref = open_case(ctx, case_id, what={"view": what, **params})
    view = ctx.view(case)
    datasets = sorted(view.visible_datasets())
    result, job = cached_or_started(ctx, ref, kind=kind, params=params, datasets=datasets,
                                    compute=lambda store, progress: compute(store, datasets, progress))
    return view, result, job


def what_if_of(ctx: Context, case_id: CaseId, body: SimulateIn) -> tuple[CaseView, Any, Job | None]:
    """The cached what-if for these settings, or the job computing it."""
    if body.strategy not in dis.OFFERED:
        raise InputError(f"unknown strategy {body.strategy!r}; known: {', '.join(dis.OFFERED)}",
                         field="strategy")
    params = {"strategy": body.strategy, "mode": body.mode, "steps": body.steps}
    return _start(ctx, case_id, kind="whatif", params=params, what="whatif",
                  compute=lambda store, datasets, progress: dis.what_if(
                      store, datasets=datasets, strategy=body.strategy, mode=body.mode,
                      steps=body.steps, progress=progress))


def plan_of(ctx: Context, case_id: CaseId) -> tuple[CaseView, Any, Job | None]:
    return _start(ctx, case_id, kind="plan", params={"size": 8}, what="plan",
                  compute=lambda store, datasets, progress: dis.plan(store, datasets=datasets,
                                                                     progress=progress))


def named_curve(view: CaseView, result: dict[str, Any]) -> dict[str, Any]:
    ids = [r["removed"] for r in result["curve"] if r["removed"]]
    captions = view.captions(ids) if ids else {}
    curve = [r | {"removed_name": captions.get(r["removed"], r["removed"]) if r["removed"] else None}
             for r in result["curve"]]
    return result | {"curve": curve, "removed": [captions.get(i, i) for i in result["removed"]]}


def named_plan(view: CaseView, result: dict[str, Any]) -> dict[str, Any]:
    ids = sorted({s for t in result["targets"] for s in t["source_ids"]})
    captions = view.captions(ids) if ids else {}

    def name(target: dict[str, Any]) -> str:
        names = [captions.get(s, s) for s in target["source_ids"]]
        return min(names, key=lambda c: (c.startswith("tok_"), c))

    targets = [t | {"name": name(t)} for t in result["targets"]]
    by_partner: dict[str, list[dict[str, Any]]] = {}
    for target in targets:
        by_partner.setdefault(target["partner"], []).append(target)
    strategies = [{k: v for k, v in s.items() if k != "targets"} for s in result["strategies"]]
    return result | {"targets": targets, "by_partner": by_partner, "strategies": strategies}


@router.get("/strategies")
def strategies(case_id: CaseId, ctx: Context = Depends(context)) -> list[dict[str, str]]:
    """Removal strategies the what-if offers, with what each ranks by."""
    open_case(ctx, case_id, what={"view": "strategies"})
    return [{"name": name, "description": dis.STRATEGIES[name].description} for name in dis.OFFERED]


@router.post("/whatif", responses={202: {"description": "still being computed: the job to poll"}})
def what_if(case_id: CaseId, body: SimulateIn, ctx: Context = Depends(context)) -> Any:
    """Remove ``steps`` members by ``strategy`` (``sequential`` re-ranks after each removal,
    ``block`` removes in blocks): the largest component immediately and after recovery."""
    view, result, job = what_if_of(ctx, case_id, body)
    if job is not None:
        return JSONResponse(pending(job), status_code=202)
    return {"status": "done", **named_curve(view, result)}


@router.get("/plan", responses={202: {"description": "still being computed: the job to poll"}})
def plan(case_id: CaseId, ctx: Context = Depends(context)) -> Any:
    """An intervention package: per target the barrier-model step, the partner with the best
    instrument, and the expected effect after recovery. Advice for a person to accept."""
    view, result, job = plan_of(ctx, case_id)
    if job is not None:
        return JSONResponse(pending(job), status_code=202)
    return {"status": "done", **named_plan(view, result)}
