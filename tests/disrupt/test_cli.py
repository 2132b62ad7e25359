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
                          ([CAVIAR, "--workspace-network"], "exactly one of")):
        monkeypatch.setattr(sys, "argv", ["offensief", "disrupt", "simulate", *args])
        with pytest.raises(SystemExit) as exit_info:
            main()
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
