"""schemathesis against the published OpenAPI document: no server errors, and every error
in the one shape. Runs against the app under a real uvicorn on 127.0.0.1, few examples."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.api.conftest import PASSWORD
from tests.api.server import running


@pytest.fixture(scope="module")
def served(app) -> Iterator[tuple[str, dict[str, str]]]:
    with running(app) as base:
        token = httpx.post(f"{base}/api/auth/token", json={"username": "ana", "password": PASSWORD},
                           timeout=30).json()["token"]
        yield base, {"Authorization": f"Bearer {token}"}


def test_no_server_error(served) -> None:
    """Every operation, a few generated requests each (schemathesis strategies + hypothesis)."""
    base, headers = served
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    seen: list[str] = []

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck),
                  derandomize=True, database=None)
        def check(case) -> None:
            response = case.call(base_url=base, headers=headers, timeout=60)
            assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == {"error"} and {"code", "message", "details"} <= set(body["error"])

        check()
        seen.append(f"{operation.method.upper()} {operation.path}")
    assert "GET /api/cases/{case_id}/network" in seen
