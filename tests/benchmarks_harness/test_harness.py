"""The benchmark harness of issue 20 (``benchmarks/measure.py``, ``spark.py``, ``targets.py``)
without Spark: CPU of the process tree, the equality checks, and the targets' JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks import spark as bench_spark
from benchmarks.measure import tree_cpu

ROOT = Path(__file__).resolve().parents[2]

_BURN = """
import time, sys
while time.process_time() < 0.3:
    pass
print("burnt", flush=True)
time.sleep(60)
"""


def test_tree_cpu_counts_a_live_child_and_a_reaped_one() -> None:
    before = tree_cpu()
    child = subprocess.Popen([sys.executable, "-c", _BURN], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "burnt"
        assert tree_cpu() - before >= 0.25  # the live child's own CPU
    finally:
        child.kill()
        child.wait()
    assert tree_cpu() - before >= 0.25  # after the wait: in this process's cutime


def test_compare_agrees_on_the_same_file_and_names_what_differs(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yml"
    mapping.write_text(bench_spark.MAPPING)
    csv = tmp_path / "payments.csv"
    rows = bench_spark.write_payments(csv, 300)
    lines = csv.read_text().splitlines()
    assert rows == len(lines) - 1 and rows > 300  # background plus the planted instances
    first = bench_spark.duckdb_side(tmp_path / "a", csv, mapping)
    assert first["alerts"] > 0 and first["components"] > 0 and first["statements"] > 6 * 300
    again = bench_spark.duckdb_side(tmp_path / "b", csv, mapping)
    assert all(bench_spark.compare(first, again).values())
    # one planted payment's amount changed: same count, other ids and content
    index = next(i for i, line in enumerate(lines) if line.startswith("cy-"))
    fields = lines[index].split(",")
    fields[4] = "123.45"
    lines[index] = ",".join(fields)
    csv.write_text("\n".join(lines) + "\n")
    changed = bench_spark.compare(first, bench_spark.duckdb_side(tmp_path / "c", csv, mapping))
    assert changed["statements"] and not changed["ids"] and not changed["content"]
    assert not changed["alerts"]  # the cycle no longer has the same payments' amounts
    assert changed["components"]  # the same accounts pay each other


def test_alert_digest_sees_a_score_and_ignores_order() -> None:
    alerts = [{"typology": "cycle", "score": 0.5, "transaction_ids": ["b", "a"]},
              {"typology": "fan_in", "score": 0.25, "transaction_ids": ["c"]}]
    same = [alerts[1], {"typology": "cycle", "score": 0.5, "transaction_ids": ["a", "b"]}]
    other = [alerts[0], {"typology": "fan_in", "score": 0.26, "transaction_ids": ["c"]}]
    assert bench_spark.alerts_digest(alerts) == bench_spark.alerts_digest(same)
    assert bench_spark.alerts_digest(alerts)["alerts_digest"] != bench_spark.alerts_digest(other)["alerts_digest"]


def test_targets_without_spark_write_every_target_with_wall_cpu_and_load(tmp_path: Path) -> None:
    out = tmp_path / "targets.json"
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "targets.py"), "--scale", "0.0002",
                    "--threads", "1", "--no-spark", "--out", str(out)], check=True, env=env,
                   capture_output=True, text=True)
    result = json.loads(out.read_text())
    assert set(result["targets"]) == {"ingest", "resolve", "typologies"}
    assert result["met"] == {"ingest": None, "resolve": None, "typologies": None}  # not the targets' sizes
    ingest = result["targets"]["ingest"]
    assert ingest["rows"] == 2000 and ingest["duckdb"]["records"] == 2000
    for span in (ingest["plain_read"], ingest["duckdb"], result["targets"]["typologies"]["duckdb"]):
        assert span["seconds"] > 0 and span["cpu_seconds"] >= 0 and len(span["loadavg_before"]) == 3
    assert ingest["within_threshold_at_this_size"] == (ingest["ratio_to_plain_read"] <= 10)
    resolve = result["targets"]["resolve"]
    assert resolve["duckdb"]["status"] == "ran" and resolve["duckdb"]["records"] > 1000
    assert resolve["within_threshold_at_this_size"] == (resolve["duckdb"]["resolve_seconds"] < 300)
    typologies = result["targets"]["typologies"]
    assert typologies["duckdb"]["alerts"] >= 6 * 20  # every planted typology found
    assert all(t["spark"]["status"] == "not run: --no-spark" for t in result["targets"].values())


def test_table_names_each_difference() -> None:
    span = {"seconds": 1.5, "cpu_seconds": 0.5, "loadavg_before": [3.0, 2.0, 1.0], "loadavg_after": [3.0, 2.0, 1.0]}
    point = {"payments": 1000, "plain_read_csv": span, "duckdb": {"ingest": span, "typologies": span,
                                                                  "components_step": span},
             "spark": {"2": {"ingest": span, "stopped": "typologies: budget"}},
             "equal": {"2": {"statements": True, "ids": False, "alerts": None}}}
    text = bench_spark.table({"runs": [point]})
    assert "| 1,000 | DuckDB read_csv | 1.5 (0.5) |" in text
    assert "| | Spark, 2 partitions | 1.5 (0.5) | stopped | stopped | statements — DIFFER: ids |" in text
