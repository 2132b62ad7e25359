"""Run an analysis of a case: from the cache, in a background job, or (CLI) at once.

An :class:`Engine` is the machinery one front end shares between its callers: the analysis
cache, the job runner (none in a CLI run: the analysis runs in the caller's thread) and a
way to open a store cursor for a job's own thread. Results are keyed by case, analysis,
parameters and the fingerprint of the data the viewer may see, so every front end that
asks the same question of the same data gets the same answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from offensief.access.audit import Entry
from offensief.access.policy import CaseRef
from offensief.casework.cache import AnalysisCache, cache_key
from offensief.casework.fingerprint import data_fingerprint
from offensief.casework.jobs import Job, JobRunner
from offensief.store.duckstore import Store

if TYPE_CHECKING:
    from offensief.casework.caller import Caller

Progress = Callable[..., None]
Compute = Callable[[Store, Progress], Any]


@dataclass
class Engine:
    """The shared analysis machinery of one front end (see the module docstring)."""

    cache: AnalysisCache
    jobs: JobRunner | None = None
    cursor: Callable[[], AbstractContextManager[Store]] | None = None
    #: appends audit entries from a job's own thread (the server's audit writer)
    record: Callable[[list[Entry]], None] | None = None


@dataclass(frozen=True)
class Request:
    """One analysis of one case on one version of the visible data."""

    case: int
    kind: str
    params: dict[str, Any]
    datasets: tuple[str, ...]
    key: str


def request(store: Store, ref: CaseRef, *, kind: str, params: dict[str, Any],
            datasets: list[str]) -> Request:
    # the case's datasets decide its entity resolution (offensief.resolve.scoped), also
    # those the viewer does not see: attaching or detaching one is new data for every analysis
    scope = "|".join(sorted(ref.datasets))
    key = cache_key(ref.id, kind, params, data_fingerprint(store, list(datasets)) + "#" + scope)
    return Request(ref.id, kind, dict(params), tuple(sorted(datasets)), key)


def cached_or_started(caller: Caller, ref: CaseRef, *, kind: str, params: dict[str, Any],
                      datasets: list[str], compute: Callable[[Store, Progress, Request], Any],
                      refresh: bool = False) -> tuple[Any | None, Job | None]:
    """``(result, None)`` when cached (or computed at once without a job runner), else
    ``(None, job)`` for the job computing it; the start of a job is audited."""
    engine = caller.analyses()
    store = caller.analytical()
    wanted = request(store, ref, kind=kind, params=params, datasets=datasets)
    if not refresh:
        cached = engine.cache.get(ref.id, wanted.key)
        if cached is not None:
            return cached, None
    if engine.jobs is None:
        result = compute(store, caller.progress or _quiet, wanted)
        engine.cache.put(ref.id, wanted.key, result)
        caller.audit("analysis_run", case=ref, what={"kind": kind, "params": params})
        return engine.cache.get(ref.id, wanted.key), None
    cursor = engine.cursor

    def run(progress: Progress) -> dict[str, Any]:
        with (cursor() if cursor is not None else _same(store)) as own:
            result = compute(own, progress, wanted)
        engine.cache.put(ref.id, wanted.key, result)
        return {"kind": kind, "case": ref.id, "cached": wanted.key}

    job = engine.jobs.submit(kind, run, case=str(ref.id), actor=caller.actor.username,
                             key=f"{ref.id}:{wanted.key}")
    if job.status == "failed" and job.exception is not None:
        raise job.exception
    caller.audit("analysis_start", case=ref, what={"kind": kind, "params": params, "job": job.id})
    return None, job


def cached_now(caller: Caller, store: Store, ref: CaseRef, *, kind: str, params: dict[str, Any],
               datasets: list[str], compute: Callable[[], Any]) -> Any:
    """Inside a job, an export or a CLI run: the cached result of this analysis of the
    visible data, computed here and cached when missing (the same key as
    :func:`cached_or_started`, so every front end shares it)."""
    wanted = request(store, ref, kind=kind, params=params, datasets=datasets)
    cache = caller.analyses().cache
    found = cache.get(ref.id, wanted.key)
    if found is None:
        cache.put(ref.id, wanted.key, compute())
        found = cache.get(ref.id, wanted.key)
    return found


def _quiet(*_: Any, **__: Any) -> None:
    return None


@contextmanager
def _same(store: Store) -> Iterator[Store]:
    yield store


def pending(job: Job) -> dict[str, Any]:
    """The body of a 202 answer: the analysis is being computed."""
    return {"status": job.status, "job": job.to_dict()}
