"""Findings released to partners: provide one (an explicit, audited act with a legal ground)
and read those addressed to your partner (:mod:`offensief.casework.releases`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from offensief.access.releases import LEGAL_GROUNDS
from offensief.api.deps import CaseId, Context, context
from offensief.casework.releases import release_finding, released

router = APIRouter(prefix="/api/cases/{case_id}/releases", tags=["releases"])


class ReleaseIn(BaseModel):
    kind: str = Field(pattern="^(role|asset)$", description="role (a person's roles) or asset")
    subject: str = Field(min_length=1, max_length=200, description="entity or asset id")
    recipient: str = Field(min_length=1, max_length=64, description="partner receiving it")
    legal_ground: str = Field(min_length=1, max_length=40, description=", ".join(LEGAL_GROUNDS))
    note: str = Field(min_length=1, max_length=2000, description="the decision or request it serves")


@router.get("")
def list_releases(case_id: CaseId, ctx: Context = Depends(context)) -> list[dict[str, Any]]:
    """Releases addressed to your partner (and those you made), each with the finding."""
    return [r.to_json() for r in released(ctx.caller, case_id)]


@router.post("", status_code=201)
def create_release(case_id: CaseId, body: ReleaseIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Provide one finding you see in clear to a partner, on a legal ground."""
    return release_finding(ctx.caller, case_id, **body.model_dump()).to_json()
