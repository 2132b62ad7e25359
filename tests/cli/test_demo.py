"""``offensief demo`` end to end: generate, load, and the store holds what was generated."""

from __future__ import annotations

import time
from pathlib import Path

from typer.testing import CliRunner

from offensief.cli.app import app
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace


def test_demo_generates_and_loads_the_world_under_a_minute(tmp_path: Path) -> None:
    data, ws_path = tmp_path / "data", tmp_path / "ws"
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["demo", "--data", str(data), "--workspace", str(ws_path), "--no-serve"])
    seconds = time.perf_counter() - started
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


def test_demo_refuses_to_overwrite_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    target.mkdir()
    (target / "precious.txt").write_text("keep me")
    result = CliRunner().invoke(app, ["demo", "--data", str(tmp_path / "d"), "--workspace", str(target), "--fresh", "--no-serve"])
    assert result.exit_code != 0
    assert (target / "precious.txt").exists()
