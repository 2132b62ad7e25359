"""``/api/protect/...`` and the register's pages: officers of the compartment only; every
other role, and officers of another unit, get the one error shape and nothing of a record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from offensief.access import audit
from offensief.db import open_workspace_database
from offensief.server import create_app
from tests.api.conftest import bearer, login
from tests.api.owned import wait_job
from tests.protect import world

READS = ["/api/protect/subjects", "/api/protect/subjects/1", "/api/protect/due",
         "/api/protect/overview"]
PAGES = ["/protect", "/protect/1", "/protect/overview"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    ws = world.build(Path(tmp_path_factory.mktemp("protect-api")))
    with TestClient(create_app(ws, workers=1), raise_server_exceptions=False) as c:
        yield c


def test_the_officer_reads_and_writes_through_the_api(client: TestClient) -> None:
    h = bearer(client, "olga")
    rows = client.get("/api/protect/subjects", headers=h).json()
    assert [r["name"] for r in rows] == [world.LAWYER]
    r = client.post("/api/protect/subjects/1/moves", headers=h, json={"to": "assessing"})
    assert r.status_code == 200 and r.json()["to"] == "assessing"
    r = client.post("/api/protect/subjects/1/products", headers=h, json={
        "kind": "ird", "author_org": "politie", "issued_on": "2026-01-11",
        "conclusion": "concrete", "threat_level": 3, "requests": "di"})
    assert r.status_code == 201 and r.json()["requested_due"] == "2026-01-18"
    r = client.post("/api/protect/subjects/1/products", headers=h, json={
        "kind": "da", "author_org": "politie", "issued_on": "2026-01-12", "conclusion": "concrete"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    record = client.get("/api/protect/subjects/1", headers=h).json()
    assert [link["kind"] for link in record["chain"]] == ["melding", "ird"]
    assert record["moves_allowed"] == []  # deciding is the authority's
    due = client.get("/api/protect/due", headers=h, params={"today": "2026-01-20"}).json()
    assert [(i["rule"], i["status"]) for i in due["items"]] == [("requested_product", "overdue")]
    overview = client.get("/api/protect/overview", headers=h).json()
    assert overview["total"] == 2 and overview["chart"]["hconcat"]
    hits = client.post("/api/protect/scan", headers=h).json()["hits"]
    assert hits == [{"subject": 1, "hit": True, "kinds": ["address", "name", "phone"],
                     "contacts": ["politie"]}]


def test_another_units_officer_gets_the_error_shape(client: TestClient) -> None:
    h = bearer(client, "kees")
    for path in ("/api/protect/subjects/1", "/api/protect/subjects/424242"):
        r = client.get(path, headers=h)
        assert r.status_code == 403
        assert r.json()["error"]["message"].endswith("is not in your compartment")
        assert world.LAWYER not in r.text
    r = client.post("/api/protect/subjects/1/contacts", headers=h, json={"note": "x"})
    assert r.status_code == 403


@pytest.mark.parametrize("user", ["ana", "gem", "aud", "adm"])
def test_other_roles_get_nothing_from_the_api(client: TestClient, user: str) -> None:
    h = bearer(client, user)
    for path in READS:
        r = client.get(path, headers=h)
        assert r.status_code == 403, path
        assert set(r.json()) == {"error"} and world.LAWYER not in r.text
    assert client.post("/api/protect/scan", headers=h).status_code == 403


def test_pages_for_the_officer(client: TestClient) -> None:
    csrf = login(client, "olga")
    home = client.get("/")
    assert 'data-testid="nav-protect"' in home.text
    register = client.get("/protect")
    assert register.status_code == 200 and world.LAWYER in register.text
    record = client.get("/protect/1")
    assert 'data-testid="chain-svg"' in record.text and "dreigingsmelding" in record.text
    assert client.get("/protect/2", headers={"accept": "text/html"}).status_code == 403
    page = client.get("/protect/overview")
    assert 'data-testid="overview-chart"' in page.text and world.LAWYER not in page.text
    wrong = client.post("/protect/1/move", data={"to": "closed", "reason": "x", "csrf_token": csrf})
    assert wrong.status_code == 200 and "record-error" in wrong.text  # shown, not applied
    logged = client.post("/protect/1/contact", data={"note": "gebeld", "channel": "phone",
                                                     "csrf_token": csrf}, follow_redirects=False)
    assert logged.status_code == 303
    assert "gebeld" in client.get("/protect/1").text
    added = client.post("/protect/1/product", data={
        "kind": "di", "author_org": "politie", "issued_on": "2026-01-13", "conclusion": "concrete",
        "threat_level": "4", "decision": "persoonsbeveiliging", "csrf_token": csrf},
        follow_redirects=False)
    assert added.status_code == 303
    assert "persoonsbeveiliging" in client.get("/protect/1").text
    broken = client.post("/protect/1/product", data={
        "kind": "ra", "author_org": "aivd", "issued_on": "2026-01-14", "conclusion": "concrete",
        "csrf_token": csrf})
    assert "RA follows a DA" in broken.text  # the chain rule, shown on the page
    early = client.post("/protect/1/measure", data={
        "description": "camera", "level": "1", "unit": "own", "start_on": "2026-01-15",
        "csrf_token": csrf})
    assert "follow the authority" in early.text  # no decision yet
    forged = client.post("/protect/1/contact", data={"note": "x"}, follow_redirects=False)
    assert forged.status_code == 403  # no CSRF token
    client.cookies.clear()


def test_the_record_page_forms_for_reports_reviews_and_ending_measures(client: TestClient) -> None:
    csrf = login(client, "olga")

    def post(path: str, **data: str):
        return client.post(f"/protect/1/{path}", data={**data, "csrf_token": csrf},
                           follow_redirects=False)

    added = post("report", source="wijkagent", reported_on="2026-02-01",
                 classification="conceivable", summary="dreigbrief",
                 people="Piet Pressie\nTom Dreiger = p1")
    assert added.status_code == 303
    page = client.get("/protect/1").text
    assert "Piet Pressie" in page and page.count("dreigingsmelding") >= 2
    nameless = post("report", source="", reported_on="2026-02-02", classification="concrete")
    assert "a report needs its source" in nameless.text and "record-error" in nameless.text
    bad_day = post("report", source="x", reported_on="2026-13-01", classification="concrete")
    assert "invalid date" in bad_day.text
    assert post("review", due_on="2026-03-01").status_code == 303
    record = client.get("/api/protect/subjects/1", headers=bearer(client, "olga")).json()
    review = next(v["id"] for v in record["reviews"] if v["due_on"] == "2026-03-01")
    backwards = post(f"review/{review}/hold", done_on="2026-03-01", outcome="blijft",
                     next_due="2026-02-01")
    assert "the next re-evaluation lies after this one" in backwards.text
    assert post(f"review/{review}/hold", done_on="2026-03-01", outcome="dreiging blijft",
                next_due="2026-06-01").status_code == 303
    again = post(f"review/{review}/hold", done_on="2026-03-02", outcome="x")
    assert f"review {review} was held on 2026-03-01" in again.text
    assert "dreiging blijft" in client.get("/protect/1").text
    unknown = post("measure/424242/end", end_on="2026-03-01", reason="weg")
    assert "record 1 has no measure 424242" in unknown.text
    forged = client.post("/protect/1/report", data={"source": "x", "reported_on": "2026-02-01",
                                                    "classification": "c"}, follow_redirects=False)
    assert forged.status_code == 403  # no CSRF token
    client.cookies.clear()
    csrf = login(client, "kees")  # another unit's officer: the error page, nothing written
    for path, data in (("report", {"source": "x", "reported_on": "2026-02-01",
                                   "classification": "c", "people": "Kees Dreiger"}),
                       ("review", {"due_on": "2026-04-01"}),
                       (f"review/{review}/hold", {"done_on": "2026-04-01", "outcome": "x"}),
                       ("measure/1/end", {"end_on": "2026-04-01", "reason": "x"})):
        r = client.post(f"/protect/1/{path}", data={**data, "csrf_token": csrf},
                        headers={"accept": "text/html"}, follow_redirects=False)
        assert r.status_code == 403, path
        assert "not in your compartment" in r.text and world.LAWYER not in r.text
    client.cookies.clear()
    record = client.get("/api/protect/subjects/1", headers=bearer(client, "olga")).json()
    assert "Kees Dreiger" not in json.dumps(record) and len(record["reviews"]) == 2


@pytest.mark.parametrize("user", ["ana", "gem", "aud", "adm"])
def test_other_roles_get_no_page_and_no_nav_entry(client: TestClient, user: str) -> None:
    login(client, user)
    assert 'data-testid="nav-protect"' not in client.get("/").text
    for path in PAGES:
        r = client.get(path, headers={"accept": "text/html"})
        assert r.status_code == 403, path
        assert world.LAWYER not in r.text and "Tom Dreiger" not in r.text
    client.cookies.clear()


BODY = "\n".join(json.dumps(r) for r in world.SECOND_LOAD).encode() + b"\n"


def test_a_failing_watch_leaves_the_upload_done(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kw: object) -> dict[str, int]:
        raise RuntimeError("scan broke")

    monkeypatch.setattr("offensief.casework.protect_signals.watch", broken)
    ws = world.build(tmp_path)
    with TestClient(create_app(ws, workers=1), raise_server_exceptions=False) as c:
        ana = bearer(c, "ana")
        started = c.post("/api/datasets/politie-bvh/files", headers=ana,
                         files={"file": ("second.jsonl", BODY, "application/x-ndjson")})
        job = wait_job(c, started.json()["job"]["id"], ana)
        assert job["status"] == "done" and job["result"]["statements_added"] > 0, job
        row = c.get("/api/protect/subjects", headers=bearer(c, "olga")).json()[0]
        assert row["unseen_signals"] == 0


def test_an_upload_alerts_the_officers_when_its_job_ends(tmp_path: Path) -> None:
    ws = world.build(tmp_path)
    body = BODY
    with TestClient(create_app(ws, workers=1), raise_server_exceptions=False) as c:
        olga = bearer(c, "olga")
        assert c.get("/api/protect/subjects", headers=olga).json()[0]["unseen_signals"] == 0
        ana = bearer(c, "ana")  # the police analyst loads the police's data; no register
        started = c.post("/api/datasets/politie-bvh/files", headers=ana,
                         files={"file": ("second.jsonl", body, "application/x-ndjson")})
        assert started.status_code == 202, started.text
        job = wait_job(c, started.json()["job"]["id"], ana)
        assert job["status"] == "done", job
        assert world.LAWYER not in json.dumps(job) and "Tom Dreiger" not in json.dumps(job)
        row = c.get("/api/protect/subjects", headers=olga).json()[0]
        assert row["unseen_signals"] == 2  # new activity of Tom Dreiger + the hit
        assert c.get("/api/protect/subjects", headers=bearer(c, "kees")).json()[0][
            "unseen_signals"] == 0
    db = open_workspace_database(ws)
    with db.session() as s:
        scans = audit.entries(s, action="protect_scan", limit=5)
    db.dispose()
    assert [e["actor"] for e in scans] == ["system"] and scans[0]["what"]["signals"] == 2
