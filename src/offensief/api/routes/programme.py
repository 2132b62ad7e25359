"""Interventions and results of a case, KPIs, and the programme's money (aggregates)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Path, Query, UploadFile
from pydantic import BaseModel, Field

from offensief.api.deps import CaseId, Context, context
from offensief.casework import interventions as work
from offensief.casework.programme import MAX_UPLOAD, overview, upload
from offensief.casework.results import case_results, kpi

router = APIRouter(prefix="/api", tags=["results"])
InterventionId = Annotated[int, Path(ge=1, le=2_147_483_647, description="intervention id")]
Period = Query("2020Q4", pattern=r"^\d{4}Q[1-4]$", description="quarter, e.g. 2020Q4")


class SubjectIn(BaseModel):
    entity_id: str = Field(min_length=1, max_length=200)
    kind: Literal["person", "company", "asset"] = "person"
    role: str | None = Field(None, max_length=40)


class InterventionIn(BaseModel):
    kind: str = Field(max_length=20)
    instrument: str = Field(max_length=40)
    partner: str = Field(max_length=32)
    region: str = Field(max_length=40)
    subjects: list[SubjectIn] = Field(min_length=1, max_length=50)
    legal_basis: str | None = Field(None, max_length=500)
    measure: str | None = Field(None, max_length=64)
    note: str = Field("", max_length=2000)
    plan_rank: int | None = Field(None, ge=1, le=10_000)
    on: date | None = None


class MoveIn(BaseModel):
    status: Literal["approved", "executed", "result", "cancelled"]
    on: date | None = None
    outcome: str | None = Field(None, max_length=2000)
    removed: list[str] | None = Field(None, max_length=50)


class ItemIn(BaseModel):
    kind: str = Field(max_length=20)
    value: str = Field("0", max_length=20)
    identifier: str | None = Field(None, max_length=200)
    entity_id: str | None = Field(None, max_length=200)
    description: str = Field("", max_length=500)
    on: date | None = None


class MoneyIn(BaseModel):
    stage: Literal["ontneming", "inning", "aanslag", "fiscale-inning"]
    amount: str = Field(max_length=20)
    on: date | None = None
    reference: str = Field("", max_length=200)


@router.get("/cases/{case_id}/interventions")
def list_interventions(case_id: CaseId, ctx: Context = Depends(context)) -> list[dict[str, Any]]:
    """The case's interventions (case members)."""
    return [i.as_dict() for i in work.list_interventions(ctx.caller, case=case_id)]


@router.post("/cases/{case_id}/interventions", status_code=201)
def add_intervention(case_id: CaseId, body: InterventionIn,
                     ctx: Context = Depends(context)) -> dict[str, Any]:
    """Propose an intervention (case members with ``judge``: analysts, investigators)."""
    out = work.add_intervention(
        ctx.caller, case=case_id, kind=body.kind, instrument=body.instrument,
        partner=body.partner, region=body.region,
        subjects=[work.Subject(s.entity_id, s.kind, s.role) for s in body.subjects],
        legal_basis=body.legal_basis, measure=body.measure, note=body.note,
        plan_rank=body.plan_rank, on=body.on)
    return out.as_dict()


@router.post("/cases/{case_id}/interventions/{intervention_id}/status")
def move(case_id: CaseId, intervention_id: InterventionId, body: MoveIn,
         ctx: Context = Depends(context)) -> dict[str, Any]:
    """Approve, execute, record the result, or cancel (see docs/programme.md for who)."""
    return work.move_intervention(ctx.caller, case=case_id, intervention_id=intervention_id,
                                  to=body.status, on=body.on, outcome=body.outcome,
                                  removed=body.removed).as_dict()


@router.post("/cases/{case_id}/interventions/{intervention_id}/items", status_code=201)
def seize(case_id: CaseId, intervention_id: InterventionId, body: ItemIn,
          ctx: Context = Depends(context)) -> dict[str, Any]:
    """Record a seized item (weapons with their identifier)."""
    return work.record_item(ctx.caller, case=case_id, intervention_id=intervention_id,
                            kind=body.kind, value=body.value, identifier=body.identifier,
                            entity_id=body.entity_id, description=body.description,
                            on=body.on).as_dict()


@router.post("/cases/{case_id}/interventions/{intervention_id}/money", status_code=201)
def money(case_id: CaseId, intervention_id: InterventionId, body: MoneyIn,
          ctx: Context = Depends(context)) -> dict[str, Any]:
    """Record a confiscation order, a collection, a fiscal assessment or collection."""
    return work.record_money(ctx.caller, case=case_id, intervention_id=intervention_id,
                             stage=body.stage, amount=body.amount, on=body.on,
                             reference=body.reference).as_dict()


@router.get("/cases/{case_id}/results")
def results(case_id: CaseId, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Interventions, afpakken and the effect against the plan (same shape as the CLI)."""
    return case_results(ctx.caller, case=case_id).to_json()


@router.get("/kpi")
def kpis(ctx: Context = Depends(context),
         level: Literal["case", "region", "national"] = Query("national"),
         months: int = Query(6, ge=0, le=120),
         drop: float = Query(0.25, gt=0, le=1)) -> dict[str, Any]:
    """KPIs per case (members), region or nationally (aggregates)."""
    return kpi(ctx.caller, level=level, months=months, drop=drop).to_json()


@router.get("/programme")
def programme(ctx: Context = Depends(context), period: str = Period) -> dict[str, Any]:
    """Budget against commitments, spending and results (controller; aggregates only)."""
    return overview(ctx.caller, period=period)


@router.post("/programme/{kind}", status_code=201)
def programme_upload(kind: Literal["budget", "spending"], ctx: Context = Depends(context),
                     file: UploadFile = File(...)) -> dict[str, Any]:
    """Load a budget CSV (replaces the budget) or a spending CSV (replaces the rows of the
    same file name); checked whole first, all or nothing (``programme_write``: controller)."""
    data = file.file.read(MAX_UPLOAD + 1)
    return upload(ctx.caller, kind=kind, name=file.filename or "", data=data).as_dict()
