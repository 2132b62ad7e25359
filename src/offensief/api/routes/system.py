"""Health, the caller's identity, and background jobs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from offensief.api.deps import Context, context
from offensief.api.schemas import Health, JobOut
from offensief.casework.cases import open_case
from offensief.model.errors import NotFound

router = APIRouter(prefix="/api", tags=["system"])


@router.get("/health", response_model=Health)
async def health() -> dict[str, Any]:
    """Liveness: no authentication, no data."""
    return {"status": "ok"}


@router.get("/me")
def me(ctx: Context = Depends(context)) -> dict[str, Any]:
    """Who the request is authenticated as."""
    return ctx.actor.to_dict() | {"via": ctx.via}


@router.get("/jobs/{job_id}", response_model=JobOut)
def job_status(job_id: str, ctx: Context = Depends(context)) -> dict[str, Any]:
    """Status and progress of a background job (its result once done).

    Only the actor who started a job, or a member of its case, may see it.
    """
    job = ctx.jobs.get(job_id)
    if job.actor != ctx.actor.username:
        if job.case is None:
            raise NotFound(f"no job {job_id!r}", job=job_id)
        open_case(ctx.caller, int(job.case), what={"job": job_id})  # non-members get 404
    return job.to_dict(with_result=True)
