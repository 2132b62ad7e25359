"""``--engine spark`` on the commands: same JSON shapes, Spark's extra where documented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from offensief.cli.app import app
from offensief.store.workspace import Workspace
from tests.network.caviar import AGGREGATE

pytestmark = [pytest.mark.spark, pytest.mark.timeout(1800)]
runner = CliRunner()


def test_ingest_on_spark_writes_the_lake_and_the_same_summary(spark: Any, workspace: Workspace,
                                                               tmp_path: Path) -> None:
    source = tmp_path / "persons.jsonl"
    source.write_bytes(b"".join(orjson.dumps({"id": f"p{i}", "schema": "Person",
                                              "properties": {"name": [f"Jan {i}"]}}) + b"\n" for i in range(20)))
    out = tmp_path / "load.json"
    result = runner.invoke(app, ["ingest", str(source), "--dataset", "politie-bvh", "--engine", "spark",
                                 "--json", str(out), "--workspace", str(workspace.root)])
    assert result.exit_code == 0, result.output
    (load,) = orjson.loads(out.read_bytes())
    assert (load["records"], load["statements_added"], load["per_schema"]) == (20, 20, {"Person": 20})
    assert (workspace.lake_path / "statements" / "dataset=politie-bvh").is_dir()
    result = runner.invoke(app, ["ingest", str(source), "--dataset", "politie-bvh", "--engine", "nope",
                                 "--workspace", str(workspace.root)])
    assert result.exit_code != 0 and "unknown engine" in (result.output + str(result.exception))


def test_network_analyze_on_spark_adds_components_and_pagerank(spark: Any, tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    result = runner.invoke(app, ["network", "analyze", str(AGGREGATE), "--seeds", "1", "--engine", "spark",
                                 "--json", str(out)])
    assert result.exit_code == 0, result.output
    network = orjson.loads(out.read_bytes())["networks"][0]
    scale = network["scale"]
    assert scale["engine"] == "spark" and scale["components"]["largest"] <= network["metrics"]["nodes"]
    assert abs(sum(r["pagerank"] for r in scale["pagerank"])) <= 1.0 and len(scale["pagerank"]) == 10
