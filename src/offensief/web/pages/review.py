"""Resolution review page: the queue, explanations and verdicts (htmx fragments)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Query
from fastapi.responses import HTMLResponse, Response

from offensief.api.deps import CaseId, Context, context
from offensief.casework.cases import case_summary, open_case
from offensief.casework.plausibility import merge_warnings
from offensief.casework.review import decide, masked_explanation, queue, start_resolution
from offensief.model.errors import NotFound, OffensiefError
from offensief.web.pages.common import render

router = APIRouter()


@router.get("/cases/{case_id}/review", response_class=HTMLResponse)
def review_page(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    case, _ = open_case(ctx.caller, case_id, what={"view": "review"})
    view = ctx.view(case)
    return render(ctx, "case_review.html", tab="review", case=case_summary(case),
                  proposals=queue(view, ctx.db, limit=40))


@router.get("/cases/{case_id}/review/explain", response_class=HTMLResponse)
def explain_fragment(case_id: CaseId, ctx: Context = Depends(context),
                     left: str = Query(..., max_length=200), right: str = Query(..., max_length=200)) -> Response:
    case, _ = open_case(ctx.caller, case_id, what={"explain": [left, right]})
    view = ctx.view(case)
    try:
        return render(ctx, "explain_result.html", result=masked_explanation(view, left, right))
    except OffensiefError as exc:
        return render(ctx, "explain_result.html", error=str(exc))


@router.post("/cases/{case_id}/review/judge", response_class=HTMLResponse)
def judge_fragment(case_id: CaseId, ctx: Context = Depends(context),
                   left_id: str = Form(..., max_length=200), right_id: str = Form(..., max_length=200),
                   verdict: str = Form(..., pattern="^(same|not_same|unsure)$"),
                   reason: str = Form("", max_length=2000), confirm: bool = Form(False)) -> Response:
    case, _ = open_case(ctx.caller, case_id, action="judge", what={"left": left_id, "right": right_id})
    view = ctx.view(case)
    warnings = merge_warnings(view, left_id, right_id) if verdict == "same" and not confirm else []
    if warnings:  # an implausible merge is confirmed explicitly before it is recorded
        return render(ctx, "merge_warning.html", warnings=warnings, case_id=case_id, left=left_id,
                      right=right_id, reason=reason)
    try:
        result = decide(view, ctx.db, case=case, actor=ctx.actor, left=left_id, right=right_id,
                        verdict=verdict, reason=reason)
    except OffensiefError as exc:
        return render(ctx, "judge_result.html", error=str(exc))
    return render(ctx, "judge_result.html", result=result)


@router.post("/cases/{case_id}/review/run", response_class=HTMLResponse)
def run_fragment(case_id: CaseId, ctx: Context = Depends(context)) -> Response:
    job = start_resolution(ctx.caller, case_id)
    return render(ctx, "job_progress.html", job=job.to_dict(), title="Entity resolution",
                  poll=f"/jobs/{job.id}/progress")


@router.get("/jobs/{job_id}/progress", response_class=HTMLResponse)
def job_fragment(job_id: str, ctx: Context = Depends(context)) -> Response:
    """Progress of one of your jobs, polled by the page until it is done."""
    job = ctx.jobs.get(job_id)
    if job.actor != ctx.actor.username:
        raise NotFound(f"no job {job_id!r}", job=job_id)
    if job.status in ("queued", "running"):
        return render(ctx, "job_progress.html", job=job.to_dict(), title=job.kind,
                      poll=f"/jobs/{job.id}/progress")
    return render(ctx, "job_done.html", job=job.to_dict())
