"""Waiting for background jobs in in-process tests: on the job runner's futures, not by polling
a fixed number of times (a count of 50 ms sleeps is a time limit that a loaded CI machine
overruns, and a loop that falls through without checking lets a test go on with half a result).

``timeout`` is only the guard against a hung job; a test waits exactly as long as its job runs.
"""

from __future__ import annotations

from typing import Any

import httpx
from fastapi.testclient import TestClient

from offensief.casework.jobs import JobRunner

#: The guard against a hung job (pytest-timeout stops a test at 600 s in any case).
GUARD = 300.0
#: A route may start more than one job before it answers (an analysis on top of another).
ROUNDS = 20


def runner(client: TestClient) -> JobRunner:
    """The job runner of the app behind ``client`` (inside its ``with`` block)."""
    return client.app.state.jobs  # type: ignore[attr-defined]


def job_done(client: TestClient, job_id: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """Wait until the job has ended; its public form as ``GET /api/jobs/{id}`` gives it."""
    runner(client).wait(job_id, timeout=GUARD)
    job = client.get(f"/api/jobs/{job_id}", headers=headers or {})
    assert job.status_code == 200, job.text
    return job.json()


def jobs_done(client: TestClient) -> None:
    """Wait until every job the app has started has ended (pages show no job id to wait on)."""
    for job in runner(client).jobs():
        runner(client).wait(job.id, timeout=GUARD)


def settled(client: TestClient, method: str, url: str, *, headers: dict[str, str] | None = None,
            **kwargs: Any) -> httpx.Response:
    """Send the request until it is answered with anything but 202, waiting for the job each
    202 names before asking again."""
    for _ in range(ROUNDS):
        response = client.request(method, url, headers=headers, **kwargs)
        if response.status_code != 202:
            return response
        runner(client).wait(response.json()["job"]["id"], timeout=GUARD)
    raise AssertionError(f"{method} {url} still started a job after {ROUNDS} rounds")


def page(client: TestClient, url: str) -> str:
    """A page once no job of the app runs any more (a page polls its job through htmx)."""
    for _ in range(ROUNDS):
        text = client.get(url).text
        if 'hx-trigger="every' not in text and "job-progress" not in text and "Computing" not in text:
            return text
        jobs_done(client)
    raise AssertionError(f"{url} still shows a running job after {ROUNDS} rounds")
