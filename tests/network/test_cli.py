"""The network CLI on files and on a workspace: JSON shapes, one-line errors."""

from __future__ import annotations

import random
from pathlib import Path

import igraph as ig
import orjson
import pytest
from typer.testing import CliRunner

from offensief.access.pseudonym import is_token
from offensief.cli.network import app
from offensief.model.errors import AuthenticationError, InputError
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace
from tests.casework.helpers import CASE, add_case, as_user
from tests.network.caviar import AGGREGATE, phase
from tests.network.world import CANONICAL, load_world

runner = CliRunner()


def test_roles_json_on_caviar(tmp_path: Path) -> None:
    out = tmp_path / "roles.json"
    result = runner.invoke(app, ["roles", str(AGGREGATE), "--json", str(out), "--top", "5"])
    assert result.exit_code == 0, result.output
    rows = orjson.loads(out.read_bytes())
    assert rows[0]["role"] == "kingpin" and rows[0]["id"] == "1" and rows[0]["source_ids"] == ["1"]
    assert set(rows[0]) >= {"id", "source_ids", "name", "role", "score", "community", "explanation"}


def test_analyze_several_files_gives_time_series(tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    result = runner.invoke(app, ["analyze", str(phase(1)), str(phase(2)), "--convention", "anastasiadis2024",
                                 "--json", str(out), "--seeds", "2"])
    assert result.exit_code == 0, result.output
    data = orjson.loads(out.read_bytes())
    assert len(data["networks"]) == 2
    assert abs(data["timeslices"]["in_degree_centralisation"][0] - 0.2692307692307691) < 1e-9


def test_metrics_and_communities_print(tmp_path: Path) -> None:
    result = runner.invoke(app, ["metrics", str(AGGREGATE), "--top", "3"])
    assert result.exit_code == 0 and "betweenness" in result.output
    out = tmp_path / "c.json"
    result = runner.invoke(app, ["communities", str(AGGREGATE), "--json", str(out), "--seeds", "2"])
    data = orjson.loads(out.read_bytes())
    assert result.exit_code == 0 and data["count"] == len(data["sizes"]) and len(data["members"]) == 110


def test_store_roles_communities_timeslices(workspace: Workspace, tmp_path: Path) -> None:
    with Store.open(workspace) as store:
        load_world(store, tmp_path)
    add_case(workspace)
    mapping = tmp_path / "canonical.json"
    mapping.write_bytes(orjson.dumps(CANONICAL))
    ws = ["--workspace", str(workspace.root), "--case", CASE]
    out = tmp_path / "roles.json"
    result = runner.invoke(app, ["roles", *ws, "--canonical", str(mapping), "--json", str(out)],
                           env=as_user("ana"))
    assert result.exit_code == 0, result.output
    rows = orjson.loads(out.read_bytes())
    kop = next(r for r in rows if r["role"] == "kingpin" and r["id"] == "p-ka")
    assert kop["source_ids"] == ["k-ka", "p-ka"]
    focused = tmp_path / "focused.json"
    result = runner.invoke(app, ["roles", *ws, "--focus", "politie-bvh", "--json", str(focused)],
                           env=as_user("ana"))
    assert result.exit_code == 0, result.output
    ids = {r["id"] for r in orjson.loads(focused.read_bytes())}
    assert "b-mule" in {r["id"] for r in rows} and "b-mule" not in ids  # bank-only, tied by payments only
    out = tmp_path / "c.json"
    result = runner.invoke(app, ["communities", *ws, "--json", str(out), "--canonical", "none"],
                           env=as_user("ana"))
    assert result.exit_code == 0, result.output
    assert orjson.loads(out.read_bytes())["scope"]["level"] == "Kingdom"
    out = tmp_path / "t.json"
    result = runner.invoke(app, ["timeslices", *ws, "--period", "month", "--json", str(out)],
                           env=as_user("ana"))
    assert result.exit_code == 0, result.output
    assert orjson.loads(out.read_bytes())["labels"] == ["2025-03"]


def test_store_roles_need_an_acting_user_and_a_case(workspace: Workspace, tmp_path: Path) -> None:
    with Store.open(workspace) as store:
        load_world(store, tmp_path)
    add_case(workspace)
    ws = ["--workspace", str(workspace.root)]
    for command in ("roles", "communities"):
        anonymous = runner.invoke(app, [command, *ws, "--case", CASE])
        assert isinstance(anonymous.exception, AuthenticationError) and "--as" in str(anonymous.exception)
        caseless = runner.invoke(app, [command, *ws], env=as_user("ana"))
        assert isinstance(caseless.exception, InputError) and "--case" in str(caseless.exception)
    seeded = runner.invoke(app, ["roles", *ws, "--case", CASE, "--seeds", "2"], env=as_user("ana"))
    assert isinstance(seeded.exception, InputError) and "--seeds" in str(seeded.exception)
    # the municipality may not read the police and bank data in clear: tokens, values withheld
    out = tmp_path / "gem.json"
    result = runner.invoke(app, ["roles", *ws, "--case", CASE, "--json", str(out)], env=as_user("gem"))
    assert result.exit_code == 0, result.output
    rows = orjson.loads(out.read_bytes())
    assert rows and all(is_token(r["id"]) and is_token(r["name"]) and not r["source_ids"] for r in rows)
    assert all("value" not in f for r in rows for f in r["explanation"]["features"])
    assert all(not r["inputs"]["disclosed"] for r in rows)


def test_bad_file_raises_input_error_naming_line_and_field(tmp_path: Path) -> None:
    # offensief.cli.app.main turns an InputError into one line on stderr and exit code 2
    bad = tmp_path / "bad.csv"
    bad.write_text('"",a,b\na,0,x\nb,1,0\n')
    result = runner.invoke(app, ["roles", str(bad)])
    assert isinstance(result.exception, InputError)
    assert result.exception.line == 2 and result.exception.field == "b"
    assert str(result.exception).startswith(f"{bad}:2: not a number")


def test_brokerage_with_morselli_groups(tmp_path: Path) -> None:
    groups = tmp_path / "groups.csv"
    groups.write_text("node,group\n" + "".join(
        f"{i},{'trafficker' if i <= 82 else 'non-trafficker'}\n" for i in range(1, 111)))
    out = tmp_path / "b.json"
    result = runner.invoke(app, ["brokerage", str(AGGREGATE), "--groups", str(groups), "--json", str(out)])
    assert result.exit_code == 0, result.output
    nodes = orjson.loads(out.read_bytes())["nodes"]
    assert nodes[0]["id"] == "1" and nodes[0]["group"] == "trafficker"
    assert nodes[0]["gatekeeper"] > 0 and nodes[0]["liaison"] == 0  # two groups: no liaison possible
    result = runner.invoke(app, ["brokerage", str(AGGREGATE), "--top", "3"])
    assert result.exit_code == 0, result.output


def test_analyze_and_metrics_scale_past_the_exact_limits(tmp_path: Path) -> None:
    """A 25k-node file: betweenness is sampled with its bound stated, harmonic is left out and says why."""
    random.seed(6)
    graph = ig.Graph.Barabasi(25_000, 3)
    edges = graph.get_edgelist()
    path = tmp_path / "big.csv"
    path.write_text("source,target\n" + "".join(f"n{a},n{b}\n" for a, b in edges))
    out = tmp_path / "a.json"
    result = runner.invoke(app, ["analyze", str(path), "--seeds", "1", "--threads", "2", "--json", str(out)])
    assert result.exit_code == 0, result.output
    network = orjson.loads(out.read_bytes())["networks"][0]
    estimate = network["metrics"]["betweenness_estimate"]
    assert estimate["algorithm"].startswith("shortest-path sampling") and estimate["error_bound"] == 0.01
    assert network["metrics"]["betweenness_centralisation_error_bound"] == pytest.approx(0.02 * 25_000 / 24_999)
    assert network["metrics"]["efficiency"] is None and network["metrics"]["nodes"] == 25_000
    hubs = {f"n{i}" for i in sorted(range(25_000), key=lambda i: -graph.degree(i))[:5]}
    assert next(r["id"] for r in network["roles"] if r["role"] == "kingpin") in hubs
    out = tmp_path / "m.json"
    result = runner.invoke(app, ["metrics", str(path), "--json", str(out)])
    assert result.exit_code == 0, result.output
    nodes = orjson.loads(out.read_bytes())["nodes"]
    assert "harmonic_in" not in nodes["measures"] and "harmonic" in nodes["left_out"]
    assert nodes["betweenness"]["samples"] > 0 and len(nodes["measures"]["pagerank"]) == 25_000
