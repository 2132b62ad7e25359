"""``offensief demo`` end to end: generate, load, and the store holds what was generated."""

from __future__ import annotations

import time
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from offensief.cli.app import app
from offensief.cli.demo import run_analyses
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object, float]:
    root = tmp_path_factory.mktemp("demo")
    data, ws_path = root / "data", root / "ws"
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["demo", "--data", str(data), "--workspace", str(ws_path),
                                      "--no-analyse", "--no-serve"])
    return data, ws_path, result, time.perf_counter() - started


def test_demo_generates_and_loads_the_world_under_a_minute(demo) -> None:
    data, ws_path, result, seconds = demo
    assert result.exit_code == 0, result.output
    assert "demo world loaded" in result.output
    assert seconds < 60
    generated = __import__("json").loads((data / "datasets.json").read_text())
    names = {d["name"] for d in generated["datasets"]}
    with Store.open(Workspace.open(ws_path)) as store:
        stats = store.stats()
        assert set(stats["datasets"]) == names
        assert all(entry["statements"] > 0 for entry in stats["datasets"].values())
        payments = store.con.execute("SELECT count(*) FROM transactions").fetchone()[0]
        assert payments == stats["datasets"]["bank-transacties"]["schemata"]["Payment"] > 10_000
        assert store.con.execute("SELECT count(*) FROM transactions WHERE amount IS NULL OR ts IS NULL").fetchone()[0] == 0
    for name in names:
        assert name in result.output
    assert "Operatie Zandloper" in result.output


def test_demo_analyses_write_explained_results(demo) -> None:
    _, ws_path, result, _ = demo
    assert result.exit_code == 0, result.output
    ws = Workspace.open(ws_path)
    run_analyses(ws)
    out = ws.root / "results"
    roles = orjson.loads((out / "roles.json").read_bytes())
    kingpins = [r for r in roles if r["role"] == "kingpin"]
    assert kingpins and all(r["source_ids"] and r["explanation"] for r in kingpins)
    alerts = orjson.loads((out / "alerts.json").read_bytes())
    assert {a["typology"] for a in alerts} >= {"structuring", "cycle", "fan_in"}
    assert orjson.loads((out / "resolve.json").read_bytes())
    plan = (out / "plan.md").read_text()
    assert "advice" in plan.lower() and "kingpin" in plan


def test_demo_refuses_to_overwrite_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    target.mkdir()
    (target / "precious.txt").write_text("keep me")
    result = CliRunner().invoke(app, ["demo", "--data", str(tmp_path / "d"), "--workspace", str(target), "--fresh", "--no-serve"])
    assert result.exit_code != 0
    assert (target / "precious.txt").exists()
