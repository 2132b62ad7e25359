"""Background jobs with progress: a thread pool and a job table the UI polls.

>>> runner = JobRunner(workers=1)
>>> job = runner.submit("network", lambda progress: {"n": 1}, case="c1", actor="ann")
>>> runner.wait(job.id).status, runner.get(job.id).result
('done', {'n': 1})
>>> runner.shutdown(timeout=10)  # every job ended
True

A job function takes one argument, ``progress(done, total, message="")``, and returns a
JSON-serialisable result. Jobs with the same ``key`` that are still queued or running are
not started twice: the running job is returned instead (so is one that failed in the last
:data:`FAILED_MEMORY` seconds, so that pollers see the failure instead of a retry loop).

Stopping is orderly (:meth:`JobRunner.stop`, :meth:`JobRunner.join`): no new jobs are taken,
queued ones are marked failed (a poller must not wait for a job that never starts), running
ones are told through their ``progress`` (which then raises :class:`Stopped`), and the caller
waits for them before it closes what the jobs use (the store, the audit writer, the database).
"""

from __future__ import annotations

import threading
import time
import traceback
import uuid
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

from offensief.model.errors import NotFound, OffensiefError


class QueueFull(OffensiefError):
    """A bounded job lane (uploads) has as many jobs waiting or running as it takes."""

    code = "rate_limited"


class Stopped(OffensiefError):
    """The job runner is stopping (the server shuts down): no new jobs, running ones end."""

    code = "unavailable"


Progress = Callable[..., None]
JobFunction = Callable[[Progress], Any]

#: Finished jobs kept in the table (oldest dropped first).
KEEP_FINISHED = 500
#: Lanes with their own bounded pool: ``name -> (workers, most jobs queued or running)``.
#: Uploads run in theirs, so a flood of loads never takes the workers a case's analyses use.
LANES: dict[str, tuple[int, int]] = {"uploads": (1, 4)}
#: A job with the same key that failed this recently is returned instead of a new one.
FAILED_MEMORY = 30.0


@dataclass
class Job:
    """One background job as the API reports it."""

    id: str
    kind: str
    case: str | None
    actor: str | None
    key: str | None
    status: str = "queued"  # queued | running | done | failed
    done: int = 0
    total: int = 0
    message: str = ""
    result: Any = None
    error: dict[str, Any] | None = None
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    exception: OffensiefError | None = field(default=None, repr=False)
    lane: str | None = None

    @property
    def progress(self) -> float:
        if self.status == "done":
            return 1.0
        return round(self.done / self.total, 4) if self.total else 0.0

    def to_dict(self, *, with_result: bool = False) -> dict[str, Any]:
        """The job's public form; the result only when asked for."""
        data = {
            "id": self.id, "kind": self.kind, "case": self.case, "status": self.status,
            "progress": self.progress, "done": self.done, "total": self.total,
            "message": self.message, "error": self.error, "created": self.created,
            "started": self.started, "finished": self.finished,
        }
        if with_result:
            data["result"] = self.result
        return data


class JobRunner:
    """A small thread pool with a job table; one per app, passed explicitly."""

    def __init__(self, *, workers: int = 2, lanes: dict[str, tuple[int, int]] | None = None) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="offensief-job")
        self._lanes = {name: (ThreadPoolExecutor(max_workers=n, thread_name_prefix=f"offensief-{name}"), bound)
                       for name, (n, bound) in (LANES if lanes is None else lanes).items()}
        self._jobs: dict[str, Job] = {}
        self._futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    def submit(
        self,
        kind: str,
        fn: JobFunction,
        *,
        case: str | None = None,
        actor: str | None = None,
        key: str | None = None,
        lane: str | None = None,
    ) -> Job:
        """Queue ``fn``; return the job (or the same-key job already queued or running).
        A ``lane`` runs it in that lane's own pool and refuses (:class:`QueueFull`) when the
        lane already holds its maximum of queued and running jobs."""
        pool = self._pool
        with self._lock:
            if self._stopping.is_set():
                raise Stopped("the server is stopping; no new jobs are taken", kind=kind)
            if lane is not None:
                pool, bound = self._lanes[lane]
                busy = sum(1 for j in self._jobs.values()
                           if j.lane == lane and j.status in ("queued", "running"))
                if busy >= bound:
                    raise QueueFull(f"{busy} {lane} are queued or running; try again when one has "
                                    "finished", lane=lane, retry_after=5)
            if key is not None:
                now = time.time()
                for job in self._jobs.values():
                    if job.key != key:
                        continue
                    if job.status in ("queued", "running"):
                        return job
                    if job.status == "failed" and now - (job.finished or now) < FAILED_MEMORY:
                        return job
            job = Job(id=uuid.uuid4().hex[:16], kind=kind, case=case, actor=actor, key=key, lane=lane)
            self._jobs[job.id] = job
            self._prune()
            # under the lock, so that stop() sees every future it must cancel or wait for
            self._futures[job.id] = pool.submit(self._run, job, fn)
        return job

    def _run(self, job: Job, fn: JobFunction) -> None:
        job.status, job.started = "running", time.time()

        def progress(done: int, total: int, message: str = "") -> None:
            if self._stopping.is_set():
                raise Stopped("the server stopped before the job finished", job=job.id)
            job.done, job.total = int(done), int(total)
            if message:
                job.message = message

        try:
            job.result = fn(progress)
            job.status = "done"
        except OffensiefError as exc:
            job.error, job.status, job.exception = exc.to_dict(), "failed", exc
        except Exception as exc:  # a crash in a job is reported, never lost  # noqa: BLE001
            job.error = {
                "code": "internal_error",
                "message": f"{type(exc).__name__}: {exc}",
                "details": {"trace": traceback.format_exc(limit=3)},
            }
            job.status = "failed"
        finally:
            job.finished = time.time()

    def _prune(self) -> None:
        finished = [j for j in self._jobs.values() if j.status in ("done", "failed")]
        for job in sorted(finished, key=lambda j: j.created)[: max(0, len(finished) - KEEP_FINISHED)]:
            self._jobs.pop(job.id, None)
            self._futures.pop(job.id, None)

    def get(self, job_id: str) -> Job:
        """The job with this id, or :class:`NotFound`."""
        job = self._jobs.get(job_id)
        if job is None:
            raise NotFound(f"no job {job_id!r}", job=job_id)
        return job

    def jobs(self, *, case: str | None = None) -> list[Job]:
        """Jobs, newest first, optionally of one case."""
        with self._lock:
            found = [j for j in self._jobs.values() if case is None or j.case == case]
        return sorted(found, key=lambda j: j.created, reverse=True)

    def wait(self, job_id: str, *, timeout: float | None = None) -> Job:
        """Block until the job has finished (for tests and the CLI)."""
        future = self._futures.get(job_id)
        if future is not None:
            try:
                future.result(timeout=timeout)
            except CancelledError:  # never started (the runner stopped): the job says so
                pass
        return self.get(job_id)

    @property
    def stopping(self) -> bool:
        """Whether :meth:`stop` was called."""
        return self._stopping.is_set()

    def stop(self) -> None:
        """Take no new jobs, mark the queued ones failed and tell the running ones to end
        (their next ``progress`` call raises :class:`Stopped`). Does not wait: see :meth:`join`."""
        with self._lock:
            self._stopping.set()
            futures = [(self._jobs.get(job_id), f) for job_id, f in self._futures.items()]
        for job, future in futures:
            if future.cancel() and job is not None:  # never started: its poller must learn so
                error = Stopped("the server stopped before the job started", job=job.id)
                job.error, job.exception = error.to_dict(), error
                job.status, job.finished = "failed", time.time()
        for pool in (self._pool, *(p for p, _ in self._lanes.values())):
            pool.shutdown(wait=False, cancel_futures=True)

    def join(self, timeout: float | None = None) -> bool:
        """Wait, up to ``timeout`` seconds in all, until every started job has ended; whether
        they all did. A job that ignores its ``progress`` may outlive the timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            futures = list(self._futures.values())
        left = None
        for future in futures:
            if deadline is not None:
                left = max(0.0, deadline - time.monotonic())
            try:
                future.exception(timeout=left)
            except CancelledError:
                continue
            except FutureTimeout:
                return False
        return True

    def shutdown(self, timeout: float | None = 30.0) -> bool:
        """:meth:`stop`, then :meth:`join` with ``timeout``; whether every job ended."""
        self.stop()
        return self.join(timeout)
