"""Run an analysis of a case: from the cache, or as a background job that fills it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from offensief.access.policy import CaseRef
from offensief.api.analyses.fingerprint import data_fingerprint
from offensief.api.cache import cache_key
from offensief.api.cursors import own_cursor
from offensief.api.deps import Context
from offensief.api.jobs import Job
from offensief.store.duckstore import Store

Compute = Callable[[Store, Callable[..., None]], Any]


def cached_or_started(
    ctx: Context,
    ref: CaseRef,
    *,
    kind: str,
    params: dict[str, Any],
    datasets: list[str],
    compute: Compute,
    refresh: bool = False,
) -> tuple[Any | None, Job | None]:
    """``(result, None)`` when cached, else ``(None, job)`` for the job computing it.

    The job opens its own DuckDB cursor (jobs run in other threads) and stores the result
    under a key of case, analysis, parameters and the visible data's fingerprint.
    """
    key = cache_key(ref.id, kind, params, data_fingerprint(ctx.store, datasets))
    if not refresh:
        cached = ctx.cache.get(ref.id, key)
        if cached is not None:
            return cached, None
    state = ctx.request.app.state
    cache = ctx.cache

    def run(progress: Callable[..., None]) -> dict[str, Any]:
        with own_cursor(state) as store:
            result = compute(store, progress)
        cache.put(ref.id, key, result)
        return {"kind": kind, "case": ref.id, "cached": key}

    job = ctx.jobs.submit(kind, run, case=str(ref.id), actor=ctx.actor.username, key=f"{ref.id}:{key}")
    if job.status == "failed" and job.exception is not None:
        raise job.exception
    ctx.audit("analysis_start", case=ref, what={"kind": kind, "params": params, "job": job.id})
    return None, job


def pending(job: Job) -> dict[str, Any]:
    """The body of a 202 answer: the analysis is being computed."""
    return {"status": job.status, "job": job.to_dict()}
