"""The CLI: user errors print one line without traceback and exit non-zero."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.ingest.helpers import person, write_jsonl


def run(*args: str, ws: Workspace | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if ws is not None:
        env["OFFENSIEF_WORKSPACE"] = str(ws.root)
    return subprocess.run([sys.executable, "-m", "offensief.cli.app", *args], capture_output=True, text=True, env=env, check=False)


def test_ingest_cli_summary_and_idempotence(workspace: Workspace, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [person(i) for i in range(5)])
    first = run("ingest", "--dataset", "politie-bvh", str(path), ws=workspace)
    assert first.returncode == 0, first.stderr
    assert "5 records" in first.stdout and "Person" in first.stdout
    second = run("ingest", "--dataset", "politie-bvh", str(path), ws=workspace)
    assert "already loaded" in second.stdout and "nothing added" in second.stdout
    stats = run("stats", "--json", "-", ws=workspace)
    assert '"entities": 5' in stats.stdout


def test_bad_input_is_one_clear_line(workspace: Workspace, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [person(1)], extra='{"id": "p2", "schema": "Persn"}\n')
    proc = run("ingest", "--dataset", "politie-bvh", str(path), ws=workspace)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0
    assert "in.jsonl:2" in proc.stderr and "unknown schema 'Persn'" in proc.stderr


def test_no_workspace_is_a_clear_error(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "OFFENSIEF_WORKSPACE"}
    proc = subprocess.run([sys.executable, "-m", "offensief.cli.app", "stats"], capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 2 and "no workspace" in proc.stderr


def test_country_option_reads_national_phone_numbers(workspace: Workspace, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [person(1, phone=["0470 12 34 56"])])
    proc = run("ingest", "--dataset", "politie-bvh", "--country", "be", str(path), ws=workspace)
    assert proc.returncode == 0, proc.stderr
    with Store.open(workspace) as store:
        assert [r["value"] for r in store.statements_for("p1") if r["prop"] == "phone"] == ["+32470123456"]
