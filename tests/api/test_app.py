"""The app frame: error shape, authentication, CSRF, cookies, OpenAPI, cases."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import CASE, PASSWORD, bearer, case_id, login
from tests.api.waiting import job_done


def _is_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok"}
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for path in ("/api/cases", "/api/jobs/{job_id}", "/api/auth/token"):
        assert path in doc["paths"]
    assert "/login" not in doc["paths"]
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


def test_one_error_shape(client: TestClient) -> None:
    _is_error(client.get("/api/nope"), 404, "not_found")
    _is_error(client.get("/api/cases"), 401, "authentication_error")
    _is_error(client.post("/api/auth/token", json={"username": "ana"}), 422, "validation_error")
    _is_error(client.post("/api/auth/token", json={"username": "ana", "password": "wrong"}),
              401, "authentication_error")
    headers = bearer(client, "ana")
    _is_error(client.get("/api/cases/999999", headers=headers), 404, "not_found")
    _is_error(client.get("/api/cases/abc", headers=headers), 422, "validation_error")
    _is_error(client.get("/api/jobs/unknown", headers=headers), 404, "not_found")
    _is_error(client.delete("/api/cases", headers=headers), 405, "method_not_allowed")
    _is_error(client.get("/api/cases", headers={"Authorization": "Bearer ofs_forged"}),
              401, "authentication_error")


def test_server_error_has_the_shape(app, client: TestClient) -> None:
    def boom() -> None:
        raise RuntimeError("kaboom")

    app.add_api_route("/api/test-crash", boom, include_in_schema=False)
    try:
        _is_error(client.get("/api/test-crash"), 500, "internal_error")
        assert "kaboom" not in client.get("/api/test-crash").text
    finally:
        app.router.routes = [r for r in app.router.routes if getattr(r, "path", "") != "/api/test-crash"]


def test_login_sets_safe_cookie_and_csrf_is_enforced(client: TestClient) -> None:
    page = client.get("/login")
    assert "set-cookie" in page.headers
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    bad = client.post("/login", data={"username": "ana", "password": PASSWORD, "csrf_token": "x"},
                      follow_redirects=False)
    assert bad.status_code == 403
    csrf = bad.text.split('name="csrf_token" value="')[1].split('"')[0]  # the form was renewed
    ok = client.post("/login", data={"username": "ana", "password": PASSWORD, "csrf_token": csrf},
                     follow_redirects=False)
    assert ok.status_code == 303
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert CASE in client.get("/").text
    # an unsafe cookie request without the CSRF token is refused, with it accepted
    body = {"name": "Zonder token", "level": "local", "phenomenon": "x", "purpose": "p", "legal_basis": "b"}
    _is_error(client.post("/api/cases", json=body), 403, "permission_denied")
    csrf_session = client.get("/").text.split('name="csrf_token" value="')[1].split('"')[0]
    created = client.post("/api/cases", json=body, headers={"X-CSRF-Token": csrf_session})
    assert created.status_code == 201, created.text


def test_pages_redirect_to_login_and_have_security_headers(client: TestClient) -> None:
    response = client.get("/", headers={"Accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    page = client.get("/login")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert "cdn" not in page.text.lower()


def test_cases_api_membership_and_denials(client: TestClient) -> None:
    ana = bearer(client, "ana")
    cid = case_id(client, ana)
    case = client.get(f"/api/cases/{cid}", headers=ana).json()
    seen = {d["name"]: d["visibility"] for d in case["datasets"]}
    assert seen["politie-bvh"] == "clear"
    gem = bearer(client, "gem")
    seen_gem = {d["name"]: d["visibility"] for d in client.get(f"/api/cases/{cid}", headers=gem).json()["datasets"]}
    assert seen_gem["politie-bvh"] == "tokens"
    # a non-member learns nothing, not even that the case exists
    out = bearer(client, "out")
    assert all(c["name"] != CASE for c in client.get("/api/cases", headers=out).json())
    _is_error(client.get(f"/api/cases/{cid}", headers=out), 404, "not_found")
    # an auditor may not create cases
    aud = bearer(client, "aud")
    _is_error(client.post("/api/cases", headers=aud, json={"name": "x", "level": "local", "phenomenon": "x",
                                                          "purpose": "p", "legal_basis": "b"}),
              403, "permission_denied")


def test_login_page_flow_and_logout(client: TestClient) -> None:
    csrf = login(client, "gem")
    assert "gem · gemeente-rotterdam" in client.get("/").text
    client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    response = client.get("/api/me")
    assert response.status_code == 401


def test_audit_for_auditors_only_and_chain_verifies(client: TestClient) -> None:
    aud = bearer(client, "aud")
    entries = client.get("/api/audit?limit=50", headers=aud).json()
    assert entries and {"seq", "actor", "action", "hash"} <= set(entries[0])
    assert client.get("/api/audit/verify", headers=aud).json()["ok"] is True
    ana = bearer(client, "ana")
    _is_error(client.get("/api/audit", headers=ana), 403, "permission_denied")
    # the denial itself is in the log
    denied = client.get("/api/audit?action=denied&actor=ana", headers=aud).json()
    assert any(e["what"].get("action") == "audit_read" for e in denied)
    csrf = login(client, "aud")
    page = client.get("/audit")
    assert page.status_code == 200 and "Auditlog" in page.text
    fragment = client.post("/audit/verify", headers={"X-CSRF-Token": csrf})
    assert "Keten intact" in fragment.text


def test_dataset_listing_needs_case_management(client: TestClient) -> None:
    names = [d["name"] for d in client.get("/api/datasets", headers=bearer(client, "ana")).json()]
    assert "politie-bvh" in names
    _is_error(client.get("/api/datasets", headers=bearer(client, "aud")), 403, "permission_denied")


def test_upload_is_loaded_in_a_background_job(own) -> None:
    """On a copy of the world: the police's analyst loads into the police's dataset."""
    _, client = own
    ana = bearer(client, "ana")
    line = '{"id": "c-upload-1", "schema": "Company", "properties": {"name": ["Upload BV"]}}\n'
    started = client.post("/api/datasets/politie-bvh/files", headers=ana,
                          files={"file": ("extra.jsonl", line.encode(), "application/x-ndjson")})
    assert started.status_code == 202, started.text
    job = job_done(client, started.json()["job"]["id"], ana)
    assert job["status"] == "done", job
    assert job["result"]["records"] == 1 and job["result"]["statements_added"] >= 1
    bad = client.post("/api/datasets/politie-bvh/files", headers=ana,
                      files={"file": ("evil.sh", b"rm -rf /", "text/plain")})
    _is_error(bad, 400, "input_error")
    _is_error(client.post("/api/datasets/nope/files", headers=ana,
                          files={"file": ("x.jsonl", line.encode(), "application/x-ndjson")}), 404, "not_found")
    _is_error(client.post("/api/datasets/politie-bvh/files", headers=bearer(client, "aud"),
                          files={"file": ("x.jsonl", line.encode(), "application/x-ndjson")}), 403, "permission_denied")
