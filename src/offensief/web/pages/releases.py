"""The releases page: findings provided to partners, and the form to provide one."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form
from fastapi.responses import HTMLResponse, Response

from offensief.access.actors import list_partners
from offensief.access.releases import LEGAL_GROUNDS
from offensief.api.deps import CaseId, Context, context
from offensief.casework.cases import case_summary, open_case
from offensief.casework.releases import release_finding, released
from offensief.model.errors import OffensiefError
from offensief.web.pages.common import render

router = APIRouter()


def _page(ctx: Context, case_id: int, **extra: object) -> Response:
    case, _ = open_case(ctx.caller, case_id, what={"view": "releases"})
    return render(ctx, "case_releases.html", tab="releases", case=case_summary(case),
                  releases=released(ctx.caller, case_id), grounds=LEGAL_GROUNDS,
                  partners=[p.name for p in list_partners(ctx.db)], **extra)


@router.get("/cases/{case_id}/releases", response_class=HTMLResponse)
def releases_page(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    return _page(ctx, case_id)


@router.post("/cases/{case_id}/releases", response_class=HTMLResponse)
def release_form(case_id: CaseId, ctx: Context = Depends(context), kind: str = Form(..., max_length=20),
                 subject: str = Form(..., max_length=200), recipient: str = Form(..., max_length=64),
                 legal_ground: str = Form(..., max_length=40), note: str = Form(..., max_length=2000)) -> Response:
    try:
        made = release_finding(ctx.caller, case_id, kind=kind, subject=subject, recipient=recipient,
                               legal_ground=legal_ground, note=note)
    except OffensiefError as exc:
        return _page(ctx, case_id, error=str(exc))
    return _page(ctx, case_id, made=made)
