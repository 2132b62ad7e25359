"""The protection register over HTTP: ``/api/protect/...`` (protection officers only; the
compartment and the audit are the application layer's, :mod:`offensief.casework.protect`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from offensief.api.deps import Context, context
from offensief.casework import protect as cp
from offensief.casework.protect_signals import mark_seen, scan
from offensief.protect import register as reg

router = APIRouter(prefix="/api/protect", tags=["protect"])

SubjectId = Annotated[int, Path(ge=1, le=2_147_483_647, description="record (subject) id")]
ItemId = Annotated[int, Path(ge=1, le=2_147_483_647)]
Text = Annotated[str, Field(max_length=2000)]
Short = Annotated[str, Field(min_length=1, max_length=200)]


class SubjectIn(BaseModel):
    name: Short
    kind: str = Field(default="person", max_length=16)
    profession: str = Field(max_length=40)
    region: Short
    unit_partner: str = Field(max_length=64)
    authority_partner: str = Field(max_length=64)
    domain: str = Field(default="decentral", max_length=16)
    authority: str | None = Field(default=None, max_length=16)
    birth_date: date | None = None
    address: str | None = Field(default=None, max_length=300)
    phone: str | None = Field(default=None, max_length=40)


class ThreatenerIn(BaseModel):
    name: Short
    entity_id: str | None = Field(default=None, max_length=200)
    case_id: int | None = Field(default=None, ge=1, le=2_147_483_647)


class ReportIn(BaseModel):
    source: Short
    reported_on: date
    classification: str = Field(min_length=1, max_length=40)
    summary: Text = ""
    threateners: list[ThreatenerIn] = Field(default_factory=list, max_length=50)


class ProductIn(BaseModel):
    kind: str = Field(max_length=8)
    author_org: str = Field(max_length=64)
    issued_on: date
    conclusion: str = Field(max_length=16)
    threat_level: int | None = Field(default=None, ge=1, le=4)
    decision: Text = ""
    requests: str | None = Field(default=None, max_length=8)
    requested_due: date | None = None


class MeasureIn(BaseModel):
    description: Short
    level: int = Field(ge=1, le=4)
    unit: str = Field(max_length=16)
    start_on: date
    planned_end: date | None = None


class EndIn(BaseModel):
    end_on: date
    reason: Short


class ReviewIn(BaseModel):
    due_on: date


class HoldIn(BaseModel):
    done_on: date
    outcome: Short
    next_due: date | None = None


class ContactIn(BaseModel):
    channel: str = Field(default="phone", max_length=40)
    note: Text


class MoveIn(BaseModel):
    to: str = Field(max_length=16)
    reason: Text = ""


@router.get("/subjects")
def list_subjects(ctx: Context = Depends(context)) -> list[dict[str, Any]]:
    """The records of the caller's compartment."""
    return cp.list_subjects(ctx.caller)


@router.post("/subjects", status_code=201)
def add_subject(body: SubjectIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Register a subject in the caller's own compartment."""
    return cp.add_subject(ctx.caller, reg.SubjectInput(**body.model_dump()))


@router.get("/subjects/{subject_id}")
def show_subject(subject_id: SubjectId, ctx: Context = Depends(context)) -> dict[str, Any]:
    """One record with its product chain, measures, re-evaluations, contacts, signals."""
    return cp.show_subject(ctx.caller, subject_id)


@router.post("/subjects/{subject_id}/reports", status_code=201)
def add_report(subject_id: SubjectId, body: ReportIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    people = [reg.ThreatenerInput(**t.model_dump()) for t in body.threateners]
    return cp.add_report(ctx.caller, subject_id, source=body.source, reported_on=body.reported_on,
                         classification=body.classification, summary=body.summary,
                         threateners=people)


@router.post("/subjects/{subject_id}/products", status_code=201)
def add_product(subject_id: SubjectId, body: ProductIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    return cp.add_product(ctx.caller, subject_id, **body.model_dump())


@router.post("/subjects/{subject_id}/measures", status_code=201)
def add_measure(subject_id: SubjectId, body: MeasureIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    return cp.add_measure(ctx.caller, subject_id, **body.model_dump())


@router.post("/subjects/{subject_id}/measures/{measure_id}/end")
def end_measure(subject_id: SubjectId, measure_id: ItemId, body: EndIn,
                ctx: Context = Depends(context)) -> dict[str, Any]:
    return cp.end_measure(ctx.caller, subject_id, measure_id, end_on=body.end_on, reason=body.reason)


@router.post("/subjects/{subject_id}/reviews", status_code=201)
def plan_review(subject_id: SubjectId, body: ReviewIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    return cp.plan_review(ctx.caller, subject_id, due_on=body.due_on)


@router.post("/subjects/{subject_id}/reviews/{review_id}/hold")
def hold_review(subject_id: SubjectId, review_id: ItemId, body: HoldIn,
                ctx: Context = Depends(context)) -> dict[str, Any]:
    return cp.hold_review(ctx.caller, subject_id, review_id, done_on=body.done_on,
                          outcome=body.outcome, next_due=body.next_due)


@router.post("/subjects/{subject_id}/contacts", status_code=201)
def add_contact(subject_id: SubjectId, body: ContactIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    return cp.add_contact(ctx.caller, subject_id, channel=body.channel, note=body.note)


@router.post("/subjects/{subject_id}/moves")
def move(subject_id: SubjectId, body: MoveIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    return cp.move(ctx.caller, subject_id, body.to, reason=body.reason)


@router.post("/subjects/{subject_id}/signals/seen")
def signals_seen(subject_id: SubjectId, ctx: Context = Depends(context)) -> dict[str, int]:
    return {"seen": mark_seen(ctx.caller, subject_id)}


@router.get("/due")
def due(ctx: Context = Depends(context),
        today: date | None = Query(None, description="reference date (default today)")) -> dict[str, Any]:
    """Overdue and coming deadlines of the caller's records."""
    return cp.due_list(ctx.caller, today=today).to_dict()


@router.get("/overview")
def overview(ctx: Context = Depends(context)) -> dict[str, Any]:
    """The national caseload (aggregates only) and its Vega-Lite chart."""
    data, spec = cp.caseload(ctx.caller)
    return {**data.to_dict(), "chart": spec}


@router.post("/scan")
def run_scan(ctx: Context = Depends(context),
             subject: int | None = Query(None, ge=1, le=2_147_483_647)) -> dict[str, Any]:
    """New threatener activity and hit/no-hit of the caller's subjects in cases."""
    return scan(ctx.caller, subject_id=subject).to_dict()
