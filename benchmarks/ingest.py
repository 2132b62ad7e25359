"""Ingest throughput: payment CSV rows/s and FtM JSON lines entities/s, against the naive way.

The naive way is what a notebook does: map one FtM proxy at a time and collect its values
into a pandas DataFrame. Run: ``.venv/bin/python benchmarks/ingest.py [--payments N]``.
Writes ``benchmarks/results/ingest.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

import duckdb
import orjson
import pandas as pd
from followthemoney import model

from offensief.ingest import ingest_file
from offensief.ingest.mapping import load_mapping
from offensief.ingest.tabular import read_csv
from offensief.model.dataset import Dataset
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


def fresh_store(root: Path) -> Store:
    shutil.rmtree(root, ignore_errors=True)
    store = Store.open(Workspace.init(root))
    store.add_dataset(Dataset.create(name="bank", partner="bank", regime="wwft", purpose="bench", collected_at="2025-01-01"))
    store.add_dataset(Dataset.create(name="police", partner="politie", regime="wpg-9", purpose="bench", collected_at="2025-01-01"))
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--payments", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--naive-rows", type=int, default=20_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "ingest.json")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="offensief-bench-"))
    results: dict = {"machine": platform.platform(), "cpus": __import__("os").cpu_count(), "csv": [], "jsonl": {}}
    mapping = tmp / "payments.yml"
    mapping.write_text(MAPPING)
    for n in args.payments:
        csv_path = tmp / f"payments-{n}.csv"
        write_payments(csv_path, n)
        with fresh_store(tmp / f"ws-{n}") as store:
            started = time.perf_counter()
            result = ingest_file(store, dataset="bank", path=csv_path, mapping=mapping)
            seconds = time.perf_counter() - started
        entry = {"rows": n, "seconds": round(seconds, 2), "rows_per_s": round(n / seconds),
                 "statements": result.statements_added, "file_mb": round(csv_path.stat().st_size / 1e6, 1)}
        print(f"payments CSV {n:>11,} rows: {seconds:7.1f} s  {n / seconds:>10,.0f} rows/s")
        results["csv"].append(entry)
        csv_path.unlink()
    small = tmp / "naive.csv"
    write_payments(small, args.naive_rows)
    naive_rate = naive(small, mapping, args.naive_rows)
    results["naive_rows_per_s"] = round(naive_rate)
    results["csv_speedup_vs_naive"] = round(results["csv"][-1]["rows_per_s"] / naive_rate, 1)
    print(f"naive (FtM proxy at a time into pandas): {naive_rate:,.0f} rows/s → speed-up {results['csv_speedup_vs_naive']}×")
    jsonl = tmp / "entities.jsonl"
    write_entities(jsonl, args.entities)
    with fresh_store(tmp / "ws-jsonl") as store:
        started = time.perf_counter()
        ingest_file(store, dataset="police", path=jsonl)
        seconds = time.perf_counter() - started
    results["jsonl"] = {"entities": args.entities, "seconds": round(seconds, 2), "entities_per_s": round(args.entities / seconds)}
    print(f"FtM JSON lines {args.entities:,} entities: {seconds:.1f} s  {args.entities / seconds:,.0f} entities/s")
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(f"peak RSS {results['peak_rss_mb']} MB; results in {args.out}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
