"""``offensief search`` and ``offensief export`` as authenticated users, masked and audited."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import orjson
from typer.testing import CliRunner

from offensief.cli.app import app as root_app
from offensief.store.workspace import Workspace
from tests.api.conftest import CASE, PASSWORD, world_workspace  # noqa: F401 - the fixture
from tests.api.world import KINGPIN


def run(ws: Workspace, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(root_app, [*args, "--workspace", str(ws.root)],
                                env={"OFFENSIEF_PASSWORD": PASSWORD})
    return result.exit_code, result.output + (str(result.exception) if result.exception else "")


def test_search_json(world_workspace: Workspace, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "hits.json"
    code, text = run(world_workspace, "search", "Kopstuk, K.", "--case", CASE, "--as", "ana",
                     "--json", str(out))
    assert code == 0, text
    data = orjson.loads(out.read_bytes())
    assert data["hits"][0]["id"] == "p0" and data["hits"][0]["caption"] == KINGPIN
    code, text = run(world_workspace, "search", "Karel Kopstuck", "--case", CASE, "--as", "gem",
                     "--json", "-")
    assert code == 0, text
    assert orjson.loads(text)["hits"] == []  # no fuzzy match on pseudonymised police data


def test_search_needs_membership_and_a_user(world_workspace: Workspace) -> None:  # noqa: F811
    code, text = run(world_workspace, "search", KINGPIN, "--case", CASE, "--as", "out")
    assert code != 0 and "member" in text
    code, text = run(world_workspace, "search", KINGPIN, "--case", CASE)
    assert code != 0 and "--as" in text


def test_export_writes_files_other_tools_open(world_workspace: Workspace, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "case.gexf"
    code, text = run(world_workspace, "export", str(out), "--case", CASE, "--as", "ana",
                     "--format", "gexf")
    assert code == 0, text
    assert nx.get_node_attributes(nx.read_gexf(out), "label")["p0"] == KINGPIN
    code, text = run(world_workspace, "export", str(tmp_path / "x.bin"), "--case", CASE,
                     "--as", "ana", "--format", "docx")
    assert code != 0 and "graphml" in text
    code, text = run(world_workspace, "export", str(tmp_path / "y.graphml"), "--case", CASE,
                     "--as", "out", "--format", "graphml")
    assert code != 0 and not (tmp_path / "y.graphml").exists()


def test_notes_and_views_on_the_command_line(world_workspace: Workspace, tmp_path: Path) -> None:  # noqa: F811
    shutil.copytree(world_workspace.root, tmp_path / "ws")
    ws = Workspace.open(tmp_path / "ws")  # notes and views change the world: a copy
    code, text = run(ws, "note", "add", "p0", "chauffeur van c1", "--case", CASE, "--as", "ana")
    assert code == 0 and KINGPIN in text, text
    code, text = run(ws, "note", "list", "--case", CASE, "--as", "gem", "--json", "-")
    assert code == 0, text
    notes = orjson.loads(text)["notes"]
    assert [n["text"] for n in notes] == ["chauffeur van c1"]
    assert notes[0]["entity"].startswith("tok_") and KINGPIN not in text  # tokens for the municipality
    code, text = run(ws, "note", "list", "--case", CASE, "--as", "out")
    assert code != 0 and "member" in text
    state = tmp_path / "view.json"
    state.write_text('{"seeds": ["p0"], "nodes": ["p0", "c1"], "positions": {"p0": {"x": 1, "y": 2}}}')
    code, text = run(ws, "view", "save", "begin", str(state), "--case", CASE, "--as", "ana")
    assert code == 0 and "2 nodes" in text, text
    code, text = run(ws, "view", "list", "--case", CASE, "--as", "fio", "--json", "-")
    assert code == 0 and orjson.loads(text)["views"][0]["name"] == "begin", text
    code, text = run(ws, "view", "show", "begin", "--case", CASE, "--as", "ana", "--json", "-")
    assert orjson.loads(text)["state"]["positions"]["p0"] == {"x": 1.0, "y": 2.0}
    code, text = run(ws, "view", "show", "begin", "--case", CASE, "--as", "out")
    assert code != 0
