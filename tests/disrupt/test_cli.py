"""The ``offensief disrupt`` commands, run in-process through the real Typer app."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from offensief.cli.app import app, main

from .worlds import criminal_world

CAVIAR = "/work/shared/data/networks/caviar/aggregate/morselli_caviar.csv"
runner = CliRunner()


def test_simulate_caviar_with_paper_conventions_writes_json(tmp_path: Path):
    out = tmp_path / "run.json"
    result = runner.invoke(app, ["disrupt", "simulate", CAVIAR, "--conventions", "anastasiadis2024",
                                 "-s", "betweenness", "-s", "in-degree", "--steps", "5",
                                 "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    lcc = {run["strategy"]: [row["lcc"] for row in run["rows"]] for run in data["runs"]}
    assert lcc == {"betweenness": [66, 55, 44, 38, 13, 6], "in-degree": [66, 55, 44, 32, 13, 6]}
    assert data["runs"][0]["conventions"]["component"] == "strong"
    assert "Conventions: directed, strong components" in result.output


def test_simulate_block_mode_ties_and_recovery(tmp_path: Path):
    out = tmp_path / "run.json"
    result = runner.invoke(app, ["disrupt", "simulate", CAVIAR, "--undirected", "-s", "degree",
                                 "--mode", "block", "--block-size", "5", "--ties", "id",
                                 "--steps", "10", "--recovery", "5", "--runs", "10",
                                 "--json", str(out)])
    assert result.exit_code == 0, result.output
    run = json.loads(out.read_text())["runs"][0]
    assert run["conventions"].items() >= {"mode": "block", "block_size": 5, "ties": "id",
                                         "directed": False, "component": "weak"}.items()
    assert len(run["rows"]) == 11
    assert set(run["recovery"]["effect"]["lcc"]) == {"immediate", "recovered", "band"}


def test_plan_from_a_graphml_file(tmp_path: Path):
    network = tmp_path / "world.graphml"
    criminal_world().write_graphml(str(network))
    out, report = tmp_path / "plan.json", tmp_path / "plan.md"
    result = runner.invoke(app, ["disrupt", "plan", str(network), "--size", "5", "--runs", "20",
                                 "--json", str(out), "--report", str(report)])
    assert result.exit_code == 0, result.output
    plan = json.loads(out.read_text())
    assert plan["targets"][0]["role"] == "kingpin"
    assert "Advice only" in report.read_text()


def test_user_errors_are_one_line_and_exit_2(monkeypatch, capsys):
    for args, message in (([CAVIAR, "-s", "nonsense"], "unknown strategy"),
                          ([CAVIAR, "--case", "Zandloper"], "exactly one of")):
        monkeypatch.setattr(sys, "argv", ["offensief", "disrupt", "simulate", *args])
        with pytest.raises(SystemExit) as exit_info:
            main()
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err


def test_simulate_and_plan_on_a_case_network(tmp_path: Path):
    from offensief.ingest.loader import ingest_file
    from offensief.model.dataset import Dataset
    from offensief.store.duckstore import Store
    from offensief.store.workspace import Workspace
    from tests.casework.helpers import CASE, add_case, as_user

    ws = Workspace.init(tmp_path / "ws")
    people = [{"id": f"p{i}", "schema": "Person", "properties": {"name": [f"Person {i}"]}}
              for i in range(8)]
    ties = [(0, 1), (0, 2), (0, 3), (1, 2), (3, 4), (4, 5), (5, 6), (6, 7), (4, 6)]
    links = [{"id": f"a{k}", "schema": "Associate",
              "properties": {"person": [f"p{a}"], "associate": [f"p{b}"]}}
             for k, (a, b) in enumerate(ties)]
    source = tmp_path / "police.jsonl"
    source.write_text("\n".join(json.dumps(e) for e in people + links) + "\n")
    with Store.open(ws) as store:
        store.add_dataset(Dataset.create(name="politie-bvh", partner="politie", regime="wpg-9",
                                         purpose="onderzoek", collected_at="2025-01-01"))
        ingest_file(store, dataset="politie-bvh", path=source, mapping=None)
    notes = tmp_path / "notes.json"
    notes.write_text(json.dumps({"p3": {"role": "kingpin", "group": "A"}}))
    out = tmp_path / "run.json"
    add_case(ws)
    result = runner.invoke(app, ["disrupt", "simulate", "--case", CASE, "-w", str(ws.root),
                                 "-s", "betweenness", "--steps", "2", "--json", str(out)], env=as_user("ana"))
    assert result.exit_code == 0, result.output
    run = json.loads(out.read_text())["runs"][0]
    assert run["network"] == {"nodes": 8, "edges": 9}
    assert run["removed"][0] in {"p3", "p4"}  # the bridge between the two triangles
    assert run["rows"][1]["lcc"] < 8
    plan_out = tmp_path / "plan.json"
    result = runner.invoke(app, ["disrupt", "plan", "--case", CASE, "-w", str(ws.root),
                                 "--annotations", str(notes), "--size", "2", "--runs", "5",
                                 "--json", str(plan_out)], env=as_user("ana"))
    assert result.exit_code == 0, result.output
    plan = json.loads(plan_out.read_text())
    by_id = {t["id"]: t for t in plan["targets"]}
    assert by_id["p3"]["role"] == "kingpin" and by_id["p3"]["group"] == "A"  # the annotation
    assert by_id["p3"]["source_ids"] == ["p3"] and by_id["p3"]["name"] == "Person 3"
    # the municipality may not read police data in clear: the same plan about subject tokens
    result = runner.invoke(app, ["disrupt", "plan", "--case", CASE, "-w", str(ws.root), "--size", "2",
                                 "--runs", "5", "--json", "-"], env=as_user("gem"))
    assert result.exit_code == 0, result.output
    assert "Person " not in result.stdout and '"p3"' not in result.stdout
    anonymous = runner.invoke(app, ["disrupt", "plan", "--case", CASE, "-w", str(ws.root)])
    assert "--as" in str(anonymous.exception)
