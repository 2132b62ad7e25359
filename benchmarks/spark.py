"""The Spark engine's scaling curve on this machine, beside the embedded DuckDB engine.

For growing numbers of payments (CSV through an FtM mapping) and Spark partition counts it
times, on both engines: ingest (CSV → statements with the same ids), all typology detectors,
and connected components of the account graph; plus DuckDB's plain ``read_csv`` of the file
as the floor. Spark runs ``local[*]`` (2 cores here); a cluster divides its times by the
executors it adds (docs/scale.md turns these numbers into a capacity plan).

Run: ``nice .venv/bin/python benchmarks/spark.py --sizes 100000 300000 --partitions 2 8``.
Writes ``benchmarks/results/spark.json``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import igraph as ig

from offensief.finance.alerts import detect_alerts
from offensief.finance.spark import SparkEngine
from offensief.ingest import ingest_file
from offensief.ingest.spark import ingest_file_spark
from offensief.model.dataset import Dataset
from offensief.network.spark import connected_components, summary
from offensief.store import Store, Workspace
from offensief.store.spark import SparkConfig, spark_session
from offensief.store.spark.lake import Lake

_spec = importlib.util.spec_from_file_location("bench_ingest", Path(__file__).with_name("ingest.py"))
assert _spec and _spec.loader
bench_ingest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_ingest)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    out = fn()
    return round(time.perf_counter() - started, 2), out


def duckdb_side(root: Path, csv: Path, mapping: Path) -> dict[str, Any]:
    shutil.rmtree(root, ignore_errors=True)
    with Store.open(Workspace.init(root)) as store:
        store.add_dataset(Dataset.create(name="bank", partner="bank", regime="wwft", purpose="bench",
                                         collected_at="2025-01-01"))
        ingest, load = timed(lambda: ingest_file(store, dataset="bank", path=csv, mapping=mapping))
        typologies, alerts = timed(lambda: detect_alerts(store.con))

        def components() -> int:
            rows = store.con.execute("SELECT payer_account, beneficiary_account FROM transactions "
                                     "WHERE payer_account IS NOT NULL AND beneficiary_account IS NOT NULL").fetchall()
            graph = ig.Graph.TupleList(rows, directed=False)
            return len(graph.connected_components())

        seconds, count = timed(components)
    shutil.rmtree(root, ignore_errors=True)
    return {"ingest": ingest, "statements": load.statements_added, "typologies": typologies,
            "alerts": len(alerts), "components": seconds, "component_count": count}


def spark_side(spark: Any, root: Path, csv: Path, mapping: Path, partitions: int) -> dict[str, Any]:
    shutil.rmtree(root, ignore_errors=True)
    spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
    lake = Lake(spark, root)
    ingest, load = timed(lambda: ingest_file_spark(lake, dataset="bank", path=csv, mapping=mapping,
                                                   partitions=partitions))

    def typologies() -> list[dict[str, Any]]:
        lake.register(["bank"])
        con = lake.duckdb(["bank"])
        return detect_alerts(con, engine=SparkEngine(spark, con))

    seconds_t, alerts = timed(typologies)

    def components() -> int:
        edges = lake.table("transactions").where("payer_account IS NOT NULL AND beneficiary_account IS NOT NULL") \
            .selectExpr("payer_account AS src", "beneficiary_account AS dst").repartition(partitions)
        return summary(connected_components(edges))["count"]

    seconds_c, count = timed(components)
    spark.catalog.clearCache()
    shutil.rmtree(root, ignore_errors=True)
    return {"ingest": ingest, "statements": load.statements_added, "typologies": seconds_t,
            "alerts": len(alerts), "components": seconds_c, "component_count": count}


def write(out: Path, runs: list[dict[str, Any]], spark: Any, startup: float, started: float) -> None:
    """Write the results so far (``runs``) as JSON."""
    result = {
        "benchmark": "spark", "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                                          "spark": spark.version if spark else None},
        "spark_startup_seconds": startup, "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "total_seconds": round(time.perf_counter() - started, 1), "runs": runs,
        "throughput_rows_per_second": {
            str(r["payments"]): {"duckdb_ingest": round(r["payments"] / r["duckdb"]["ingest"]),
                                 **{f"spark_ingest_p{p}": round(r["payments"] / s["ingest"])
                                    for p, s in r["spark"].items()}} for r in runs},
    }
    out.write_text(json.dumps(result, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000])
    parser.add_argument("--partitions", type=int, nargs="+", default=[2, 8])
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results") / "spark.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="offensief-spark-bench-"))
    mapping = work / "payments.mapping.yml"
    mapping.write_text(bench_ingest.MAPPING)
    started = time.perf_counter()
    spark, startup = None, 0.0
    runs = []
    try:
        startup, spark = timed(lambda: spark_session(SparkConfig(shuffle_partitions=max(args.partitions))))
        for n in args.sizes:
            csv = work / f"payments-{n}.csv"
            bench_ingest.write_payments(csv, n)
            plain, _ = timed(lambda path=csv: duckdb.sql(f"SELECT count(*) FROM read_csv('{path}')").fetchall())
            duck = duckdb_side(work / "duck", csv, mapping)
            print(f"{n:>9,} payments  duckdb: read {plain}s ingest {duck['ingest']}s "
                  f"typologies {duck['typologies']}s components {duck['components']}s", flush=True)
            row: dict[str, Any] = {"payments": n, "plain_read_csv": plain, "duckdb": duck, "spark": {}}
            for p in args.partitions:
                side = spark_side(spark, work / "lake", csv, mapping, p)
                assert side["statements"] == duck["statements"], "engines stored different statements"
                assert side["alerts"] == duck["alerts"] and side["component_count"] == duck["component_count"]
                row["spark"][str(p)] = side
                write(args.out, [*runs, row], spark, startup, started)  # partial results survive an abort
                print(f"{'':>19}spark p={p}: ingest {side['ingest']}s typologies {side['typologies']}s "
                      f"components {side['components']}s", flush=True)
            runs.append(row)
            csv.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write(args.out, runs, spark, startup, started)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
