"""``offensief search`` and ``offensief export`` as authenticated users, masked and audited."""

from __future__ import annotations

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
