"""``benchmarks/spark.py`` and ``benchmarks/targets.py`` on Spark local mode at a tiny size.

The curve runs under a time budget (a loaded machine stops it within the budget, and the
stop must be written); whatever step finished must agree with the embedded engine.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from benchmarks import spark as bench_spark
from benchmarks import targets as bench_targets

pytestmark = [pytest.mark.spark, pytest.mark.timeout(900)]

_SPAN = {"seconds", "cpu_seconds", "loadavg_before", "loadavg_after"}


def test_curve_point_is_written_with_spans_and_equal_ingest(spark: Any, tmp_path: Path) -> None:
    out = tmp_path / "spark.json"
    result = bench_spark.run([300], [2], out=out, time_budget=120, work=tmp_path, driver_memory="3g")
    assert json.loads(out.read_text()) == result
    assert _SPAN <= set(result["spark_session_start"]) and result["machine"]["spark"] == spark.version
    point = result["runs"][0]
    assert point["payments"] > 300 and _SPAN <= set(point["plain_read_csv"])
    duck, side, equal = point["duckdb"], point["spark"]["2"], point["equal"]["2"]
    assert _SPAN <= set(duck["ingest"]) and duck["alerts"] > 0
    assert _SPAN <= set(side["ingest"]) and side["ingest"]["cpu_seconds"] > 0  # the JVM's CPU is counted
    assert equal["statements"] and equal["ids"] and equal["content"]
    assert result["differences"] == []
    if "stopped" in side:  # the budget ran out: the run says where, and stops
        assert result["complete"] is False and "time budget" in result["stopped"]
        assert None in equal.values()
    else:
        assert result["complete"] is True and all(equal.values())


def test_targets_record_a_spark_step_over_budget_as_not_finished(spark: Any, tmp_path: Path) -> None:
    out = tmp_path / "targets.json"
    result = bench_targets.run(0.0002, threads=1, spark_budget_s=0.0, partitions=2, use_spark=True, out=out,
                               work=tmp_path, only=["ingest"])
    ingest = result["targets"]["ingest"]
    assert ingest["spark"]["status"].startswith("not finished: budget")
    assert ingest["duckdb"]["records"] == 2000 and isinstance(ingest["met"], bool)
    assert json.loads(out.read_text())["met"] == {"ingest": ingest["met"]}
