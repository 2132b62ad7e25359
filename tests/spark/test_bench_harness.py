"""``benchmarks/spark.py`` and ``benchmarks/targets.py`` on Spark local mode at a tiny size:
the curve's ingest and components on both engines must agree, and a time budget must stop a
run and say so. (The typologies on Spark take minutes even at this size on a busy machine:
their equality is checked by the curve itself, ``benchmarks/results/spark.json``.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from benchmarks import spark as bench_spark
from benchmarks import targets as bench_targets

pytestmark = [pytest.mark.spark, pytest.mark.timeout(900)]

_SPAN = {"seconds", "cpu_seconds", "loadavg_before", "loadavg_after"}


def test_curve_point_is_written_with_spans_and_equal_statements_and_components(spark: Any, tmp_path: Path) -> None:
    out = tmp_path / "spark.json"
    result = bench_spark.run([300], [2], out=out, time_budget=None, work=tmp_path, driver_memory="3g",
                             steps=("ingest", "components"))
    assert json.loads(out.read_text()) == result
    assert _SPAN <= set(result["spark_session_start"]) and result["machine"]["spark"] == spark.version
    point = result["runs"][0]
    assert point["payments"] > 300 and _SPAN <= set(point["plain_read_csv"])
    duck, side, equal = point["duckdb"], point["spark"]["2"], point["equal"]["2"]
    assert _SPAN <= set(duck["ingest"]) and duck["alerts"] > 0
    assert _SPAN <= set(side["ingest"]) and side["ingest"]["cpu_seconds"] > 0  # the JVM's CPU is counted
    assert side["done"] == ["ingest", "components"] and "typologies" not in side
    assert equal == {"statements": True, "ids": True, "content": True, "alerts": None, "components": True}
    assert result["differences"] == [] and result["complete"] is True


def test_a_spent_time_budget_stops_the_curve_and_says_so(spark: Any, tmp_path: Path) -> None:
    result = bench_spark.run([300], [2], out=tmp_path / "spark.json", time_budget=0.0, work=tmp_path)
    assert result["runs"] == [] and result["complete"] is False
    assert "time budget" in result["stopped"]


def test_targets_record_a_spark_step_over_budget_as_not_finished(spark: Any, tmp_path: Path) -> None:
    out = tmp_path / "targets.json"
    result = bench_targets.run(0.0002, threads=1, spark_budget_s=0.0, partitions=2, use_spark=True, out=out,
                               work=tmp_path, only=["ingest"])
    ingest = result["targets"]["ingest"]
    assert ingest["spark"]["status"].startswith("not finished: budget")
    assert ingest["duckdb"]["records"] == 2000 and isinstance(ingest["within_threshold_at_this_size"], bool)
    assert json.loads(out.read_text())["met"] == {"ingest": None}
