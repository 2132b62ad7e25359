"""The protection register's pages: the register, a record with its chain, the overview."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query
from fastapi.responses import HTMLResponse, Response

from offensief.api.deps import Context, context
from offensief.casework import protect as cp
from offensief.casework.protect_signals import mark_seen, scan
from offensief.model.errors import OffensiefError
from offensief.protect.workflow import STATES
from offensief.web.pages.common import redirect, render
from offensief.web.protect_chain import chain_svg

router = APIRouter()
SubjectId = Annotated[int, Path(ge=1, le=2_147_483_647)]


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
