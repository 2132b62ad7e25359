"""Finance benchmark: all typology detectors on 1M, 3M, 10M synthetic payments.

Payments are generated directly into a DuckDB ``transactions`` table (no statements): a
background of regular payments (salaries, rent, bills), card spending, one-off transfers and
cash, plus planted laundering instances (fan-in, fan-out, cycles, scatter-gather, structuring,
rapid pass-through). Each size runs in its own process so that peak memory (max RSS, which
includes DuckDB's buffers) is per size. Prints sizes, times (wall and CPU seconds, with the
machine's load average: on a shared machine wall time grows with the load), ratios to the smallest size and
planted-instance recall; writes ``benchmarks/results/finance.json``.

    .venv/bin/python benchmarks/finance.py                 # 1M and 3M
    .venv/bin/python benchmarks/finance.py --sizes 1e6 3e6 1e7 --threads 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from offensief.finance.alerts import detect_alerts
from offensief.finance.transactions import insert_transactions
from offensief.store.duckstore import Store

RESULTS = Path(__file__).parent / "results" / "finance.json"
START = datetime(2025, 1, 1)

BACKGROUND = """
INSERT INTO transaction_rows
WITH r AS (
    SELECT i, hash(i * 7919 + 17) AS h, hash(i * 104729 + 3) AS g FROM range({n}) t(i)
), b AS (
    SELECT i, h, g, h % 100 AS mix FROM r
)
SELECT concat('bg', CAST(i AS VARCHAR)) AS id,
       CASE WHEN mix < 40 THEN 400 + ((h // 100) % {pairs}) % 3000
            WHEN mix < 70 THEN 5 + (g % 15000) / 100.0
            WHEN mix < 95 THEN 20 + (g % 250000) / 100.0
            ELSE 50 + (g % 80000) / 100.0 END AS amount,
       'EUR' AS currency,
       TIMESTAMP '{start}' + to_seconds(CASE WHEN mix < 40
            THEN ((i // {pairs}) % 12) * 2592000 + ((h // 7) % 5) * 86400 + 32400
            ELSE (g // 13) % 31104000 END) AS ts,
       NULL AS payer_id, NULL AS beneficiary_id,
       CASE WHEN mix < 40 THEN concat('acc', CAST(((h // 100) % {pairs}) % {accounts} AS VARCHAR))
            WHEN mix < 95 THEN concat('acc', CAST(h % {accounts} AS VARCHAR))
            WHEN mix < 97 THEN NULL
            ELSE concat('acc', CAST(h % {accounts} AS VARCHAR)) END AS payer_account,
       CASE WHEN mix < 40 THEN concat('acc', CAST((((h // 100) % {pairs}) * 31 + 7) % {accounts} AS VARCHAR))
            WHEN mix < 70 THEN concat('shop', CAST(g % 2000 AS VARCHAR))
            WHEN mix < 95 THEN concat('acc', CAST(g % {accounts} AS VARCHAR))
            WHEN mix < 97 THEN concat('acc', CAST(h % {accounts} AS VARCHAR))
            ELSE NULL END AS beneficiary_account,
       NULL AS purpose,
       CASE WHEN mix < 40 THEN 'transfer' WHEN mix < 70 THEN 'card' WHEN mix < 95 THEN 'transfer'
            WHEN mix < 97 THEN 'cash-deposit' ELSE 'cash-withdrawal' END AS description,
       'bench' AS dataset
FROM b
"""


def planted(count: int) -> tuple[list[dict[str, Any]], dict[str, list[set[str]]]]:
    """``count`` instances of six typologies on fresh accounts."""
    rows: list[dict[str, Any]] = []
    truth: dict[str, list[set[str]]] = {}

    def pay(tag: str, src: str | None, dst: str | None, amount: float, hours: float, kind: str = "transfer",
            payer: str | None = None) -> str:
        tx = f"{tag}-{len(rows)}"
        rows.append({"id": tx, "amount": amount, "ts": START + timedelta(hours=hours), "payer_account": src,
                     "beneficiary_account": dst, "payer_id": payer, "description": kind, "dataset": "bench"})
        return tx

    for k in range(count):
        t0 = 24 * (7 + (k * 37) % 330)
        p = f"L{k}"
        truth.setdefault("fan_out", []).append({pay("fo", f"{p}fo", f"{p}fo{i}", 5000 + 97 * i, t0 + 5 * i) for i in range(7)})
        truth.setdefault("fan_in", []).append({pay("fi", f"{p}fi{i}", f"{p}fi", 6000 + 83 * i, t0 + 6 * i) for i in range(8)})
        ring = [f"{p}c{i}" for i in range(4)]
        truth.setdefault("cycle", []).append({pay("cy", ring[i], ring[(i + 1) % 4], 50000 * 0.98 ** i, t0 + 20 * i) for i in range(4)})
        sg = set()
        for i in range(5):
            sg.add(pay("sg", f"{p}sgA", f"{p}sgM{i}", 9000 + 50 * i, t0 + i))
            sg.add(pay("sg", f"{p}sgM{i}", f"{p}sgB", 8700 + 50 * i, t0 + 10 + i))
        truth.setdefault("scatter_gather", []).append(sg)
        truth.setdefault("structuring", []).append(
            {pay("st", None, f"{p}st{i % 2}", 9400 + 60 * i, t0 + 30 * i, "cash-deposit", payer=f"{p}smurf") for i in range(5)})
        pt = set()
        for i in range(3):
            pt.add(pay("pt", f"{p}ptX", f"{p}mule", 8000 + 500 * i, t0 + 40 * i))
            pt.add(pay("pt", f"{p}mule", f"{p}ptY", 7700 + 480 * i, t0 + 40 * i + 3))
        truth.setdefault("rapid_pass_through", []).append(pt)
    return rows, truth


def _cpu() -> float:
    """CPU seconds of this process (all threads): comparable when the machine is shared."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_size(n: int, threads: int) -> dict[str, Any]:
    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {threads}")
    con.execute("SET preserve_insertion_order = false")
    store = Store(con)
    store._ensure_schema()
    t = time.perf_counter()
    accounts = max(1000, n // 20)
    con.execute(BACKGROUND.format(n=n, pairs=max(100, int(n * 0.4 / 12)), accounts=accounts,
                                  start=START.isoformat(sep=" ")))
    rows, truth = planted(max(20, n // 50_000))
    insert_transactions(con, rows)
    generate_s = time.perf_counter() - t
    total = con.execute("SELECT count(*) FROM transactions").fetchall()[0][0]
    steps: dict[str, float] = {}
    steps_cpu: dict[str, float] = {}
    last: list[Any] = [time.perf_counter(), _cpu(), "prepare"]

    def tick(step: str, done: int, total_steps: int) -> None:
        now, cpu_now = time.perf_counter(), _cpu()
        steps[last[2]] = round(now - last[0], 3)
        steps_cpu[last[2]] = round(cpu_now - last[1], 3)
        last[:] = [now, cpu_now, step]

    t, cpu = time.perf_counter(), _cpu()
    load = os.getloadavg()[0]
    alerts = detect_alerts(con, progress=tick)
    detect_s = time.perf_counter() - t
    cpu_s = _cpu() - cpu
    recall = {}
    for typology, instances in truth.items():
        got = [set(a["transaction_ids"]) for a in alerts if a["typology"] == typology]
        covered = set().union(*got) if got else set()
        recall[typology] = round(sum(len(i & covered) >= 0.5 * len(i) for i in instances) / len(instances), 3)
    planted_ids = set().union(*(i for v in truth.values() for i in v))
    false_alerts = sum(1 for a in alerts if not set(a["transaction_ids"]) & planted_ids)
    return {
        "payments": int(total), "accounts": accounts, "planted_per_typology": len(next(iter(truth.values()))),
        "threads": threads, "generate_s": round(generate_s, 2), "detect_s": round(detect_s, 2),
        "detect_cpu_s": round(cpu_s, 2), "load_average": round((load + os.getloadavg()[0]) / 2, 1),
        "steps_s": steps, "steps_cpu_s": steps_cpu, "alerts": len(alerts), "alerts_on_background": false_alerts,
        "planted_recall": recall,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="*", type=float, default=[1e6, 3e6])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(int(args.one), args.threads)))
        return
    runs = []
    for size in args.sizes:
        proc = subprocess.run([sys.executable, __file__, "--one", str(size), "--threads", str(args.threads)],
                              check=False, capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-2000:], file=sys.stderr)
            runs.append({"payments": int(size), "error": proc.stderr.strip().splitlines()[-1:]})
            continue
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        runs.append(result)
        print(f"{result['payments']:>11,} payments  detect {result['detect_s']:7.1f} s "
              f"({result['detect_cpu_s']:.1f} CPU s, load {result['load_average']})  "
              f"peak {result['peak_rss_mb']:8.0f} MB  alerts {result['alerts']:6}  "
              f"on background {result['alerts_on_background']:5}  recall {result['planted_recall']}")
    ok = [r for r in runs if "detect_s" in r]
    if ok:
        base = ok[0]
        for r in ok:
            r["size_ratio"] = round(r["payments"] / base["payments"], 2)
            r["time_ratio"] = round(r["detect_s"] / base["detect_s"], 2)
            r["us_per_payment"] = round(1e6 * r["detect_s"] / r["payments"], 2)
        print("size ratio / time ratio:", [(r["size_ratio"], r["time_ratio"]) for r in ok])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    by_size = {r["payments"]: r for r in previous.get("runs", [])}
    by_size.update({r["payments"]: r for r in runs})
    RESULTS.write_text(json.dumps({"benchmark": "finance typology detectors", "machine": "2 cores shared",
                                   "measured_at": datetime.now().isoformat(timespec="seconds"),
                                   "runs": [by_size[k] for k in sorted(by_size)]}, indent=2) + "\n")


if __name__ == "__main__":
    main()
