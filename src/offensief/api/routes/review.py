"""Resolution review: proposed matches with per-comparison weights; accept or reject."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from offensief.api.deps import CaseId, Context, context
from offensief.api.schemas import JudgementIn
from offensief.casework.cases import open_case
from offensief.casework.review import decide, masked_explanation, queue, start_resolution
from offensief.casework.runs import pending

router = APIRouter(prefix="/api/cases/{case_id}/resolve", tags=["resolve"])


@router.get("/queue")
def review_queue(case_id: CaseId, ctx: Context = Depends(context),
                 limit: int = Query(50, ge=1, le=500)) -> list[dict[str, Any]]:
    """Proposed matches to review, closest to the merge threshold first."""
    case, _ = open_case(ctx.caller, case_id, what={"view": "review"})
    view = ctx.view(case)
    return queue(view, ctx.db, limit=limit)


@router.get("/explain")
def explain_pair(case_id: CaseId, ctx: Context = Depends(context),
                 left: str = Query(..., min_length=1, max_length=200),
                 right: str = Query(..., min_length=1, max_length=200)) -> dict[str, Any]:
    """The match weight of every comparison for a pair (values masked where needed)."""
    case, _ = open_case(ctx.caller, case_id, what={"explain": [left, right]})
    view = ctx.view(case)
    return masked_explanation(view, left, right)


@router.post("/judgements", status_code=201)
def judge(case_id: CaseId, body: JudgementIn, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Accept (same), reject (not_same) or mark unsure; re-clusters at once."""
    case, _ = open_case(ctx.caller, case_id, action="judge", what={"left": body.left_id, "right": body.right_id})
    view = ctx.view(case)
    return decide(view, ctx.db, case=case, actor=ctx.actor, left=body.left_id,
                  right=body.right_id, verdict=body.verdict, reason=body.reason).to_json()


@router.post("/run", status_code=202)
def run(case_id: CaseId, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Run entity resolution in the background (Splink; judgements kept); poll the job."""
    return pending(start_resolution(ctx.caller, case_id))
