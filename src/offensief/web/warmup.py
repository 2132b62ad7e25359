"""Fill the analysis cache the UI reads, before the first click, through the running server.

Each analysis tab of a case (network and roles, alerts, assets, what-if, intervention plan)
starts a background job on its first visit; on the demo world these take from seconds to
a minute. :func:`warm_up` asks the server for each of them as each login, in the order the
tabs are visited, and waits for every job. Going through the HTTP API keeps the cache keys
exactly those of the pages (same parameters, same view of the data); logins that see the
same datasets share one computed result, so later logins are cache hits.

    >>> logins = [("politie", "zandloper-politie")]
    >>> steps = warm_up("http://127.0.0.1:8000", logins)  # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from offensief.cases.seed import DEMO_CASE

#: The what-if the disrupt page runs when the form is submitted unchanged.
WHATIF_DEFAULTS: dict[str, Any] = {"strategy": "betweenness", "mode": "sequential", "steps": 10}

Report = Callable[[str, float, int, int], None]


@dataclass(frozen=True, slots=True)
class Analysis:
    """One cached analysis of a case, as an API request."""

    name: str
    method: str
    path: str  # below /api/cases/{id}/
    params: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None


#: In the order of the case tabs.
ANALYSES: tuple[Analysis, ...] = (
    Analysis("network", "GET", "network", params={"limit": 1}),
    Analysis("alerts", "GET", "finance/alerts", params={"limit": 1}),
    Analysis("assets", "GET", "finance/assets"),
    Analysis("what-if", "POST", "disrupt/whatif", body=WHATIF_DEFAULTS),
    Analysis("plan", "GET", "disrupt/plan"),
)


@dataclass(slots=True)
class Step:
    """What warming one analysis for one login took."""

    login: str
    analysis: str
    seconds: float
    computed: bool  # False: the result was already cached (or shared with an earlier login)
    error: str | None = None


def _case_id(client: httpx.Client, headers: dict[str, str], case: str) -> int | None:
    response = client.get("/api/cases", headers=headers)
    response.raise_for_status()
    return next((c["id"] for c in response.json() if c["name"] == case), None)


#: Times a request the server closed unanswered is sent again before the warm-up gives up.
RESENDS = 3


def _request(client: httpx.Client, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """``client.request``, sent again when the server closed the connection without an answer:
    a kept-alive connection the server times out just as the next request goes (its event loop
    was busy) loses that request, not its job. Every analysis request is safe to repeat: it
    starts the case's job or reports the one already running."""
    for _ in range(RESENDS):
        try:
            return client.request(method, url, **kwargs)
        except httpx.RemoteProtocolError:
            continue
    return client.request(method, url, **kwargs)  # the last time, its error is the caller's


def _wait(client: httpx.Client, headers: dict[str, str], url: str, analysis: Analysis, *,
          poll: float, timeout: float, report: Callable[[float], None]) -> tuple[bool, str | None]:
    """Request until the answer is final; ``(computed, error)``."""
    deadline = time.monotonic() + timeout
    computed = False
    while True:
        response = _request(client, analysis.method, url, headers=headers, params=analysis.params,
                            json=analysis.body)
        if response.status_code != 202:
            if response.status_code == 200:
                return computed, None
            return computed, f"{response.status_code} {response.text[:200]}"
        computed = True
        report(float(response.json().get("job", {}).get("progress") or 0.0))
        if time.monotonic() > deadline:
            return computed, f"not done after {timeout:.0f} s"
        time.sleep(poll)


def warm_up(base_url: str, logins: Sequence[tuple[str, str]], *, case: str = DEMO_CASE,
            analyses: Sequence[Analysis] = ANALYSES, report: Report | None = None,
            poll: float = 0.5, timeout: float = 1800.0) -> list[Step]:
    """Compute every analysis of ``case`` for every ``(username, password)`` login that is
    a member of it. ``report(label, progress_of_step, done, total)`` is called as it goes.
    A failing analysis is recorded in its :class:`Step` and the rest continue."""
    tell = report or (lambda *a: None)
    steps: list[Step] = []
    total = len(logins) * len(analyses)
    with httpx.Client(base_url=base_url, timeout=120) as client:
        for login, password in logins:
            token = client.post("/api/auth/token", json={"username": login, "password": password})
            if token.status_code != 200:
                refused = f"{token.status_code} {token.text[:200]}"
                steps.append(Step(login, "login", 0.0, False, refused))
                continue
            headers = {"Authorization": f"Bearer {token.json()['token']}"}
            case_id = _case_id(client, headers, case)
            for analysis in analyses:
                done = len(steps)
                label = f"{login}: {analysis.name}"
                if case_id is None:  # not a member of the case: nothing to warm
                    steps.append(Step(login, analysis.name, 0.0, False, "not a member of the case"))
                    continue
                tell(label, 0.0, done, total)

                def running(progress: float, label: str = label, done: int = done) -> None:
                    tell(label, progress, done, total)

                started = time.perf_counter()
                url = f"/api/cases/{case_id}/{analysis.path}"
                computed, error = _wait(client, headers, url, analysis, poll=poll, timeout=timeout,
                                        report=running)
                seconds = round(time.perf_counter() - started, 2)
                steps.append(Step(login, analysis.name, seconds, computed, error))
                tell(label, 1.0, done + 1, total)
    return steps
