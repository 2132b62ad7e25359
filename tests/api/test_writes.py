"""Writes by the data's owner: only the supplying partner's loaders load into a dataset
(API, web, CLI --as), audited with the file's SHA-256 and size; upload limits answer 413;
uploads run in their own bounded lane; corrections go to the supplier as a request."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from offensief.access import audit
from offensief.cases.service import get_case
from offensief.casework.jobs import JobRunner, QueueFull
from offensief.cli.app import app as cli_app
from offensief.db import open_workspace_database
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.api.conftest import PASSWORD, bearer, case_id, login
from tests.api.owned import wait_job

LINE = '{"id": "p-new-1", "schema": "Person", "properties": {"name": ["Nieuw Persoon"], "birthDate": ["1900-01-01"]}}\n'


def upload(client, dataset, headers, body=None, name="extra.jsonl"):
    body = LINE.encode() if body is None else body
    return client.post(f"/api/datasets/{dataset}/files", headers=headers,
                       files={"file": (name, body, "application/x-ndjson")})


def statements(ws, entity="p-new-1") -> int:
    with Store.open(ws) as store:
        return store.con.execute("SELECT count(*) FROM statements WHERE entity_id = ?", [entity]).fetchone()[0]


def entries(ws, action):
    db = open_workspace_database(ws)
    with db.session() as s:
        rows = audit.entries(s, action=action, limit=50)
    db.dispose()
    return rows


def test_supplier_loads_and_the_load_is_audited_with_hash_and_size(own):
    ws, client = own
    ana = bearer(client, "ana")  # politie-rotterdam, kind politie: supplies politie-bvh
    started = upload(client, "politie-bvh", ana)
    assert started.status_code == 202, started.text
    job = wait_job(client, started.json()["job"]["id"], ana)
    assert job["status"] == "done", job
    assert statements(ws) > 0
    start = entries(ws, "ingest_start")[0]["what"]
    assert start["sha256"] == hashlib.sha256(LINE.encode()).hexdigest()
    assert start["bytes"] == len(LINE.encode()) and start["dataset"] == "politie-bvh"
    assert entries(ws, "ingest_done")[0]["what"]["records"] == 1
    uploads = list((ws.root / "uploads" / "politie-bvh").iterdir())
    assert uploads and all((p.stat().st_mode & 0o777) == 0o600 for p in uploads)


@pytest.mark.parametrize("user,dataset", [
    ("gem", "politie-bvh"),        # the municipality into the police's data
    ("fio", "politie-bvh"),        # FIOD adds an alias to a police suspect
    ("ana", "kvk-handelsregister"),  # the police into the chamber of commerce's register
    ("out", "kvk-handelsregister"),  # a police analyst in no case
    ("aud", "politie-bvh"),        # no loading role
])
def test_others_cannot_load(own, user, dataset):
    ws, client = own
    refused = upload(client, dataset, bearer(client, user))
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["code"] == "permission_denied"
    assert statements(ws) == 0
    assert not (ws.root / "uploads" / dataset).exists() or not any((ws.root / "uploads" / dataset).iterdir())
    assert any(e["what"].get("action") == "load" for e in entries(ws, "denied"))


def test_others_cannot_load_through_the_web_form(own):
    ws, client = own
    csrf = login(client, "gem")
    cid = case_id(client, bearer(client, "gem"))
    page = client.post(f"/cases/{cid}/upload", data={"dataset": "politie-bvh"},
                       files={"file": ("x.jsonl", LINE.encode(), "application/x-ndjson")},
                       headers={"X-CSRF-Token": csrf})
    assert "only the supplying partner" in page.text
    assert statements(ws) == 0


def test_size_and_row_limits_answer_413(own, monkeypatch):
    ws, client = own
    ana = bearer(client, "ana")
    monkeypatch.setenv("OFFENSIEF_UPLOAD_MAX_BYTES", "100")
    big = upload(client, "politie-bvh", ana, body=LINE.encode() * 2)
    assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"
    assert "100 bytes" in big.json()["error"]["message"]
    monkeypatch.setenv("OFFENSIEF_UPLOAD_MAX_BYTES", "100000")
    monkeypatch.setenv("OFFENSIEF_UPLOAD_MAX_ROWS", "2")
    many = upload(client, "politie-bvh", ana, body=LINE.encode() * 3)
    assert many.status_code == 413 and "2 rows" in many.json()["error"]["message"]
    assert not any((ws.root / "uploads" / "politie-bvh").iterdir())
    assert statements(ws) == 0


def test_uploads_have_their_own_bounded_lane():
    """Loads waiting in the uploads lane never hold the workers of analyses, and the lane
    refuses more than its bound."""
    runner = JobRunner(workers=1, lanes={"uploads": (1, 2)})
    release = threading.Event()
    try:
        blocked = [runner.submit("ingest", lambda p: release.wait(10), lane="uploads") for _ in range(2)]
        with pytest.raises(QueueFull):
            runner.submit("ingest", lambda p: None, lane="uploads")
        analysis = runner.submit("plan", lambda p: {"ok": True}, case="1")
        assert runner.wait(analysis.id, timeout=5).status == "done"
        assert all(runner.get(j.id).status in ("queued", "running") for j in blocked)
    finally:
        release.set()
        runner.shutdown()


def test_cli_ingest_as_checks_the_same_rule(world_workspace, tmp_path):
    shutil.copytree(world_workspace.root, tmp_path / "ws")
    ws = Workspace.open(tmp_path / "ws")
    path = tmp_path / "extra.jsonl"
    path.write_text(LINE)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OFFENSIEF_")}
    env |= {"PYTHONPATH": os.pathsep.join(p for p in sys.path if p), "OFFENSIEF_PASSWORD": PASSWORD}
    exe = str(Path(sys.executable).with_name("offensief"))

    def ingest(user):
        return subprocess.run([exe, "ingest", str(path), "-d", "politie-bvh", "--as", user,
                               "--workspace", str(ws.root)], check=False, capture_output=True, text=True,
                              env=env, timeout=120)

    refused = ingest("gem")
    assert refused.returncode != 0 and "only the supplying partner" in refused.stderr
    assert statements(ws) == 0
    loaded = ingest("ana")
    assert loaded.returncode == 0, loaded.stderr
    assert statements(ws) > 0
    assert entries(ws, "ingest_start")[0]["what"]["sha256"] == hashlib.sha256(LINE.encode()).hexdigest()


def test_corrections_are_requests_to_the_supplier(own):
    ws, client = own
    gem, ana, fio, out = (bearer(client, u) for u in ("gem", "ana", "fio", "out"))
    cid = case_id(client, ana)
    before = statements(ws, "p1")
    body = {"case": cid, "entity_id": "p1", "prop": "birthDate", "value": "1900-01-01",
            "reason": "our register says otherwise"}
    made = client.post("/api/datasets/politie-bvh/corrections", headers=gem, json=body)
    assert made.status_code == 201, made.text
    assert made.json()["partner"] == "politie" and made.json()["status"] == "open"
    assert statements(ws, "p1") == before  # nothing written
    incoming = client.get("/api/corrections", headers=ana).json()
    assert [c["id"] for c in incoming] == [made.json()["id"]]
    assert client.get("/api/corrections", headers=fio).json() == []
    rid = made.json()["id"]
    assert client.post(f"/api/corrections/{rid}/decision", headers=fio, json={"accept": True}).status_code == 404
    assert client.post(f"/api/corrections/{rid}/decision", headers=gem, json={"accept": True}).status_code == 404
    decided = client.post(f"/api/corrections/{rid}/decision", headers=ana, json={"accept": False, "note": "klopt"})
    assert decided.json()["status"] == "rejected"
    # a non-member gets the same answer as for a case that does not exist
    not_member = client.post("/api/datasets/politie-bvh/corrections", headers=out, json=body)
    unknown = client.post("/api/datasets/politie-bvh/corrections", headers=out, json=body | {"case": 999})
    assert not_member.status_code == unknown.status_code == 404
    a, b = not_member.json()["error"], unknown.json()["error"]
    assert a["code"] == b["code"] and a["details"] == b["details"]
    assert a["message"].replace(str(cid), "N") == b["message"].replace("999", "N")
    # the supplier corrects its own data by loading, not by requesting
    own_data = client.post("/api/datasets/politie-bvh/corrections", headers=ana, json=body)
    assert own_data.status_code == 403 and "load a corrected file" in own_data.text
    assert json.dumps(entries(ws, "correction_request")).count("1900-01-01") == 0


def test_correction_and_password_commands(world_workspace, tmp_path, monkeypatch):
    """The CLI's correction request/list/decide and user password, with --as."""
    monkeypatch.delenv("OFFENSIEF_DATABASE_URL", raising=False)
    shutil.copytree(world_workspace.root, tmp_path / "ws")
    ws = Workspace.open(tmp_path / "ws")
    runner = CliRunner()

    def cli(*args, user, password=PASSWORD):
        env = {"OFFENSIEF_WORKSPACE": str(ws.root), "OFFENSIEF_USER": user, "OFFENSIEF_PASSWORD": password}
        return runner.invoke(cli_app, list(args), env=env)

    db = open_workspace_database(ws)
    with db.session() as s:
        cid = get_case(s, "Operatie Zandloper").id
    db.dispose()
    made = cli("correction", "request", "politie-bvh", "--case", str(cid), "--entity", "p1",
               "--property", "birthDate", "--value", "1900-01-01", "--reason", "BRP zegt anders",
               "--json", "-", user="gem")
    assert made.exit_code == 0, (made.output, made.exception)
    rid = json.loads(made.output)["id"]
    listed = cli("correction", "list", "--json", "-", user="ana")
    assert [r["id"] for r in json.loads(listed.output)] == [rid]
    assert cli("correction", "decide", str(rid), "--accept", user="fio").exit_code != 0
    assert "accepted" in cli("correction", "decide", str(rid), "--accept", user="ana").output
    changed = cli("user", "password", "gem", "--new", "een-nieuw-wachtwoord", user="gem")
    assert changed.exit_code == 0, (changed.output, changed.exception)
    assert "sessions ended" in changed.output
    assert cli("correction", "list", user="gem").exit_code != 0  # the old password is gone
    assert cli("correction", "list", user="gem", password="een-nieuw-wachtwoord").exit_code == 0
