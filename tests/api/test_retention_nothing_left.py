"""After retention, no value of the purged dataset remains anywhere in the workspace folder.

A copy of the API world is worked on as a case team would: resolution (term frequencies),
roles and an intervention plan written to ``results/``, a raw upload, a correction request,
cached analyses. Then the police dataset expires and the installed ``offensief retention
run`` purges it. Every file of the folder (raw bytes) and every table of both stores is
searched for every value of the purged dataset that no remaining dataset also holds.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from offensief.casework.retention import MIN_MARKER
from offensief.cli.app import app as cli_app
from offensief.model.dataset import Dataset
from offensief.resolve.records import records
from offensief.resolve.resolution import EXTRA_DDL, save_term_frequencies
from offensief.server import create_app
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.api.conftest import PASSWORD, bearer, case_id
from tests.api.waiting import job_done, settled

PURGED = "politie-bvh"
UPLOADED = "Zwaantje Uploadsma"
OFFENSIEF = str(Path(sys.executable).with_name("offensief"))


def values_of(store: Store, dataset: str) -> set[str]:
    rows = store.con.execute(
        "SELECT DISTINCT value FROM statements WHERE dataset = ? AND value NOT IN "
        "(SELECT value FROM statements WHERE dataset <> ?)", [dataset, dataset]).fetchall()
    return {str(v) for (v,) in rows if v is not None and len(str(v)) >= MIN_MARKER}


def table_text(con, tables) -> str:
    return "\n".join(str(con.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables)


@pytest.fixture
def ws(world_workspace, tmp_path, monkeypatch) -> Workspace:
    monkeypatch.delenv("OFFENSIEF_DATABASE_URL", raising=False)
    shutil.copytree(world_workspace.root, tmp_path / "ws")
    return Workspace.open(tmp_path / "ws")


def test_nothing_of_a_purged_dataset_remains(ws):
    env = {"OFFENSIEF_WORKSPACE": str(ws.root)}
    runner = CliRunner()
    # the case team's work: an upload, a correction request, cached analyses ...
    line = json.dumps({"id": "p-upload-1", "schema": "Person", "properties": {"name": [UPLOADED]}})
    with TestClient(create_app(ws, workers=1), raise_server_exceptions=False) as client:
        ana, gem = bearer(client, "ana"), bearer(client, "gem")
        started = client.post(f"/api/datasets/{PURGED}/files", headers=ana,
                              files={"file": ("extra.jsonl", line.encode(), "application/x-ndjson")})
        assert job_done(client, started.json()["job"]["id"], ana)["status"] == "done"
        cid = case_id(client, ana)
        made = client.post(f"/api/datasets/{PURGED}/corrections", headers=gem, json={
            "case": cid, "entity_id": "p-upload-1", "prop": "name", "value": UPLOADED + " Jr",
            "reason": "spelling"})
        assert made.status_code == 201, made.text
        for path in ("finance/assets", "network/roles", "finance/alerts"):
            answer = settled(client, "GET", f"/api/cases/{cid}/{path}", headers=ana)
            assert answer.status_code == 200, answer.text
    # ... resolution's term frequencies (name spellings) ...
    with Store.open(ws) as store:
        store.con.execute(EXTRA_DDL)
        recs = records(store.con, "person")
        save_term_frequencies(store.con, "person", recs,
                              [c for c in recs.columns if c not in ("unique_id", "dataset")])
        assert store.con.execute("SELECT count(*) FROM resolve_tf").fetchone()[0] > 0
        marks = values_of(store, PURGED)
        # the police data expire
        old = store.get_dataset(PURGED).to_dict()
        store.add_dataset(Dataset.create(name=PURGED, partner=old["partner"], regime=old["regime"],
                                         purpose=old["purpose"], collected_at=old["collected_at"],
                                         retention="2025-06-01"), replace=True)
    assert UPLOADED in marks and len(marks) >= 10
    # ... and written results naming people
    results = ws.root / "results"
    results.mkdir()
    env |= {"OFFENSIEF_USER": "ana", "OFFENSIEF_PASSWORD": PASSWORD, "OFFENSIEF_CASE": str(cid)}
    for args in (["network", "roles", "--top", "5", "--json", str(results / "roles.json")],
                 ["disrupt", "plan", "--runs", "5", "--json",
                  str(results / "plan.json"), "--report", str(results / "plan.md")]):
        done = runner.invoke(cli_app, args, env=env)
        assert done.exit_code == 0, (done.output, done.exception)
    written = b"".join(p.read_bytes() for p in results.iterdir())
    assert any(m.encode() in written for m in marks), "the results should name the police's people"
    # caches hold ids and numbers only, in private files
    cache = ws.root / "cache" / "analyses"
    cached = list(cache.rglob("*.json"))
    assert cached
    every_name = set()
    with Store.open(ws) as store:
        every_name = {v for (v,) in store.con.execute(
            "SELECT DISTINCT value FROM statements WHERE prop = 'name'").fetchall()}
    for path in cached:
        text = path.read_text()
        assert not [n for n in every_name if n in text], path
        assert (path.stat().st_mode & 0o777) == 0o600
    assert all((p.stat().st_mode & 0o777) == 0o700 for p in [cache, *cache.iterdir()] if p.is_dir())

    purged = subprocess.run([OFFENSIEF, "retention", "run", "--json", "-", "--workspace", str(ws.root)],
                            check=False, capture_output=True, text=True, timeout=300,
                            env={**{k: v for k, v in os.environ.items() if not k.startswith("OFFENSIEF_")},
                                 "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)})
    assert purged.returncode == 0, purged.stderr
    report = json.loads(purged.stdout)
    assert report["purged"] == [PURGED]
    removed = report["removed"]
    assert removed["uploads"] >= 1 and removed["correction_requests"] == 1
    assert {"results/roles.json", "results/plan.json", "results/plan.md"} <= set(removed["written_results"])
    assert removed["refresh_term_frequencies"] > 0

    # every file of the folder, raw bytes
    left = {}
    for path in ws.root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits = [m for m in marks if m.encode() in data or json.dumps(m)[1:-1].encode() in data]
            if hits:
                left[str(path.relative_to(ws.root))] = hits[:5]
    assert left == {}
    # every table of both stores
    with Store.open(ws) as store:
        tables = [t for (t,) in store.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()]
        dump = table_text(store.con, tables)
    with sqlite3.connect(ws.sqlite_path) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        dump += table_text(conn, tables)
    assert [m for m in marks if m in dump] == []
    # the chain still verifies, and the stores still work
    verified = runner.invoke(cli_app, ["audit", "verify"], env=env)
    assert verified.exit_code == 0, verified.output
    assert runner.invoke(cli_app, ["network", "roles", "--top", "3"], env=env).exit_code == 0
    assert PASSWORD
