"""The same API over a real socket: uvicorn on 127.0.0.1."""

from __future__ import annotations

import httpx

from tests.api.conftest import CASE, PASSWORD
from tests.api.server import running


def test_real_uvicorn_server(app) -> None:
    with running(app) as base, httpx.Client(base_url=base, timeout=20) as http:
        assert http.get("/api/health").json() == {"status": "ok"}
        missing = http.get("/api/cases")
        assert missing.status_code == 401 and missing.json()["error"]["code"] == "authentication_error"
        token = http.post("/api/auth/token", json={"username": "ana", "password": PASSWORD}).json()["token"]
        cases = http.get("/api/cases", headers={"Authorization": f"Bearer {token}"}).json()
        assert CASE in [c["name"] for c in cases]
        assert http.get("/static/vendor/cytoscape.min.js").status_code == 200
        assert "paths" in http.get("/openapi.json").json()
