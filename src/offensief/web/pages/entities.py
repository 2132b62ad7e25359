"""Entity profile page, reveal and hit/no-hit fragments (htmx)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form
from fastapi.responses import HTMLResponse, Response

from offensief.access.hits import hit
from offensief.access.reveal import reveal
from offensief.api.deps import CaseId, Context, context
from offensief.casework import corrections
from offensief.casework.analyst_profile import entity_profile as analyst_profile
from offensief.casework.cases import case_header, find_case, open_case
from offensief.casework.explore import RELATIONS
from offensief.casework.formats import day, money
from offensief.model.errors import OffensiefError
from offensief.web.pages.common import render

router = APIRouter()


@router.get("/cases/{case_id}/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(case_id: CaseId, entity_id: str, ctx: Context = Depends(context)) -> Response:
    case = find_case(ctx.caller, case_id)
    profile = analyst_profile(ctx.caller, case_id, entity_id)
    return render(ctx, "profile.html", tab="network", case=case_header(case), money=money, day=day,
                  labels=RELATIONS, profile=profile, correctable=corrections.targets(ctx.caller, profile.values))


@router.post("/cases/{case_id}/reveal", response_class=HTMLResponse)
def reveal_fragment(case_id: CaseId, ctx: Context = Depends(context),
                    value: str = Form(..., max_length=300), reason: str = Form("", max_length=2000),
                    entity_id: str | None = Form(None, max_length=200)) -> Response:
    case, _ = open_case(ctx.caller, case_id, what={"reveal": value})
    try:
        rows = reveal(ctx.store, ctx.db, actor=ctx.actor, case=case, token=value, reason=reason,
                      entity_id=entity_id, secret=ctx.workspace.secret)
    except OffensiefError as exc:
        return render(ctx, "reveal_result.html", error=str(exc))
    return render(ctx, "reveal_result.html", rows=rows)


@router.post("/cases/{case_id}/hit", response_class=HTMLResponse)
def hit_fragment(case_id: CaseId, ctx: Context = Depends(context), kind: str = Form(..., max_length=20),
                 value: str = Form(..., max_length=300),
                 birth_date: str | None = Form(None, max_length=10)) -> Response:
    case, _ = open_case(ctx.caller, case_id, what={"hit": kind})
    try:
        result = hit(ctx.store, ctx.db, actor=ctx.actor, kind=kind, value=value,
                     birth_date=birth_date or None, case=case, secret=ctx.workspace.secret)
    except OffensiefError as exc:
        return render(ctx, "hit_result.html", error=str(exc))
    return render(ctx, "hit_result.html", result=result)
