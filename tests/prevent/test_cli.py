"""The prevention commands end to end on a small workspace: load, tables with withheld cells
and reasons, maps as files, tracks and campaigns with their effect; every run audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from sqlalchemy import select

from offensief.cases.seed import demo_password, seed_demo
from offensief.cli.app import app as root_app
from offensief.db.engine import open_workspace_database
from offensief.db.records import AuditEntry
from offensief.demo.areas import demo_areas
from offensief.model.errors import InputError, PermissionDenied
from offensief.store.workspace import Workspace


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Workspace:
    root = tmp_path_factory.mktemp("prevcli")
    workspace = Workspace.init(root / "ws")
    db = open_workspace_database(workspace)
    with db.session() as s:
        seed_demo(s)
    db.dispose()
    data = demo_areas(seed=7)  # the demo's world, where the planted drop is visible
    for name in ("areas", "postcodes", "values"):
        (root / f"{name}.csv").write_text(getattr(data, name), encoding="utf-8")
    return workspace


def run(ws: Workspace, user: str, *args: str, monkeypatch) -> None:
    monkeypatch.setenv("OFFENSIEF_PASSWORD", demo_password(user))
    typer.main.get_command(root_app).main([*args, "--as", user, "--workspace", str(ws.root)],
                                          standalone_mode=False)


def test_load_tables_maps_tracks_campaigns(ws, tmp_path, monkeypatch, capsys):
    files = ws.root.parent
    for name in ("areas", "postcodes", "values"):
        run(ws, "preventie", "area", "load", str(files / f"{name}.csv"), monkeypatch=monkeypatch)
    run(ws, "preventie", "area", "load", str(files / "values.csv"), monkeypatch=monkeypatch)
    assert "already loaded" in capsys.readouterr().out
    run(ws, "preventie", "area", "indicators", "--json", str(tmp_path / "t.json"), monkeypatch=monkeypatch)
    data = json.loads((tmp_path / "t.json").read_text())
    assert data["threshold"] == 10 and data["rounding"] == 5
    cells = [c for t in data["indicators"] for r in t["rows"] for c in r["cells"]]
    withheld = [c for c in cells if c["value"] is None]
    assert withheld and {c["reason"] for c in withheld} == {"below_threshold", "secondary_suppression"}
    assert all(c["value"] % 5 == 0 and c["value"] >= 10 for c in cells if c["value"] is not None)
    run(ws, "preventie", "area", "map", "youth_risk", "--out", str(tmp_path / "m.png"), monkeypatch=monkeypatch)
    run(ws, "preventie", "area", "map", "drug_incidents", "--level", "gemeente", "--period", "2024",
        "--out", str(tmp_path / "m.svg"), monkeypatch=monkeypatch)
    assert (tmp_path / "m.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "m.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and svg.count("<path") >= 23
    with pytest.raises(InputError, match=r"\.svg or \.png"):
        run(ws, "preventie", "area", "map", "youth_risk", "--out", str(tmp_path / "m.jpg"), monkeypatch=monkeypatch)

    run(ws, "preventie", "prevention", "track", "add", "--area", "WK059901", "--track", "work",
        "--kind", "job_track", "--title", "Werkplaats Zuid", "--start", "2025-03-01", "--budget", "90000",
        "--participants", "6", "--outputs", '{"placements": 4}', monkeypatch=monkeypatch)
    run(ws, "preventie", "prevention", "track", "list", "--json", str(tmp_path / "tr.json"), monkeypatch=monkeypatch)
    tracks = json.loads((tmp_path / "tr.json").read_text())
    assert tracks[-1]["participants"] is None and tracks[-1]["participants_reason"] == "below_threshold"
    with pytest.raises(InputError, match="non-negative number"):
        run(ws, "preventie", "prevention", "track", "add", "--area", "WK059901", "--track", "work",
            "--kind", "job_track", "--title", "x", "--start", "2025-03-01", "--outputs", '{"names": "Jan"}',
            monkeypatch=monkeypatch)

    run(ws, "preventie", "campaign", "add", "--name", "Niet normaal", "--target-group", "students",
        "--channel", "schools", "--channel", "social media", "--start", "2025-01-01", "--end", "2025-06-30",
        "--reach", "52000", "--indicator", "drug_incidents", "--area", "GM0599", "--area", "GM0518",
        "--area", "GM0505", "--survey-before", "40", "--survey-after", "35", monkeypatch=monkeypatch)
    run(ws, "preventie", "campaign", "list", "--json", str(tmp_path / "c.json"), monkeypatch=monkeypatch)
    campaign = json.loads((tmp_path / "c.json").read_text())[0]
    run(ws, "preventie", "campaign", "effect", str(campaign["id"]), "--json", str(tmp_path / "e.json"),
        monkeypatch=monkeypatch)
    effect = json.loads((tmp_path / "e.json").read_text())["effect"]
    assert effect["ci_low"] < effect["estimate"] < effect["ci_high"] < 0  # the demo's planted drop
    assert effect["treated_areas"] == 3 and effect["comparison_areas"] == 20

    db = open_workspace_database(ws)
    with db.session() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.actor == "preventie"))]
    db.dispose()
    assert {"prevent_read", "prevent_write", "export"} <= set(actions)


def test_controller_may_not_write(ws, monkeypatch):
    with pytest.raises(PermissionDenied):
        run(ws, "controller", "prevention", "track", "add", "--area", "WK059901", "--track", "work",
            "--kind", "job_track", "--title", "x", "--start", "2025-03-01", monkeypatch=monkeypatch)


def test_bad_file_names_line_and_field(ws, tmp_path, monkeypatch):
    bad = Path(tmp_path / "bad.csv")
    bad.write_text("area,indicator,period,value\nGM0599,drug_incidents,2025,ten\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        run(ws, "preventie", "area", "load", str(bad), monkeypatch=monkeypatch)
    assert f"{bad}:2" in str(err.value) and "'value'" in str(err.value)
