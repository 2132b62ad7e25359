"""The protection register's pages: the register, a record with its chain, the overview."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query
from fastapi.responses import HTMLResponse, Response

from offensief.api.deps import Context, context
from offensief.casework import protect as cp
from offensief.casework.protect_signals import mark_seen, scan
from offensief.model.errors import InputError, OffensiefError
from offensief.protect import register as reg
from offensief.protect.workflow import STATES
from offensief.web.pages.common import redirect, render
from offensief.web.protect_chain import chain_svg

router = APIRouter()
SubjectId = Annotated[int, Path(ge=1, le=2_147_483_647)]
ItemId = Annotated[int, Path(ge=1, le=2_147_483_647)]
DateField = Annotated[str, Form(max_length=10)]


@router.get("/protect", response_class=HTMLResponse)
def register_page(ctx: Context = Depends(context)) -> Response:
    caller = ctx.caller
    rows = cp.list_subjects(caller)
    deadlines = cp.due_list(caller).to_dict()
    return render(ctx, "protect_list.html", rows=rows, due=deadlines)


@router.get("/protect/overview", response_class=HTMLResponse)
def overview_page(ctx: Context = Depends(context)) -> Response:
    data, spec = cp.caseload(ctx.caller)
    return render(ctx, "protect_overview.html", data=data.to_dict(), spec=spec)


@router.get("/protect/{subject_id}", response_class=HTMLResponse)
def record_page(subject_id: SubjectId, ctx: Context = Depends(context),
                error: str = Query("", max_length=500)) -> Response:
    today = date.today()
    record = cp.show_subject(ctx.caller, subject_id, today=today)
    return render(ctx, "protect_record.html", r=record, svg=chain_svg(record, today=today),
                  states=STATES, error=error)


@router.post("/protect/{subject_id}/move", response_class=HTMLResponse)
def move_form(subject_id: SubjectId, ctx: Context = Depends(context),
              to: str = Form(..., max_length=16), reason: str = Form("", max_length=2000)) -> Response:
    try:
        cp.move(ctx.caller, subject_id, to, reason=reason)
    except OffensiefError as exc:
        if exc.code == "permission_denied" and "compartment" in str(exc):
            raise
        return record_page(subject_id, ctx, error=str(exc))
    return redirect(f"/protect/{subject_id}")


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _apply(ctx: Context, subject_id: int, write: Callable[[], Any]) -> Response:
    """Apply one form's write through casework: a broken rule or a missing or bad field is
    shown on the record page (fields default to empty so the register's own rule answers); a record outside the compartment is the error page (no oracle)."""
    try:
        write()
    except OffensiefError as exc:
        if "compartment" in str(exc):
            raise
        error = str(exc)
    except ValueError as exc:
        error = f"invalid date: {exc}"
    else:
        return redirect(f"/protect/{subject_id}")
    ctx.caller.session().rollback()  # nothing of a refused write is kept
    return record_page(subject_id, ctx, error=error)


@router.post("/protect/{subject_id}/product", response_class=HTMLResponse)
def product_form(subject_id: SubjectId, ctx: Context = Depends(context),
                 kind: str = Form(..., max_length=8), author_org: str = Form(..., max_length=64),
                 issued_on: str = Form(..., max_length=10), conclusion: str = Form(..., max_length=16),
                 threat_level: str = Form("", max_length=1), decision: str = Form("", max_length=2000),
                 requests: str = Form("", max_length=8)) -> Response:
    """Add a product from the record page; a broken chain rule is shown on the page."""
    return _apply(ctx, subject_id, lambda: cp.add_product(
        ctx.caller, subject_id, kind=kind, author_org=author_org, issued_on=_day(issued_on),
        conclusion=conclusion, threat_level=int(threat_level) if threat_level.isdigit() else None,
        decision=decision, requests=requests or None))


@router.post("/protect/{subject_id}/measure", response_class=HTMLResponse)
def measure_form(subject_id: SubjectId, ctx: Context = Depends(context),
                 description: str = Form(..., max_length=2000), level: int = Form(..., ge=1, le=4),
                 unit: str = Form(..., max_length=16), start_on: str = Form(..., max_length=10),
                 planned_end: str = Form("", max_length=10)) -> Response:
    """Add a measure from the record page (after the authority's decision)."""
    return _apply(ctx, subject_id, lambda: cp.add_measure(
        ctx.caller, subject_id, description=description, level=level, unit=unit,
        start_on=_day(start_on), planned_end=_day(planned_end)))


@router.post("/protect/{subject_id}/contact", response_class=HTMLResponse)
def contact_form(subject_id: SubjectId, ctx: Context = Depends(context),
                 channel: str = Form("phone", max_length=40),
                 note: str = Form(..., max_length=2000)) -> Response:
    cp.add_contact(ctx.caller, subject_id, channel=channel, note=note)
    return redirect(f"/protect/{subject_id}")


@router.post("/protect/{subject_id}/scan", response_class=HTMLResponse)
def scan_form(subject_id: SubjectId, ctx: Context = Depends(context)) -> Response:
    scan(ctx.caller, subject_id=subject_id)
    return redirect(f"/protect/{subject_id}")


@router.post("/protect/{subject_id}/seen", response_class=HTMLResponse)
def seen_form(subject_id: SubjectId, ctx: Context = Depends(context)) -> Response:
    mark_seen(ctx.caller, subject_id)
    return redirect(f"/protect/{subject_id}")


def _required(text: str, field: str) -> date:
    if not text:
        raise InputError(f"{field.replace('_', ' ')} is required", field=field)
    return date.fromisoformat(text)


def threateners(text: str, *, case_id: int | None) -> list[reg.ThreatenerInput]:
    """One threatener a line: ``NAME`` or ``NAME = ENTITY_ID`` (a store entity id).

    >>> [(t.name, t.entity_id) for t in threateners("Tom Dreiger = p1\\n\\nBas", case_id=None)]
    [('Tom Dreiger', 'p1'), ('Bas', None)]
    """
    people = []
    for line in text.splitlines():
        name, _, entity = (part.strip() for part in line.partition("="))
        if name or entity:
            people.append(reg.ThreatenerInput(name=name, entity_id=entity or None, case_id=case_id))
    return people


@router.post("/protect/{subject_id}/report", response_class=HTMLResponse)
def report_form(subject_id: SubjectId, ctx: Context = Depends(context), reported_on: DateField = "",
                source: str = Form("", max_length=200),
                classification: str = Form("", max_length=40),
                summary: str = Form("", max_length=2000),
                people: str = Form("", max_length=5000),
                case_id: int | None = Form(None, ge=1, le=2_147_483_647)) -> Response:
    """Record a threat report (melding) with the threateners it names."""
    return _apply(ctx, subject_id, lambda: cp.add_report(
        ctx.caller, subject_id, source=source, reported_on=_required(reported_on, "reported_on"),
        classification=classification, summary=summary,
        threateners=threateners(people, case_id=case_id)))


@router.post("/protect/{subject_id}/review", response_class=HTMLResponse)
def plan_review_form(subject_id: SubjectId, ctx: Context = Depends(context),
                     due_on: DateField = "") -> Response:
    """Plan a re-evaluation."""
    return _apply(ctx, subject_id, lambda: cp.plan_review(
        ctx.caller, subject_id, due_on=_required(due_on, "due_on")))


@router.post("/protect/{subject_id}/review/{review_id}/hold", response_class=HTMLResponse)
def hold_review_form(subject_id: SubjectId, review_id: ItemId, ctx: Context = Depends(context),
                     done_on: DateField = "", outcome: str = Form("", max_length=2000),
                     next_due: DateField = "") -> Response:
    """Hold a planned re-evaluation (and plan the next one)."""
    return _apply(ctx, subject_id, lambda: cp.hold_review(
        ctx.caller, subject_id, review_id, done_on=_required(done_on, "done_on"),
        outcome=outcome, next_due=_day(next_due)))


@router.post("/protect/{subject_id}/measure/{measure_id}/end", response_class=HTMLResponse)
def end_measure_form(subject_id: SubjectId, measure_id: ItemId, ctx: Context = Depends(context),
                     end_on: DateField = "", reason: str = Form("", max_length=2000)) -> Response:
    """End a running measure (with the reason)."""
    return _apply(ctx, subject_id, lambda: cp.end_measure(
        ctx.caller, subject_id, measure_id, end_on=_required(end_on, "end_on"), reason=reason))
