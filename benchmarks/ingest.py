"""Ingest throughput: payment CSV rows/s and FtM JSON lines entities/s, against the plain DuckDB
read of the same file and the naive way.

For each payment CSV size the same run measures, side by side: the plain DuckDB read
(``SELECT count(*) FROM read_csv(file)``), the Offensief ingest of that file and their ratio
(target: within 10x); at the sizes up to ``--floor-max`` also the *write floor* — the bare
``INSERT`` of the same statements (an unnest of ``read_csv`` into ``statement_rows``, whose ids are
computed when read; no validation, no entity-id hashing, no transactions) into an empty store — and the time to refuse the same file
with one bad amount on its last line. The naive way is what a notebook does: map one FtM
proxy at a time and collect its values into a pandas DataFrame. Run: ``flock /tmp/offensief-bench.lock .venv/bin/python benchmarks/ingest.py [--payments N ...]``.
Input files are generated once into ``--data`` and reused. Each load goes into a fresh
workspace on disk. Writes ``benchmarks/results/ingest.json`` with wall and CPU seconds and the
load average, since the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import orjson
import pandas as pd

from offensief.ingest import ingest_file, loader
from offensief.ingest.mapping import load_mapping
from offensief.ingest.tabular import read_csv
from offensief.model.dataset import Dataset
from offensief.model.errors import InputError
from offensief.store import Store, Workspace

MAPPING = """
payments:
  queries:
    - csv_url: payments.csv
      entities:
        payer:
          schema: BankAccount
          keys: [payer_iban]
          properties:
            iban: {column: payer_iban}
        beneficiary:
          schema: BankAccount
          keys: [beneficiary_iban]
          properties:
            iban: {column: beneficiary_iban}
        payment:
          schema: Payment
          keys: [transaction_id]
          properties:
            payerAccount: {entity: payer}
            beneficiaryAccount: {entity: beneficiary}
            amount: {column: amount}
            currency: {column: currency}
            date: {column: date}
            description: {column: channel}
"""


def _iban(expr: str) -> str:
    """SQL for a valid Dutch IBAN ``NLkkBANKnnnnnnnnnn`` (mod-97 check digits) from an integer."""
    digits = f"lpad(({expr})::VARCHAR, 10, '0')"
    check = f"lpad((98 - (('11102320' || {digits} || '232100')::HUGEINT % 97))::VARCHAR, 2, '0')"
    return f"'NL' || {check} || 'BANK' || {digits}"


def write_payments(path: Path, n: int, accounts: int = 200_000) -> None:
    """Synthetic payments written by DuckDB (fast): realistic column shapes, valid IBANs."""
    duckdb.sql(f"""
        COPY (
          SELECT 'tx' || i AS transaction_id,
                 {_iban(f"(i * 7919) % {accounts}")} AS payer_iban,
                 {_iban(f"(i * 104729 + 13) % {accounts}")} AS beneficiary_iban,
                 round(((i * 2654435761) % 1000000) / 100.0 + 1, 2)::VARCHAR AS amount,
                 'EUR' AS currency,
                 strftime(TIMESTAMP '2025-01-01' + to_seconds((i * 37) % 31536000), '%Y-%m-%dT%H:%M:%S') AS date,
                 CASE WHEN i % 50 = 0 THEN 'cash-deposit' ELSE 'transfer' END AS channel
          FROM range({n}) t(i)
        ) TO '{path}' (HEADER, DELIMITER ',')
    """)


def write_entities(path: Path, n: int) -> None:
    with path.open("wb") as fh:
        for i in range(n):
            fh.write(orjson.dumps({"id": f"p{i}", "schema": "Person", "properties": {
                "name": [f"Jan de Vries {i}"], "birthDate": [f"19{50 + i % 50}-0{1 + i % 9}-1{i % 10}"],
                "nationality": ["nl"], "address": [f"Hoofdstraat {i % 300}, 1234 AB Amsterdam"]}}) + b"\n")


def plain_read(path: Path) -> dict:
    """The plain DuckDB read of the file: wall and CPU seconds of ``count(*)`` over ``read_csv``."""
    con = duckdb.connect()
    cpu, started = time.process_time(), time.perf_counter()
    rows = con.execute("SELECT count(*) FROM read_csv(?)", [str(path)]).fetchall()[0][0]
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    con.close()
    return {"rows": int(rows), "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 2)}


def write_floor(root: Path, path: Path) -> dict:
    """The bare write of the file's 6 Payment statements a row plus one ``iban`` statement per
    distinct account into an empty store: what any statement store pays, without validation,
    FtM entity ids or the typed transactions."""
    with fresh_store(root) as store:
        unnest = ("SELECT transaction_id AS e, unnest(['amount', 'currency', 'date', 'description', 'payerAccount', "
                  "'beneficiaryAccount']) AS p, unnest([amount, currency, date, channel, payer_iban, beneficiary_iban]) "
                  "AS v FROM read_csv(?, all_varchar = true) UNION ALL SELECT DISTINCT payer_iban, 'iban', payer_iban "
                  "FROM read_csv(?, all_varchar = true)")
        cpu, started = time.process_time(), time.perf_counter()
        store.con.execute("BEGIN")
        store.con.execute("INSERT INTO statement_rows SELECT e, 'Payment', p, 'string', v, 'bank', now(), now(), "
                          f"'floor' FROM ({unnest})", [str(path), str(path)])
        store.con.execute("COMMIT")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    shutil.rmtree(root, ignore_errors=True)
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2)}


def time_to_refuse(root: Path, path: Path, mapping: Path) -> dict:
    """Seconds until a copy of ``path`` with a bad amount on its last line is refused."""
    bad = path.with_name(path.stem + "-bad.csv")
    if not bad.exists():
        shutil.copyfile(path, bad)
        with bad.open("a") as fh:
            fh.write("tx-bad,NL91ABNA0417164300,NL20INGB0001234567,\"12,5O\",EUR,2025-03-05T10:22:00,transfer\n")
    with fresh_store(root) as store:
        started = time.perf_counter()
        try:
            ingest_file(store, dataset="bank", path=bad, mapping=mapping)
            error = None
        except InputError as exc:
            error = str(exc).replace(str(bad.parent) + "/", "")
        seconds = time.perf_counter() - started
    shutil.rmtree(root, ignore_errors=True)
    return {"seconds": round(seconds, 2), "error": error}


def naive(csv_path: Path, mapping_path: Path, limit: int) -> float:
    """One FtM proxy at a time into pandas; returns rows/s."""
    queries, _ = load_mapping(mapping_path, data_file=csv_path, dataset="naive")
    started = time.perf_counter()
    rows = []
    for count, (_, record) in enumerate(read_csv(csv_path), start=1):
        for query in queries:
            for proxy in query.map(record).values():
                for prop, value in proxy.itervalues():
                    rows.append({"entity_id": proxy.id, "schema": proxy.schema.name, "prop": prop.name, "value": value})
        if count >= limit:
            break
    pd.DataFrame(rows)
    return limit / (time.perf_counter() - started)


#: DuckDB's memory limit for every store the benchmark opens (``--memory-limit``); ``None``: its default.
MEMORY_LIMIT: str | None = None


def fresh_store(root: Path) -> Store:
    shutil.rmtree(root, ignore_errors=True)
    store = Store.open(Workspace.init(root))
    if MEMORY_LIMIT:
        store.con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    store.add_dataset(Dataset.create(name="bank", partner="bank", regime="wwft", purpose="bench", collected_at="2025-01-01"))
    store.add_dataset(Dataset.create(name="police", partner="politie", regime="wpg-9", purpose="bench", collected_at="2025-01-01"))
    return store


def timed_load(root: Path, dataset: str, path: Path, mapping: Path | None = None, exact: bool = False) -> dict:
    """Load ``path`` into a fresh workspace; wall and CPU seconds, load average before and after."""
    with fresh_store(root) as store:
        before = os.getloadavg()
        cpu, started = time.process_time(), time.perf_counter()
        if exact:
            with _exact_only():
                result = ingest_file(store, dataset=dataset, path=path, mapping=mapping)
        else:
            result = ingest_file(store, dataset=dataset, path=path, mapping=mapping)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
    shutil.rmtree(root, ignore_errors=True)
    return {"records": result.records, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "statements": result.statements_added, "loadavg_before": [round(x, 2) for x in before],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()]}


@contextmanager
def _exact_only() -> Iterator[None]:
    """Switch the DuckDB fast paths off: the exact, record-at-a-time path (the state before them)."""
    saved = loader._load_compiled, loader._load_bulkjson
    loader._load_compiled = loader._load_bulkjson = lambda *a, **k: None  # type: ignore[assignment]
    try:
        yield
    finally:
        loader._load_compiled, loader._load_bulkjson = saved


def _save(out: Path, results: dict) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--payments", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--exact-entities", type=int, default=500_000)
    parser.add_argument("--naive-rows", type=int, default=20_000)
    parser.add_argument("--floor-max", type=int, default=1_000_000,
                        help="measure the write floor and the time to refuse a bad file up to this size")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "offensief-ingest-data",
                        help="where generated input files are kept and reused between runs")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "ingest.json")
    parser.add_argument("--memory-limit", help="DuckDB memory limit of the loads, e.g. 3GB (a shared machine)")
    args = parser.parse_args()
    global MEMORY_LIMIT
    MEMORY_LIMIT = args.memory_limit
    args.data.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="offensief-bench-"))
    results: dict = {"machine": platform.platform(), "cpus": os.cpu_count(), "duckdb": duckdb.__version__,
                     "memory_limit": args.memory_limit,
                     "targets": {"csv_10m_seconds": 120, "jsonl_entities_per_s": 50_000,
                                 "csv_ratio_to_plain_read": 10}, "csv": [], "jsonl": {}}
    mapping = tmp / "payments.yml"
    mapping.write_text(MAPPING)
    for n in args.payments:
        csv_path = args.data / f"payments-{n}.csv"
        if not csv_path.exists():
            write_payments(csv_path, n)
        read = plain_read(csv_path)
        entry = timed_load(tmp / "ws", "bank", csv_path, mapping)
        entry |= {"rows": n, "rows_per_s": round(n / entry["seconds"]), "file_mb": round(csv_path.stat().st_size / 1e6, 1),
                  "plain_read": read, "ratio_to_plain_read": round(entry["seconds"] / read["seconds"], 1),
                  "cpu_ratio_to_plain_read": round(entry["cpu_seconds"] / max(read["cpu_seconds"], 0.01), 1)}
        print(f"payments CSV {n:>11,} rows: {entry['seconds']:7.1f} s ({entry['cpu_seconds']:.0f} s CPU) "
              f"{entry['rows_per_s']:>10,} rows/s  load {entry['loadavg_before'][0]}; plain DuckDB read "
              f"{read['seconds']:.2f} s -> ratio {entry['ratio_to_plain_read']}x")
        if n <= args.floor_max:
            floor = write_floor(tmp / "ws", csv_path)
            entry["write_floor"] = floor | {"ratio_to_plain_read": round(floor["seconds"] / read["seconds"], 1)}
            entry["refuse_bad_last_line"] = time_to_refuse(tmp / "ws", csv_path, mapping)
            print(f"  write floor {floor['seconds']:.1f} s ({entry['write_floor']['ratio_to_plain_read']}x the read); "
                  f"bad last line refused in {entry['refuse_bad_last_line']['seconds']:.1f} s: "
                  f"{entry['refuse_bad_last_line']['error']}")
        results["csv"].append(entry)
        _save(args.out, results)  # each size as soon as it is measured: the big runs are long
    small = args.data / f"naive-{args.naive_rows}.csv"
    if not small.exists():
        write_payments(small, args.naive_rows)
    naive_rate = naive(small, mapping, args.naive_rows)
    results["naive_rows_per_s"] = round(naive_rate)
    one_m = next((e for e in results["csv"] if e["rows"] == 1_000_000), results["csv"][0])
    results["csv_speedup_vs_naive"] = round(one_m["rows_per_s"] / naive_rate, 1)
    print(f"naive (FtM proxy at a time into pandas): {naive_rate:,.0f} rows/s -> speed-up {results['csv_speedup_vs_naive']}x")
    for key, n, exact in (("jsonl", args.entities, False), ("jsonl_exact_path", args.exact_entities, True)):
        jsonl = args.data / f"entities-{n}.jsonl"
        if not jsonl.exists():
            write_entities(jsonl, n)
        entry = timed_load(tmp / "ws", "police", jsonl, exact=exact)
        entry |= {"entities": n, "entities_per_s": round(n / entry["seconds"])}
        results[key] = entry
        _save(args.out, results)
        print(f"FtM JSON lines {n:,} entities ({'exact path' if exact else 'default'}): {entry['seconds']:.1f} s "
              f"{entry['entities_per_s']:,} entities/s  load {entry['loadavg_before'][0]}")
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    _save(args.out, results)
    print(f"peak RSS {results['peak_rss_mb']} MB; results in {args.out}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
