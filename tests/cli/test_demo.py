"""``offensief demo`` end to end: generate, load, and the store holds what was generated."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import orjson
import pytest
from typer.testing import CliRunner

from offensief.cli import demo as demo_cli
from offensief.cli.app import app
from offensief.cli.demo import run_analyses, warm_in_background
from offensief.store.duckstore import Store
from offensief.store.workspace import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object, float]:
    root = tmp_path_factory.mktemp("demo")
    data, ws_path = root / "data", root / "ws"
    started = time.process_time()  # CPU time: other processes on the cores do not inflate it
    result = CliRunner().invoke(app, ["demo", "--data", str(data), "--workspace", str(ws_path),
                                      "--no-analyse", "--no-serve"])
    return data, ws_path, result, time.process_time() - started


def test_demo_generates_and_loads_the_world_under_a_minute(demo) -> None:
    data, ws_path, result, seconds = demo
    assert result.exit_code == 0, result.output
    assert "demo world loaded" in result.output
    assert seconds < 60, seconds
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


def _nobody_listening() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture
def thread_errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Exceptions that escape a thread (a traceback on the demo's console)."""
    caught: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: caught.append(args.exc_value))
    return caught


def test_the_warm_up_stops_with_the_server(thread_errors, capsys) -> None:
    """``offensief demo`` sets ``stop`` when its server ends: a warm-up still waiting for the
    server ends at once, warms nothing and prints nothing."""
    stop = threading.Event()
    thread = warm_in_background(_nobody_listening(), [("politie", "x")], stop=stop)
    stop.set()
    thread.join(5)
    assert not thread.is_alive() and thread_errors == []
    assert "case tabs" not in capsys.readouterr().out


def test_a_warm_up_without_a_server_says_so_instead_of_a_traceback(thread_errors, capsys) -> None:
    thread = warm_in_background(_nobody_listening(), [("politie", "x")], wait=0.5)
    thread.join(10)
    assert not thread.is_alive() and thread_errors == []
    assert "case tabs not prepared" in capsys.readouterr().out


def test_a_server_that_stops_while_warming_ends_the_warm_up_quietly(thread_errors, capsys,
                                                                    monkeypatch) -> None:
    def gone(url, logins):
        raise httpx.ConnectError("connection refused")

    monkeypatch.setattr(demo_cli, "server_answers", lambda url, *, stop, wait: True)
    monkeypatch.setattr(demo_cli, "warm", gone)
    thread = warm_in_background("http://127.0.0.1:9", [("politie", "x")])
    thread.join(10)
    assert not thread.is_alive() and thread_errors == []
    assert "the server stopped answering" in capsys.readouterr().out
