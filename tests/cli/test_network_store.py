"""Every ``offensief network`` command on the workspace's store reads one case as one user:
``--case`` and ``--as`` are required, the graph holds only the datasets the user may see in
the case, persons the user may not read in clear are subject tokens, and the read is audited.
(File mode, network files as arguments, needs neither.)"""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from offensief.access.pseudonym import is_token
from offensief.cli.network import app
from offensief.db import open_workspace_database
from offensief.db.records import AuditEntry
from offensief.model.errors import AuthenticationError, InputError
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.casework.helpers import CASE, add_case, as_user
from tests.network.world import bank_entities, kvk_entities, load_world, police_entities

runner = CliRunner()

#: The store commands besides roles and communities (tests/network/test_cli.py covers those).
COMMANDS = {"metrics": [], "brokerage": [], "timeslices": ["--period", "month"]}


def _ids_and_names() -> list[str]:
    """Every entity id and name of the world, quoted as they would appear in JSON."""
    out = []
    for entity in (*police_entities(), *kvk_entities(), *bank_entities()):
        out.append(json.dumps(entity["id"]))
        out += [json.dumps(n) for n in entity["properties"].get("name", [])]
    return out


@pytest.fixture
def world(workspace: Workspace, tmp_path: Path) -> Workspace:
    with Store.open(workspace) as store:
        load_world(store, tmp_path)
    add_case(workspace)
    return workspace


def _run(ws: Workspace, command: str, *extra: str, user: str | None = None, case: bool = True):
    args = [command, *COMMANDS[command], "--workspace", str(ws.root), *extra]
    if case:
        args += ["--case", CASE]
    return runner.invoke(app, args, env=as_user(user) if user else {})


def _json(ws: Workspace, command: str, user: str) -> str:
    result = _run(ws, command, "--json", "-", user=user)
    assert result.exit_code == 0, (command, result.output, result.exception)
    return result.stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_store_commands_need_a_user_and_a_case(world: Workspace, command: str) -> None:
    anonymous = _run(world, command)
    assert isinstance(anonymous.exception, AuthenticationError) and "--as" in str(anonymous.exception)
    caseless = _run(world, command, user="ana", case=False)
    assert isinstance(caseless.exception, InputError) and "--case" in str(caseless.exception)
    outsider = _run(world, command, user="nobody")
    assert outsider.exit_code != 0 and "p-ka" not in outsider.output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_viewer_without_clear_access_gets_tokens_only(world: Workspace, command: str) -> None:
    blob = _json(world, command, "gem")
    for value in _ids_and_names():
        assert value not in blob, (command, value)
    assert "tok_" in blob and '"disclosed": false' in blob.replace('":false', '": false')


def test_metrics_for_an_allowed_viewer(world: Workspace) -> None:
    data = orjson.loads(_json(world, "metrics", "ana"))
    names = data["nodes"]["names"]
    assert "p-ka" in names and not any(is_token(n) for n in names)
    assert data["nodes"]["labels"][names.index("p-kb")] == "Bram Baas"
    assert data["graph"]["nodes"] == len(names) and data["graph"]["edges"] > 0
    assert len(data["nodes"]["measures"]["betweenness"]) == len(names)
    assert data["inputs"]["disclosed"] and data["inputs"]["datasets"] == ["bank", "politie-bvh"]
    gem = orjson.loads(_json(world, "metrics", "gem"))
    assert gem["graph"]["nodes"] == data["graph"]["nodes"]  # the same network, persons as tokens
    assert all(is_token(n) for n in gem["nodes"]["names"])
    # a dataset the caller may not see in the case is refused, not read
    refused = _run(world, "metrics", "--dataset", "geheim", user="ana")
    assert isinstance(refused.exception, InputError) and "geheim" in str(refused.exception)


def test_timeslices_and_brokerage_for_an_allowed_viewer(world: Workspace) -> None:
    slices = orjson.loads(_json(world, "timeslices", "ana"))
    assert slices["labels"] == ["2025-03"] and slices["inputs"]["disclosed"]
    tops = {row["id"] for s in slices["slices"] for row in s["top"]["degree"]}
    assert tops and not any(is_token(i) for i in tops)
    rows = orjson.loads(_json(world, "brokerage", "ana"))["nodes"]
    assert "p-ka" in {r["id"] for r in rows} and {r["name"] for r in rows} >= {"Karel Kop", "Bram Baas"}


def test_store_reads_are_audited(world: Workspace) -> None:
    for command in COMMANDS:
        _json(world, command, "gem")
    db = open_workspace_database(world)
    try:
        with db.session() as session:
            entries = [(e.action, e.purpose, json.loads(e.what)) for e in session.scalars(
                select(AuditEntry).where(AuditEntry.actor == "gem"))]
    finally:
        db.dispose()
    opened = {what.get("command") for action, purpose, what in entries
              if action == "read_pseudonymised" and purpose.startswith("cli:")}
    assert {f"network {c}" for c in COMMANDS} <= opened, entries


def test_file_mode_needs_no_user(tmp_path: Path) -> None:
    edges = tmp_path / "net.csv"
    edges.write_text("source,target\na,b\nb,c\nc,a\nc,d\n")
    for command in ("metrics", "brokerage"):
        result = runner.invoke(app, [command, str(edges), "--json", "-"])
        assert result.exit_code == 0, (command, result.output)
        assert '"a"' in result.stdout
    result = runner.invoke(app, ["timeslices", str(edges), str(edges), "--json", "-"])
    assert result.exit_code == 0, result.output
