"""The Spark engine's scaling curve on this machine, beside the embedded DuckDB engine.

For growing numbers of payments and Spark partition counts it runs, on both engines: ingest
of one payments CSV through an FtM mapping (CSV → statements with the same ids), all
typology detectors on the ingested payments, and connected components of the account graph;
plus DuckDB's plain ``read_csv`` of the file as the floor. The payments are the finance
benchmark's world (``benchmarks/finance.py``: regular background plus planted fan-in,
fan-out, cycles, scatter-gather, structuring and pass-through), written as CSV, so the
detectors have alerts to agree on.

At every point the engines must agree: statement count, a digest of the statement ids and
one of the whole statements, the alert list (a digest of typology, payments, score and
explanation) and the component sizes. A difference is written into the JSON (``equal``),
the run goes on, and the process exits with status 1 at the end.

Each step reports wall seconds and the CPU seconds of the whole process tree (the JVM and
its Python workers are children of this process; ``benchmarks/measure.py``) and the load
average before and after, since the machine is shared. The Spark session start is measured
once, on its own. ``--time-budget`` bounds the run: Spark jobs still running at the deadline
are cancelled, the point is written as stopped, and the run ends; results are written after
every step. Spark runs ``local[*]``; a cluster divides its times by the executors it adds
(docs/scale.md turns these numbers into a capacity plan).

    nice -n 10 .venv/bin/python benchmarks/spark.py --sizes 5000 50000 500000 2000000 \\
        --partitions 2 8 --time-budget 3600

Writes ``benchmarks/results/spark.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
import igraph as ig

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `benchmarks` as a package

from benchmarks import finance as bench_finance
from benchmarks.measure import BudgetExceeded, Span, loadavg, measured, spark_budget

from offensief.finance.alerts import detect_alerts
from offensief.finance.transactions import insert_transactions
from offensief.ingest import ingest_file
from offensief.model.dataset import Dataset
from offensief.store import Store, Workspace

RESULTS = Path(__file__).parent / "results" / "spark.json"

#: The finance world's payments as a partner CSV: accounts by number, the cash depositor as a person.
MAPPING = """
payments:
  queries:
    - csv_url: payments.csv
      entities:
        payer:
          schema: BankAccount
          keys: [payer_account]
          properties:
            accountNumber: {column: payer_account}
        beneficiary:
          schema: BankAccount
          keys: [beneficiary_account]
          properties:
            accountNumber: {column: beneficiary_account}
        depositor:
          schema: Person
          keys: [payer_person]
          properties:
            name: {column: payer_person}
        payment:
          schema: Payment
          keys: [transaction_id]
          properties:
            payer: {entity: depositor}
            payerAccount: {entity: payer}
            beneficiaryAccount: {entity: beneficiary}
            amount: {column: amount}
            currency: {column: currency}
            date: {column: date}
            description: {column: channel}
"""

#: Order-independent digests, computed by DuckDB over the DuckDB store or the lake's Parquet.
#: The id as a number on both (the lake keeps its decimal text): DuckDB 2.0 turns a UHUGEINT
#: into text at about 45 µs a value, and text into a UHUGEINT fast.
_DIGESTS = """
SELECT count(*) AS statements,
       bit_xor(hash(id::UHUGEINT)) AS ids,
       bit_xor(hash(id::UHUGEINT, entity_id, schema, prop, prop_type, value)) AS content
FROM statements WHERE dataset = 'bank'
"""


# -- the workload ---------------------------------------------------------------------------

def finance_world(n: int, threads: int = 2) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB whose ``transactions`` hold ``benchmarks/finance.py``'s world of
    about ``n`` payments (the same background formula, sizes and planted instances)."""
    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {threads}")
    Store(con)._ensure_schema()
    con.execute(bench_finance.BACKGROUND.format(
        n=n, pairs=max(100, int(n * 0.4 / 12)), accounts=max(1000, n // 20),
        start=bench_finance.START.isoformat(sep=" ")))
    rows, _truth = bench_finance.planted(max(20, n // 50_000))
    insert_transactions(con, rows)
    return con


def write_payments(path: Path, n: int) -> int:
    """The finance world of about ``n`` payments as a partner CSV; returns its rows."""
    con = finance_world(n)
    con.execute(f"""
        COPY (SELECT id AS transaction_id, payer_account, beneficiary_account, payer_id AS payer_person,
                     round(amount, 2)::VARCHAR AS amount, currency,
                     strftime(ts, '%Y-%m-%dT%H:%M:%S') AS date, description AS channel
              FROM transactions ORDER BY id) TO '{path}' (HEADER, DELIMITER ',')""")
    rows = con.execute("SELECT count(*) FROM transactions").fetchall()[0][0]
    con.close()
    return int(rows)


def plain_read(path: Path) -> int:
    """The floor: DuckDB's plain ``read_csv`` of the file, counted."""
    con = duckdb.connect()
    rows = con.execute("SELECT count(*) FROM read_csv(?)", [str(path)]).fetchall()[0][0]
    con.close()
    return int(rows)


# -- what both engines must agree on --------------------------------------------------------

def _canonical(value: Any) -> Any:
    """Alerts in a form that compares across engines: floats to 6 decimals, lists of plain
    values (payment ids, accounts) sorted, keys sorted by ``json.dumps``."""
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        items = [_canonical(v) for v in value]
        if all(isinstance(v, str | int | float) or v is None for v in items):
            return sorted(items, key=lambda v: (v is None, str(v)))
        return items
    return value


def alerts_digest(alerts: list[dict[str, Any]]) -> dict[str, Any]:
    """Count, count per typology and a digest of the whole (ordered by content) alert list."""
    texts = sorted(json.dumps(_canonical(a), sort_keys=True, default=str) for a in alerts)
    return {"alerts": len(alerts), "by_typology": dict(sorted(Counter(a["typology"] for a in alerts).items())),
            "alerts_digest": hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]}


def sizes_digest(sizes: list[int]) -> dict[str, Any]:
    return {"components": len(sizes), "largest": max(sizes, default=0),
            "sizes_digest": hashlib.sha256(",".join(map(str, sorted(sizes))).encode()).hexdigest()[:16]}


def statement_digests(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    count, ids, content = con.execute(_DIGESTS).fetchall()[0]
    return {"statements": int(count), "ids_digest": str(ids), "content_digest": str(content)}


#: What each step measures that both engines must agree on.
CHECKS = {"statements": ("ingest", ("statements",)), "ids": ("ingest", ("ids_digest",)),
          "content": ("ingest", ("content_digest",)),
          "alerts": ("typologies", ("alerts", "by_typology", "alerts_digest")),
          "components": ("components", ("components", "largest", "sizes_digest"))}
STEPS = ("ingest", "typologies", "components")


def compare(duck: dict[str, Any], spark: dict[str, Any]) -> dict[str, bool | None]:
    """Which of statements, ids, whole statements, alerts and components the engines agree on
    (None: the Spark step that measures it was not asked for or was stopped; ``spark["done"]``
    lists the steps it finished)."""
    done = spark.get("done", STEPS)
    return {name: (all(k in duck and k in spark and duck[k] == spark[k] for k in keys) if step in done else None)
            for name, (step, keys) in CHECKS.items()}


# -- the two engines ------------------------------------------------------------------------

def duckdb_side(root: Path, csv: Path, mapping: Path) -> dict[str, Any]:
    """Ingest, all typologies and account components on the embedded engine."""
    shutil.rmtree(root, ignore_errors=True)
    out: dict[str, Any] = {}
    with Store.open(Workspace.init(root)) as store:
        store.add_dataset(Dataset.create(name="bank", partner="bank", regime="wwft", purpose="bench",
                                         collected_at="2025-01-01"))
        out["ingest"], _ = measured(lambda: ingest_file(store, dataset="bank", path=csv, mapping=mapping))
        out |= statement_digests(store.con)
        out["typologies"], alerts = measured(lambda: detect_alerts(store.con))
        out |= alerts_digest(alerts)

        def components() -> list[int]:
            rows = store.con.execute("SELECT payer_account, beneficiary_account FROM transactions WHERE "
                                     "payer_account IS NOT NULL AND beneficiary_account IS NOT NULL").fetchall()
            return ig.Graph.TupleList(rows, directed=False).connected_components().sizes()

        out["components_step"], sizes = measured(components)
        out |= sizes_digest(sizes)
    shutil.rmtree(root, ignore_errors=True)
    return out


def spark_side(spark: Any, root: Path, csv: Path, mapping: Path, partitions: int,
               deadline: float | None, steps: tuple[str, ...] = STEPS) -> dict[str, Any]:
    """The same steps on Spark with ``partitions`` (ingest always: the others read its lake);
    a step still running at ``deadline`` (``time.perf_counter()``) is cancelled and the result
    says ``stopped``; ``done`` lists the steps that finished."""
    from pyspark.sql import functions as F

    from offensief.finance.spark import SparkEngine
    from offensief.ingest.spark import ingest_file_spark
    from offensief.network.spark import connected_components
    from offensief.store.spark.lake import Lake

    shutil.rmtree(root, ignore_errors=True)
    spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
    lake = Lake(spark, root)
    out: dict[str, Any] = {"partitions": partitions, "done": []}

    def left() -> float | None:
        return None if deadline is None else deadline - time.perf_counter()

    def ingest() -> None:
        ingest_file_spark(lake, dataset="bank", path=csv, mapping=mapping, partitions=partitions)

    def typologies() -> list[dict[str, Any]]:
        lake.register(["bank"])
        con = lake.duckdb(["bank"])
        return detect_alerts(con, engine=SparkEngine(spark, con))

    def components() -> list[int]:
        edges = lake.table("transactions").where("payer_account IS NOT NULL AND beneficiary_account IS NOT NULL") \
            .selectExpr("payer_account AS src", "beneficiary_account AS dst").repartition(partitions)
        labels = connected_components(edges)
        return [int(r["size"]) for r in labels.groupBy("component").agg(F.count("*").alias("size")).collect()]

    def statements(_: None) -> dict[str, Any]:
        return statement_digests(lake.duckdb(["bank"]))

    # step → (what it runs, the key its time is written under, the digest of its output)
    plan = {"ingest": (ingest, "ingest", statements),
            "typologies": (typologies, "typologies", alerts_digest),
            "components": (components, "components_step", sizes_digest)}
    step = "ingest"
    try:
        for step, (run, key, digest) in plan.items():
            if step != "ingest" and step not in steps:
                continue
            with spark_budget(spark, left()):
                out[key], output = measured(run)
            out |= digest(output)
            out["done"].append(step)
    except BudgetExceeded as exc:
        out["stopped"] = f"{step}: {exc}"
    finally:
        spark.catalog.clearCache()
        shutil.rmtree(root, ignore_errors=True)
    return out


# -- the run --------------------------------------------------------------------------------

def write(out: Path, result: dict[str, Any]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


def _line(name: str, side: dict[str, Any]) -> str:
    steps = [f"{k} {side[k]['seconds']}s ({side[k]['cpu_seconds']} CPU)"
             for k in ("ingest", "typologies", "components_step") if k in side]
    return f"  {name}: " + ", ".join(steps) + (f"  STOPPED {side['stopped']}" if "stopped" in side else "")


def run(sizes: list[int], partitions: list[int], *, out: Path, time_budget: float | None,
        work: Path, driver_memory: str = "4g", steps: tuple[str, ...] = STEPS) -> dict[str, Any]:
    """The curve; written to ``out`` after every step. Returns the result."""
    from offensief.store.spark import SparkConfig, spark_session

    started = time.perf_counter()
    deadline = None if time_budget is None else started + time_budget
    mapping = work / "payments.mapping.yml"
    mapping.write_text(MAPPING)
    result: dict[str, Any] = {
        "benchmark": "spark", "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                                          "duckdb": duckdb.__version__, "platform": platform.platform()},
        "sizes": sizes, "partitions": partitions, "steps": list(steps), "time_budget_seconds": time_budget,
        "loadavg_start": loadavg(), "runs": [], "differences": [], "complete": False}
    span = Span.start()
    spark = spark_session(SparkConfig(shuffle_partitions=max(partitions), driver_memory=driver_memory))
    result["spark_session_start"] = span.stop()
    result["machine"]["spark"] = spark.version
    write(out, result)
    print(f"spark session {result['spark_session_start']['seconds']} s "
          f"({result['spark_session_start']['cpu_seconds']} CPU s)", flush=True)
    stopped = False
    for n in sizes:
        if deadline is not None and time.perf_counter() >= deadline:
            result["stopped"] = f"time budget of {time_budget} s reached before {n} payments"
            break
        csv = work / f"payments-{n}.csv"
        rows = write_payments(csv, n)
        point: dict[str, Any] = {"payments": rows, "requested": n, "file_mb": round(csv.stat().st_size / 1e6, 1)}
        point["plain_read_csv"], _ = measured(partial(plain_read, csv))
        point["duckdb"] = duckdb_side(work / "duck", csv, mapping)
        point["spark"], point["equal"] = {}, {}
        result["runs"].append(point)
        write(out, result)
        print(f"{rows:>9,} payments  plain read {point['plain_read_csv']['seconds']}s, load {loadavg()}", flush=True)
        print(_line("duckdb", point["duckdb"]), flush=True)
        for p in partitions:
            side = spark_side(spark, work / "lake", csv, mapping, p, deadline, steps)
            point["spark"][str(p)] = side
            equal = compare(point["duckdb"], side)
            point["equal"][str(p)] = equal
            result["differences"] += [f"{rows} payments, {p} partitions: {k}" for k, ok in equal.items()
                                      if ok is False]
            if "stopped" in side:
                stopped = True
                result["stopped"] = f"time budget: {rows} payments, {p} partitions, {side['stopped']}"
            write(out, result)
            print(_line(f"spark p={p}", side), flush=True)
            if stopped:
                break
        csv.unlink()
        if stopped:
            break
    result["complete"] = not stopped and "stopped" not in result
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    result["loadavg_end"] = loadavg()
    write(out, result)
    return result


def table(result: dict[str, Any]) -> str:
    """The curve as a Markdown table (docs/scale.md): wall s (CPU s of the process tree) per step."""

    def cell(side: dict[str, Any], step: str) -> str:
        span = side.get(step)
        return f"{span['seconds']:g} ({span['cpu_seconds']:g})" if span else "stopped" if "stopped" in side else "-"

    lines = ["| payments | engine | ingest | all typologies | components | equal | load avg |",
             "|---:|---|---:|---:|---:|---|---|"]
    for point in result["runs"]:
        load = point["plain_read_csv"]["loadavg_before"][0]
        lines.append(f"| {point['payments']:,} | DuckDB read_csv | {cell(point, 'plain_read_csv')} | | | | {load} |")
        lines.append(f"| | DuckDB | {cell(point['duckdb'], 'ingest')} | {cell(point['duckdb'], 'typologies')} | "
                     f"{cell(point['duckdb'], 'components_step')} | | |")
        for p, side in point["spark"].items():
            equal = point["equal"].get(p, {})
            said = ", ".join(k for k, ok in equal.items() if ok) or "-"
            differ = ", ".join(k for k, ok in equal.items() if ok is False)
            load = side.get("ingest", {}).get("loadavg_before", [""])[0]
            lines.append(f"| | Spark, {p} partitions | {cell(side, 'ingest')} | {cell(side, 'typologies')} | "
                         f"{cell(side, 'components_step')} | {said}{' — DIFFER: ' + differ if differ else ''} | "
                         f"{load} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 50_000, 500_000, 2_000_000])
    parser.add_argument("--partitions", type=int, nargs="+", default=[2, 8])
    parser.add_argument("--time-budget", type=float, default=None,
                        help="seconds for the whole run; Spark jobs running at the deadline are cancelled")
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS),
                        help="Spark steps to run (ingest always runs; DuckDB runs all three)")
    parser.add_argument("--driver-memory", default="4g")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--table", action="store_true", help="print --out as a Markdown table and stop")
    args = parser.parse_args()
    if args.table:
        print(table(json.loads(args.out.read_text())))
        return
    work = Path(tempfile.mkdtemp(prefix="offensief-spark-bench-"))
    try:
        result = run(args.sizes, args.partitions, out=args.out, time_budget=args.time_budget, work=work,
                     driver_memory=args.driver_memory, steps=tuple(args.steps))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {args.out}")
    if result["differences"]:
        print("ENGINES DIFFER: " + "; ".join(result["differences"]), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
